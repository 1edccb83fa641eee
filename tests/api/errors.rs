use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn home_page_is_served_with_security_headers() {
    let app = spawn_app().await;

    let response = app.get("/").await;

    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert!(headers["referrer-policy"].to_str().unwrap().contains("origin"));
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"));
    assert!(!csp.contains("unsafe-inline"));
    let html = response.text().await.unwrap();
    assert!(html.contains("Snip") && html.contains("/accounts/register/"));
    // Nothing inline for the CSP to block: no inline scripts, styles or handlers.
    assert!(
        !html.contains("<script>")
            && !html.contains("<style")
            && !html.contains(" style=")
            && !html.contains(" onclick=")
    );
}

#[tokio::test]
async fn unknown_paths_get_the_branded_404_page_from_every_function() {
    let app = spawn_app().await;

    // redirect (the default route), links, accounts, and a would-be short link.
    for path in [
        "/no-such-page",
        "/static/nothing-here.css",
        "/accounts/nothing-here/",
        "/someone/abc123/",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(
            response.headers()["content-type"],
            "text/html; charset=utf-8",
            "{path}"
        );
        assert!(
            response.headers().contains_key("content-security-policy"),
            "{path}"
        );
        let html = response.text().await.unwrap();
        assert!(html.contains("Page Not Found"), "{path}");
        assert!(html.contains(r#"href="/""#), "{path}: no link home");
        assert!(!html.contains(path), "{path}: the page echoes the path");
    }
}

#[tokio::test]
async fn json_clients_get_a_json_error_body() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(app.url("/no-such-page"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], 404);
    assert_eq!(body["error"], "Not Found");
    assert!(body["message"].is_string());
}

#[tokio::test]
async fn wrong_method_gets_the_branded_405_page() {
    let app = spawn_app().await;

    let response = app.client.delete(app.url("/")).send().await.unwrap();

    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "GET, HEAD");
    let html = response.text().await.unwrap();
    assert!(html.contains("Method Not Allowed") && html.contains("Snip"));
}
