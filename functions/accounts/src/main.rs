use shared::{accounts, telemetry, web};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init();
    web::run(accounts::handle).await
}
