use serde_json::Value;

use crate::helpers::{closed_port, spawn_app, spawn_app_with_database};

#[tokio::test]
async fn logs_are_json_lines_with_level_timestamp_target_and_request_id() {
    let app = spawn_app().await;
    app.get("/health/").await;
    app.get("/no-such-page").await;

    for function in ["health", "redirect"] {
        let logs = app.api.logs(function);
        assert!(!logs.is_empty(), "{function} logged nothing");
        let lines: Vec<Value> = logs
            .iter()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("{function}: not JSON: {line}")))
            .collect();
        for line in &lines {
            let timestamp = line["timestamp"].as_str().expect("timestamp");
            // RFC 3339 in UTC: 2026-11-25T12:00:00.123456Z
            assert!(
                timestamp.len() >= 20 && &timestamp[10..11] == "T" && timestamp.ends_with('Z'),
                "{line}"
            );
            assert!(
                ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"].contains(&line["level"].as_str().unwrap()),
                "{line}"
            );
            assert!(line["target"].is_string(), "{line}");
            assert!(line["message"].is_string(), "{line}");
        }
        let startup = &lines[0];
        assert_eq!(startup["level"], "INFO");
        assert!(
            startup["message"].as_str().unwrap().contains("initialised"),
            "{startup}"
        );
    }
}

#[tokio::test]
async fn a_failed_health_check_is_logged_as_an_error_with_the_lambda_request_id() {
    let app = spawn_app_with_database(&format!("http://127.0.0.1:{}", closed_port().await)).await;

    app.get("/health/").await;

    let logs = app.api.logs("health");
    let error = logs
        .iter()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .find(|line| line["level"] == "ERROR")
        .unwrap_or_else(|| panic!("no ERROR line in {logs:#?}"));
    assert!(
        error["message"].as_str().unwrap().contains("health check failed"),
        "{error}"
    );
    let request_id = error["spans"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|span| span["requestId"].as_str())
        .unwrap_or_else(|| panic!("no requestId in {error}"));
    assert!(request_id.starts_with("local-"), "{error}");
}

/// The JSON lines of `function` whose message is `message`.
fn events(app: &crate::helpers::TestApp, function: &str, message: &str) -> Vec<Value> {
    app.api
        .logs(function)
        .iter()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|line| line["message"] == message)
        .collect()
}

#[tokio::test]
async fn link_changes_and_every_redirect_are_logged_at_info() {
    let app = spawn_app().await;
    let alice = crate::links::signed_in(&app, "alice").await;
    let created = crate::links::create_link(&app, &alice, "https://example.com/a", "logged").await;
    assert_eq!(created.status(), 302);
    alice
        .submit(
            &app,
            "/links/logged/edit/",
            &[("target_url", "https://example.com/b"), ("title", "")],
        )
        .await;
    app.client
        .get(app.url("/alice/logged/"))
        .header("user-agent", "Mozilla/5.0 Firefox/133.0")
        .header(xtask::emulator::SOURCE_IP_HEADER, "203.0.113.77")
        .send()
        .await
        .unwrap();
    alice.submit(&app, "/links/logged/delete/", &[]).await;

    for (message, target) in [
        ("link created", Some("https://example.com/a")),
        ("link updated", Some("https://example.com/b")),
        ("link deleted", None),
    ] {
        let lines = events(&app, "links", message);
        assert_eq!(lines.len(), 1, "{message}: {:#?}", app.api.logs("links"));
        assert_eq!(lines[0]["level"], "INFO");
        assert_eq!(lines[0]["slug"], "logged");
        assert_eq!(lines[0]["owner"], "alice");
        if let Some(target) = target {
            assert_eq!(lines[0]["target_url"], target);
        }
    }
    let redirected = events(&app, "redirect", "redirected");
    assert_eq!(redirected.len(), 1, "{:#?}", app.api.logs("redirect"));
    let line = &redirected[0];
    assert_eq!(line["level"], "INFO");
    assert_eq!(line["link"], "alice/logged");
    assert_eq!(line["slug"], "logged");
    assert_eq!(line["target_url"], "https://example.com/b");
    assert_eq!(
        line["client_net"], "203.0.113.0",
        "the /24, never the whole address"
    );
    assert!(
        app.api
            .logs("redirect")
            .iter()
            .all(|line| !line.contains("203.0.113.77")),
        "no log line carries the visitor's full address"
    );
}

/// Every setting is read at init: a bad one stops the function there, with one ERROR line
/// naming the variable, instead of failing some later request (a bad `STATIC_URL` used to
/// panic on the first page).
#[tokio::test]
async fn a_bad_setting_fails_init_with_one_line_naming_it() {
    let app =
        crate::helpers::spawn_app_with_env(&[("STATIC_URL", "https://cdn.example.com/;script-src *")]).await;
    for function in crate::helpers::FUNCTIONS {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let refused = loop {
            let lines = events(&app, function, "configuration refused: the function cannot start");
            if !lines.is_empty() {
                break lines;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{function}: {:#?}",
                app.api.logs(function)
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        };
        assert_eq!(refused.len(), 1, "{function}");
        assert_eq!(refused[0]["level"], "ERROR");
        let error = refused[0]["error"].as_str().unwrap();
        assert!(error.contains("STATIC_URL"), "{error}");
        assert!(
            !app.api
                .logs(function)
                .iter()
                .any(|line| line.contains("initialised")),
            "{function} did not start"
        );
    }
}

/// Whether Lambda's log-level filter lets `line` through at the application level `configured`:
/// a JSON line without a `level` counts as INFO (Lambda's rule).
fn lambda_keeps(line: &Value, configured: &str) -> bool {
    const ORDER: [&str; 6] = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
    let rank = |level: &str| ORDER.iter().position(|l| *l == level).unwrap();
    rank(line["level"].as_str().unwrap_or("INFO")) >= rank(configured)
}

/// The product's metrics are Embedded Metric Format lines in the function's log stream, and
/// they survive Lambda's log-level filter at `LogLevel=WARN`, where the INFO lines go.
#[tokio::test]
async fn metric_lines_count_clicks_and_throttled_sign_ins_even_at_warn() {
    let app = crate::helpers::spawn_app_with_env(&[
        ("AWS_LAMBDA_LOG_LEVEL", "WARN"),
        ("METRICS_NAMESPACE", "Snip/test"),
        ("SIGN_IN_LIMIT_ACCOUNT", "1/15m"),
    ])
    .await;
    let alice = crate::links::signed_in(&app, "alice").await;
    crate::links::create_link(&app, &alice, "https://example.com/", "counted").await;
    let response = app.get("/alice/counted/").await;
    assert_eq!(response.status(), 302);
    for _ in 0..3 {
        crate::helpers::sign_in(
            &app,
            &crate::helpers::Browser::new(),
            "/accounts/login/",
            "alice",
            "wrong password",
        )
        .await;
    }
    let metric = |function: &str, name: &str| -> Vec<Value> {
        app.api
            .logs(function)
            .iter()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|line| !line["_aws"].is_null() && !line[name].is_null())
            .collect()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while metric("redirect", "ClicksRecorded").is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    for (function, name) in [("redirect", "ClicksRecorded"), ("accounts", "SignInsThrottled")] {
        let lines = metric(function, name);
        assert!(
            !lines.is_empty(),
            "{function}: no {name} line in {:#?}",
            app.api.logs(function)
        );
        let line = &lines[0];
        assert_eq!(line[name], 1);
        let directive = &line["_aws"]["CloudWatchMetrics"][0];
        assert_eq!(directive["Namespace"], "Snip/test");
        assert_eq!(directive["Metrics"][0]["Name"], name);
        assert!(line["_aws"]["Timestamp"].as_i64().unwrap() > 1_700_000_000_000);
        assert!(lambda_keeps(line, "WARN"), "{line}");
    }
    // What Lambda would drop at WARN: the redirect's INFO line, and a line without a level.
    let redirected = events(&app, "redirect", "redirected");
    assert!(!redirected.is_empty() && !lambda_keeps(&redirected[0], "WARN"));
    assert!(!lambda_keeps(&serde_json::json!({"_aws": {}}), "WARN"));
}
