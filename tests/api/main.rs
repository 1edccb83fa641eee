//! Black-box tests of the four functions, through HTTP, against DynamoDB Local.
//! Run them with `make test` (it starts DynamoDB Local and builds the functions first).

mod account_deletion;
mod accounts;
mod analytics;
mod api;
mod browser;
mod errors;
mod expiry;
mod export_links;
mod health;
mod helpers;
mod iam;
mod import;
mod links;
mod logging;
mod memory;
mod qr;
mod redirect;
mod routes;
mod schema;
mod self_service;
mod static_files;
mod tags;
mod tokens;
mod workflows;
