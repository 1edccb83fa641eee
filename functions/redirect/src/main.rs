use shared::{redirect, telemetry, web};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init();
    web::run(redirect::handle).await
}
