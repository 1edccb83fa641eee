//! The whole product in a real browser: tests/browser/journey.mjs drives headless Chromium
//! (through Node's playwright-core) against the four functions behind the local API, on a
//! desktop window and on two phones' (390 and 320 px wide), each with its own screenshots.

use std::time::Duration;

use crate::helpers::spawn_app;

/// Every step the journey prints `ok` for, in order.
const STEPS: [&str; 13] = [
    "register",
    "sign out after registering",
    "sign in",
    "create a link",
    "copy the short URL",
    "open the short URL in a new tab",
    "the detail page counts the click",
    "the list shows the link",
    "the account's other pages",
    "edit the link",
    "delete the link",
    "sign out",
    "the CSP blocks inline scripts and the watcher reports it",
];

/// The windows the journey runs in: a laptop, a common phone, the narrowest phone in use.
const WINDOWS: [(&str, &str); 3] = [
    ("desktop", "1200x900"),
    ("390px", "390x844"),
    ("320px", "320x568"),
];

#[tokio::test]
async fn a_new_user_goes_from_sign_up_to_a_counted_click_in_a_real_browser() {
    let app = spawn_app().await;
    for (name, size) in WINDOWS {
        journey(&app.api.url, name, size).await;
    }
}

async fn journey(url: &str, name: &str, size: &str) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let journey = tokio::process::Command::new("node")
        .arg(root.join("browser/journey.mjs"))
        .arg(url)
        .arg(root.join("artifacts/browser").join(name))
        .arg(size)
        .kill_on_drop(true)
        .output();
    // Each step has its own 15 s limit; this only stops a browser that hangs outright.
    let output = tokio::time::timeout(Duration::from_secs(180), journey)
        .await
        .unwrap_or_else(|_| panic!("the browser journey ({name}) did not finish within 3 minutes"))
        .expect("node runs the browser journey");
    let out = String::from_utf8_lossy(&output.stdout);
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{name}: {out}{err}");
    // Each step printed `ok`: the script did not stop early without saying so.
    let passed: Vec<&str> = out
        .lines()
        .filter_map(|line| line.strip_prefix("ok   "))
        .collect();
    assert_eq!(passed, STEPS, "{name}: {out}{err}");
}
