use shared::config::Config;
use shared::db::Table;
use shared::links::{Links, purge};
use shared::{telemetry, web};

// One event at a time on at most one vCPU: no worker threads to start (BENCHMARKS.md).
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init();
    let config = Config::from_env()?;
    let table = Table::connect(&config).await?;
    let links = Links::new(table.clone(), &config)?;
    // EventBridge's schedule: removing deleted accounts' links (`links::purge`).
    let scheduled = |deadline| purge::scheduled(&table, deadline);
    web::run_with_schedule(|request| links.handle(request), scheduled, Default::default()).await
}
