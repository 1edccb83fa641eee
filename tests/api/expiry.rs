//! A link's `valid_until`: past it, the short URL answers 410 Gone and counts nothing; the
//! link, its page and its clicks stay, and clearing the date switches it back on.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{Browser, TestApp, spawn_app};
use crate::links::signed_in;
use crate::redirect::{FIREFOX, settled_page, visit};

async fn create(app: &TestApp, browser: &Browser, slug: &str, valid_until: &str) -> reqwest::Response {
    browser
        .submit_to(
            app,
            "/links/new/",
            "/links/new/",
            &[
                ("target_url", "https://example.com/offer"),
                ("slug", slug),
                ("title", ""),
                ("valid_until", valid_until),
            ],
        )
        .await
}

/// Submits the edit form of `offer` with `valid_until`.
async fn edit_offer(app: &TestApp, browser: &Browser, valid_until: &str) -> reqwest::Response {
    browser
        .submit_to(
            app,
            "/links/offer/edit/",
            "/links/offer/edit/",
            &[
                ("target_url", "https://example.com/offer"),
                ("title", ""),
                ("valid_until", valid_until),
            ],
        )
        .await
}

async fn page(app: &TestApp, browser: &Browser, path: &str) -> String {
    let response = browser.get(app, path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.unwrap()
}

#[tokio::test]
async fn a_link_past_its_date_is_gone_counts_nothing_and_comes_back_when_cleared() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    assert_eq!(
        create(&app, &alice, "offer", "2020-01-01T00:00").await.status(),
        StatusCode::FOUND
    );

    let gone = visit(&app, "/alice/offer/", &[]).await;
    assert_eq!(gone.status(), StatusCode::GONE);
    assert_eq!(gone.headers()["cache-control"], "no-store");
    assert!(gone.headers().get("location").is_none());
    let html = gone.text().await.unwrap();
    assert!(html.contains("This link has expired"), "{html}");
    let json_client = app
        .client
        .get(app.url("/alice/offer/"))
        .header("accept", "application/json")
        .header("user-agent", FIREFOX)
        .send()
        .await
        .unwrap();
    assert_eq!(json_client.status(), StatusCode::GONE);
    assert_eq!(json_client.headers()["content-type"], "application/problem+json");
    let head = app.client.head(app.url("/alice/offer/")).send().await.unwrap();
    assert_eq!(head.status(), StatusCode::GONE);

    // Nothing counted: no click, no bot hit, no visit.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let detail = page(&app, &alice, "/links/offer/").await;
    assert!(detail.contains(r#"<span id="link-clicks">0</span>"#), "{detail}");
    assert!(detail.contains(r#"id="link-bot-hits">0<"#));
    assert!(!detail.contains("plus <span"), "no \"plus 0 from bots\"");
    assert!(
        detail.contains("1 Jan 2020, 00:00 UTC") && detail.contains(">Expired<"),
        "{detail}"
    );
    let list = page(&app, &alice, "/links/").await;
    assert!(list.contains("expired-badge"), "{list}");

    // The edit form shows the date as given; clearing it switches the link back on.
    let form = page(&app, &alice, "/links/offer/edit/").await;
    assert!(form.contains(r#"value="2020-01-01T00:00""#), "{form}");
    let saved = edit_offer(&app, &alice, "").await;
    assert_eq!(saved.status(), StatusCode::FOUND);
    let back = visit(&app, "/alice/offer/", &[]).await;
    assert_eq!(back.status(), StatusCode::FOUND);
    assert_eq!(back.headers()["location"], "https://example.com/offer");
    let detail = settled_page(&app, &alice, "offer", (1, 0)).await;
    assert!(!detail.contains(">Expired<"));
    assert!(!page(&app, &alice, "/links/").await.contains("expired-badge"));

    // A past date set by an edit switches it off again at once.
    let off = edit_offer(&app, &alice, "2021-06-30T12:00").await;
    assert_eq!(off.status(), StatusCode::FOUND);
    assert_eq!(visit(&app, "/alice/offer/", &[]).await.status(), StatusCode::GONE);
}

#[tokio::test]
async fn a_future_date_redirects_until_then_and_a_bad_one_is_a_field_error() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    assert_eq!(
        create(&app, &alice, "later", "2099-12-31T23:59").await.status(),
        StatusCode::FOUND
    );
    assert_eq!(
        visit(&app, "/alice/later/", &[]).await.status(),
        StatusCode::FOUND
    );
    let detail = page(&app, &alice, "/links/later/").await;
    assert!(
        detail.contains("Valid until") && detail.contains("31 Dec 2099, 23:59 UTC"),
        "{detail}"
    );

    for bad in ["tomorrow", "2026-02-30T10:00", "1999-01-01T00:00"] {
        let response = create(&app, &alice, "bad-date", bad).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        let html = response.text().await.unwrap();
        assert!(html.contains("invalid-feedback"), "{bad}: {html}");
    }
    assert_eq!(
        alice.get(&app, "/links/bad-date/").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_api_sets_and_clears_a_links_validity() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let token = crate::tokens::new_token(&app, &alice, "expiry", "write").await;
    let created = app
        .client
        .post(app.url("/api/v1/links"))
        .bearer_auth(&token)
        .json(&json!({"target_url": "https://example.com/", "slug": "api-off", "valid_until": "2020-01-01T01:00:00+01:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let link: serde_json::Value = created.json().await.unwrap();
    assert_eq!(link["valid_until"], "2020-01-01T00:00:00Z");
    assert_eq!(
        visit(&app, "/alice/api-off/", &[]).await.status(),
        StatusCode::GONE
    );

    let patch = |body: serde_json::Value| {
        app.client
            .patch(app.url("/api/v1/links/api-off"))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let bad = patch(json!({"valid_until": "soon"})).await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let cleared: serde_json::Value = patch(json!({"valid_until": null}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(cleared["valid_until"], serde_json::Value::Null);
    assert_eq!(
        visit(&app, "/alice/api-off/", &[]).await.status(),
        StatusCode::FOUND
    );
    // A change of the title alone keeps the validity as it is.
    let later: serde_json::Value = patch(json!({"valid_until": "2099-01-01T00:00:00Z"}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(later["valid_until"], "2099-01-01T00:00:00Z");
    let titled: serde_json::Value = patch(json!({"title": "kept"}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(titled["valid_until"], "2099-01-01T00:00:00Z");
}
