//! The least a redirect can do, as a function: the redirect's own read
//! ([`ClickStore::find`]: a consistent `GetItem` of a random counter shard) on a table opened
//! and warmed up in init as the redirect does ([`Table::connect_warm`]), then a `302` to the
//! target it holds. No routing, no logging, no click recorded. Whatever this function
//! measures against a bare `GetItem` is what the Lambda protocol and this machine cost, and no
//! redirect can do better; the bench prints it beside each redirect target.

use lambda_http::{Body, Error, Request, Response, service_fn};
use shared::config::Config;
use shared::db::Table;
use shared::redirect::ClickStore;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let table = Table::connect_warm(&Config::from_env()?).await?;
    let table = &table;
    lambda_http::run(service_fn(|request: Request| async move {
        // `/{owner}/{slug}/`: the bench only ever asks for its own seeded link.
        let mut parts = request.uri().path().trim_matches('/').split('/');
        let (owner, slug) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
        let found = table
            .find(owner, slug)
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
