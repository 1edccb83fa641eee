use shared::{links, telemetry, web};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init();
    web::run(links::handle).await
}
