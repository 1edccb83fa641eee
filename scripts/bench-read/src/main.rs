//! The least a redirect can do, as a function: the redirect's one read (a consistent `GetItem`
//! of a random counter shard, with the same SDK client, warmed up in init the same way), then
//! a `302` to the target it holds. No routing, no logging, no click recorded. Whatever this
//! function measures against a bare `GetItem` is what the Lambda protocol and this machine
//! cost, and no redirect can do better; the bench prints it beside each redirect target.

use std::hash::{BuildHasher, RandomState};
use std::time::Instant;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::AttributeValue;
use lambda_http::{Body, Error, Request, Response, service_fn};

/// Set by the bench: the counter shard keys of its seeded link are `<prefix><shard>`.
const PREFIX_VARIABLE: &str = "BENCH_READ_PK_PREFIX";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let table = std::env::var("TABLE_NAME")?;
    let prefix = std::env::var(PREFIX_VARIABLE)?;
    let client = Client::new(&shared::db::sdk_loader().load().await);
    // As the redirect's init does: the connection is opened by one read before the first event.
    read(&client, &table, &prefix, 0).await?;
    let (client, table, prefix) = (&client, table.as_str(), prefix.as_str());
    lambda_http::run(service_fn(|_: Request| async move {
        let shard = RandomState::new().hash_one(Instant::now()) as usize % shared::db::COUNTER_SHARDS;
        let target = read(client, table, prefix, shard).await?;
        Ok::<_, Error>(
            Response::builder()
                .status(302)
                .header("location", target)
                .header("cache-control", "private, no-store")
                .body(Body::Empty)?,
        )
    }))
    .await
}

async fn read(client: &Client, table: &str, prefix: &str, shard: usize) -> Result<String, Error> {
    let item = client
        .get_item()
        .table_name(table)
        .key("pk", AttributeValue::S(format!("{prefix}{shard}")))
        .key("sk", AttributeValue::S("HITS".into()))
        .consistent_read(true)
        .projection_expression("target")
        .send()
        .await?
        .item
        .ok_or("the bench link's counter shard is missing")?;
    match item.get("target") {
        Some(AttributeValue::S(target)) => Ok(target.clone()),
        _ => Err("the counter shard holds no target".into()),
    }
}
