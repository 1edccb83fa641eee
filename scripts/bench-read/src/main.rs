//! The least a redirect can do, as a function: the redirect's own read
//! ([`ClickStore::find`] for a person: one consistent `BatchGetItem` of a random counter shard
//! and the visitor's marker of the day) on a table opened
//! and warmed up in init as the redirect does ([`Table::connect_warm`]), then a `302` to the
//! target it holds. No routing, no logging, no click recorded. Whatever this function
//! measures against a bare `GetItem` is what the Lambda protocol and this machine cost, and no
//! redirect can do better; the bench prints it beside each redirect target.

use lambda_http::{Body, Error, Request, Response, service_fn};
use shared::config::Config;
use shared::db::Table;
use shared::redirect::ClickStore;
use shared::redirect::visitor::{DayKey, VisitorId};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let table = Table::connect_warm(&Config::from_env()?).await?;
    let table = &table;
    // A person's read, as the redirect makes it once it holds the day's key: the counter shard
    // and the visitor's marker in one request.
    let key = DayKey::generate(shared::links::stats::utc_day(shared::now_ms()));
    let visitor = VisitorId::of(&key, std::net::Ipv4Addr::new(192, 0, 2, 1).into(), "bench");
    let visitor = &visitor;
    lambda_http::run(service_fn(|request: Request| async move {
        // `/{owner}/{slug}/`: the bench only ever asks for its own seeded link.
        let mut parts = request.uri().path().trim_matches('/').split('/');
        let (owner, slug) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
        let found = table
            .find(owner, slug, Some(visitor))
            .await?
            .ok_or("the bench link is missing")?;
        Ok::<_, Error>(
            Response::builder()
                .status(302)
                .header("location", found.target)
                .header("cache-control", "private, no-store")
                .body(Body::Empty)?,
        )
    }))
    .await
}
