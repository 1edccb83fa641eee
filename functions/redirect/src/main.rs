use shared::config::Config;
use shared::db::Table;
use shared::redirect::Redirect;
use shared::{telemetry, web};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init();
    let config = Config::from_env()?;
    // The first redirect must not pay for connecting to DynamoDB: open the connection now.
    let redirect = Redirect::new(Table::connect_warm(&config).await, &config);
    web::run(|request| redirect.handle(request)).await
}
