use shared::config::Config;
use shared::db::Table;
use shared::metrics::Metric;
use shared::redirect::Redirect;
use shared::web::AfterResponse;
use shared::{telemetry, web};

// One event at a time on at most one vCPU: no worker threads to start (BENCHMARKS.md).
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init();
    let config = Config::from_env()?;
    // The first redirect must not pay for connecting to DynamoDB: open the connection now.
    let table = Table::connect_warm(&config).await?;
    // Its after-response work is a click's write: cut off, it is a click not recorded.
    let after =
        AfterResponse::new(config.after_response_deadline).counting_abandoned_as(Metric::ClicksNotRecorded);
    let redirect = Redirect::new(table, &config, after.clone());
    web::run(|request| redirect.handle(request), after).await
}
