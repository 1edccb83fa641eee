use shared::accounts::Accounts;
use shared::config::Config;
use shared::db::{self, Table};
use shared::email::Mailer;
use shared::web::AfterResponse;
use shared::{telemetry, web};

// One event at a time on at most one vCPU: no worker threads to start (BENCHMARKS.md).
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init();
    let config = Config::from_env()?;
    let after = AfterResponse::new(config.after_response_deadline);
    // One SDK configuration for the table's client and the email's.
    let sdk = db::load_sdk(&config).await;
    let mailer = Mailer::new(&config.email, &sdk);
    let accounts = Accounts::new(Table::with_sdk(&sdk, &config)?, &config, mailer, after.clone());
    web::run(|request| accounts.handle(request), after).await
}
