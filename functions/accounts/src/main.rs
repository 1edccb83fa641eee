use shared::accounts::Accounts;
use shared::config::Config;
use shared::db::Table;
use shared::{telemetry, web};

// One event at a time on at most one vCPU: no worker threads to start (BENCHMARKS.md).
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init();
    let config = Config::from_env()?;
    let accounts = Accounts::new(Table::connect(&config).await?, &config);
    web::run(|request| accounts.handle(request), Default::default()).await
}
