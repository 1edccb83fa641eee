//! Everything the four Lambda functions share, split by domain:
//!
//! - [`web`]: the one place a handler's result becomes an HTTP response (errors, panics,
//!   security headers, HTML or JSON), and the Lambda entry point every `main.rs` calls.
//! - [`error`]: the app-wide [`Error`] and [`Result`].
//! - [`telemetry`]: logging set-up (JSON in Lambda, text locally).
//! - [`config`] and [`db`]: settings from the environment and all DynamoDB access.
//! - [`assets`] and [`pages`]: the embedded static files and the askama page types.
//! - [`health`], [`links`], [`accounts`], [`redirect`]: each function's routes.

pub mod accounts;
pub mod assets;
pub mod config;
pub mod db;
pub mod error;
pub mod health;
pub mod links;
pub mod pages;
pub mod redirect;
pub mod telemetry;
pub mod web;

pub use error::{Error, Result};
