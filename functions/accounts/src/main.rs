use shared::accounts::Accounts;
use shared::config::Config;
use shared::db::Table;
use shared::email::Mailer;
use shared::web::AfterResponse;
use shared::{telemetry, web};

// One event at a time on at most one vCPU: no worker threads to start (BENCHMARKS.md).
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init();
    let config = Config::from_env()?;
    let after = AfterResponse::new(config.after_response_deadline);
    let mailer = Mailer::connect(&config.email, config.tls_native_roots).await;
    let accounts = Accounts::new(Table::connect(&config).await?, &config, mailer, after.clone());
    web::run(|request| accounts.handle(request), after).await
}
