use std::time::{Duration, Instant};

use serde_json::Value;

use crate::helpers::{
    Switch, black_hole, closed_port, dynamodb_endpoint, spawn_app, spawn_app_with_database,
};

/// Monitors and Route 53 give up after 2 s.
const MONITOR_PATIENCE: Duration = Duration::from_secs(2);

#[tokio::test]
async fn health_is_200_json_when_the_database_answers() {
    let app = spawn_app().await;

    let response = app.get("/health/").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "healthy");
    assert_eq!(body["database"], "connected");
    assert!(body["version"].is_string());
    assert!(body["check_ms"].as_u64().unwrap() < 1000);
}

#[tokio::test]
async fn health_answers_head_without_a_body() {
    let app = spawn_app().await;

    let response = app.client.head(app.url("/health/")).send().await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert!(response.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn health_refuses_other_methods_with_405() {
    let app = spawn_app().await;

    for method in [
        reqwest::Method::POST,
        reqwest::Method::PUT,
        reqwest::Method::DELETE,
    ] {
        let response = app
            .client
            .request(method.clone(), app.url("/health/"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405, "{method}");
        assert_eq!(response.headers()["allow"], "GET, HEAD");
    }
}

async fn assert_unhealthy_in_time(app: &crate::helpers::TestApp) {
    let started = Instant::now();
    let response = app.get("/health/").await;
    let elapsed = started.elapsed();

    assert_eq!(response.status(), 503);
    assert!(elapsed < MONITOR_PATIENCE, "took {elapsed:?}");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "unhealthy");
    assert_eq!(body["database"], "disconnected");
}

#[tokio::test]
async fn health_is_503_within_two_seconds_when_the_database_refuses_connections() {
    let app = spawn_app_with_database(&format!("http://127.0.0.1:{}", closed_port().await)).await;
    assert_unhealthy_in_time(&app).await;
}

#[tokio::test]
async fn health_is_503_within_two_seconds_when_the_database_hangs() {
    let app = spawn_app_with_database(&format!("http://127.0.0.1:{}", black_hole().await)).await;
    assert_unhealthy_in_time(&app).await;
}

#[tokio::test]
async fn health_recovers_by_itself_when_the_database_returns() {
    let target = dynamodb_endpoint().trim_start_matches("http://").to_string();
    let database = Switch::start(target).await;
    let app = spawn_app_with_database(&database.endpoint()).await;
    assert_eq!(app.get("/health/").await.status(), 200);

    database.down();
    assert_unhealthy_in_time(&app).await;

    database.up();
    assert_eq!(app.get("/health/").await.status(), 200);
}

/// `make smoke` (monitoring/smoke.mjs) run against the app as CI and operators run it.
async fn smoke(app: &crate::helpers::TestApp) -> std::process::Output {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../monitoring/smoke.mjs");
    tokio::process::Command::new("node")
        .arg(script)
        .arg(&app.api.url)
        .output()
        .await
        .expect("node runs the smoke command")
}

#[tokio::test]
async fn the_smoke_command_passes_on_a_healthy_app_and_names_the_failure_otherwise() {
    let database = Switch::start(dynamodb_endpoint().trim_start_matches("http://").to_string()).await;
    let app = spawn_app_with_database(&database.endpoint()).await;

    let healthy = smoke(&app).await;
    let out = String::from_utf8_lossy(&healthy.stdout);
    assert!(
        healthy.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&healthy.stderr)
    );
    assert!(
        out.contains("static asset") && out.contains("immutable, brotli") && out.contains("branded 404"),
        "{out}"
    );

    database.down();
    let down = smoke(&app).await;
    let err = String::from_utf8_lossy(&down.stderr);
    assert_eq!(down.status.code(), Some(1));
    assert!(err.contains("FAIL GET /health/ answered 503"), "{err}");
}

/// The canary's own script (template.yaml), run with Node against the local app, with a
/// stand-in for the Synthetics logger: it passes, and fails when the database is down.
#[tokio::test]
async fn the_canary_script_passes_on_a_healthy_app_and_fails_otherwise() {
    let template = xtask::project::template();
    let script = template["Resources"]["Canary"]["Properties"]["Code"]["Script"]
        .as_str()
        .unwrap()
        .to_string();
    let dir = std::env::temp_dir().join(format!("snip-canary-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("node_modules/@aws/synthetics-logger")).unwrap();
    std::fs::write(dir.join("index.js"), script).unwrap();
    std::fs::write(
        dir.join("node_modules/@aws/synthetics-logger/index.js"),
        "module.exports = { info: (m) => console.log(m) };",
    )
    .unwrap();
    let database = Switch::start(dynamodb_endpoint().trim_start_matches("http://").to_string()).await;
    let app = spawn_app_with_database(&database.endpoint()).await;
    let run = || {
        tokio::process::Command::new("node")
            .current_dir(&dir)
            .env("SITE_URL", &app.api.url)
            .args([
                "-e",
                "require('./index.js').handler().then(() => console.log('canary passed'))",
            ])
            .output()
    };

    let healthy = run().await.unwrap();
    let out = String::from_utf8_lossy(&healthy.stdout);
    assert!(
        healthy.status.success() && out.contains("canary passed"),
        "{out}{}",
        String::from_utf8_lossy(&healthy.stderr)
    );
    assert!(out.contains("ok health: healthy"), "{out}");

    database.down();
    let down = run().await.unwrap();
    assert!(!down.status.success());
    assert!(String::from_utf8_lossy(&down.stderr).contains("GET /health/ answered 503"));
    let _ = std::fs::remove_dir_all(&dir);
}
