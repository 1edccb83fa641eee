//! Schemathesis (installed, pinned, by `make test`: `SCHEMATHESIS`) fuzzes every operation of
//! the API's OpenAPI document against the running app with a write token, with its default
//! checks: no 5xx, documented status codes, content types, headers and bodies that conform. A
//! failure is a bug in the code or in the document.

use reqwest::StatusCode;

use crate::helpers::spawn_app_with_env;
use crate::links::signed_in;
use crate::tokens::new_token;

#[tokio::test]
async fn the_api_holds_to_its_openapi_document() {
    let st = std::env::var("SCHEMATHESIS").expect("SCHEMATHESIS: run through `make test`, which installs it");
    // Raised so the fuzzer is never throttled; `api::each_token_has_its_own_rate_limit...`
    // proves the 429 with a low one.
    let app = spawn_app_with_env(&[("API_RATE_LIMIT", "1000000")]).await;
    let alice = signed_in(&app, "alice").await;
    let token = new_token(&app, &alice, "schemathesis", "write").await;
    // A link to find, change and delete among the generated slugs.
    let created = app
        .client
        .post(app.url("/api/v1/links"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"target_url": "https://example.com/", "slug": "known"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);

    // Fixed, so a run is repeatable; `SCHEMATHESIS_SEED=<n> make test` explores further.
    let seed = std::env::var("SCHEMATHESIS_SEED").unwrap_or_else(|_| "1".into());
    let output = tokio::process::Command::new(st)
        .args([
            "--config-file",
            concat!(env!("CARGO_MANIFEST_DIR"), "/schemathesis.toml"),
            "run",
            &app.url("/api/v1/openapi.json"),
            "--url",
            &app.url(""),
            "--header",
            &format!("Authorization: Bearer {token}"),
            "--max-examples",
            "40",
            "--seed",
            &seed,
            "--workers",
            "1",
            "--no-color",
            // No example database left in the checkout: every run starts from the seed.
            "--generation-database",
            "none",
        ])
        .output()
        .await
        .unwrap();
    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // The whole report (its reproducing requests can be long) goes to a file; the failure
    // names what failed.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("schemathesis.txt");
    std::fs::write(&path, &report).unwrap();
    let summary: Vec<&str> = report
        .lines()
        .filter(|line| {
            let line = line.trim_start();
            line.starts_with("- ")
                || line.starts_with("_") && line.contains(' ')
                || line.starts_with('[') && line.contains("] ")
                || line.contains("passed") && line.contains("failed")
        })
        .map(|line| if line.len() > 300 { &line[..300] } else { line })
        .collect();
    assert!(
        output.status.success(),
        "schemathesis found failures (whole report in {}):\n{}",
        path.display(),
        summary.join("\n")
    );
}
