//! The whole product in a real browser: tests/browser/journey.mjs drives headless Chromium
//! (through Node's playwright-core) against the four functions behind the local API.

use std::time::Duration;

use crate::helpers::spawn_app;

/// Every step the journey prints `ok` for, in order.
const STEPS: [&str; 11] = [
    "register",
    "sign out after registering",
    "sign in",
    "create a link",
    "copy the short URL",
    "open the short URL in a new tab",
    "the detail page counts the click",
    "edit the link",
    "delete the link",
    "sign out",
    "the CSP blocks inline scripts and the watcher reports it",
];

#[tokio::test]
async fn a_new_user_goes_from_sign_up_to_a_counted_click_in_a_real_browser() {
    let app = spawn_app().await;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let journey = tokio::process::Command::new("node")
        .arg(root.join("browser/journey.mjs"))
        .arg(&app.api.url)
        .arg(root.join("artifacts/browser"))
        .kill_on_drop(true)
        .output();
    // Each step has its own 15 s limit; this only stops a browser that hangs outright.
    let output = tokio::time::timeout(Duration::from_secs(180), journey)
        .await
        .expect("the browser journey did not finish within 3 minutes")
        .expect("node runs the browser journey");
    let out = String::from_utf8_lossy(&output.stdout);
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{out}{err}");
    // Each step printed `ok`: the script did not stop early without saying so.
    let passed: Vec<&str> = out
        .lines()
        .filter_map(|line| line.strip_prefix("ok   "))
        .collect();
    assert_eq!(passed, STEPS, "{out}{err}");
}
