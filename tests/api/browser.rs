//! The whole product in a real browser: tests/browser/journey.mjs drives headless Chromium
//! (through Node's playwright-core) against the four functions behind the local API.

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_new_user_goes_from_sign_up_to_a_counted_click_in_a_real_browser() {
    let app = spawn_app().await;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = tokio::process::Command::new("node")
        .arg(root.join("browser/journey.mjs"))
        .arg(&app.api.url)
        .arg(root.join("artifacts/browser"))
        .output()
        .await
        .expect("node runs the browser journey");
    let out = String::from_utf8_lossy(&output.stdout);
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{out}{err}");
    // Each step printed `ok`: the script did not stop early without saying so.
    for step in [
        "register",
        "sign in",
        "open the short URL in a new tab",
        "the detail page counts the click",
        "delete the link",
        "sign out",
    ] {
        assert!(
            out.contains(&format!("ok   {step}\n")),
            "step `{step}` did not pass:\n{out}{err}"
        );
    }
}
