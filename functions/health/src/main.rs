use shared::config::Config;
use shared::db::Table;
use shared::health::Health;
use shared::{telemetry, web};

// One event at a time on at most one vCPU: no worker threads to start (BENCHMARKS.md).
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init();
    let config = Config::from_env()?;
    let health = Health::new(Table::connect(&config).await?);
    web::run(|request| health.handle(request), Default::default()).await
}
