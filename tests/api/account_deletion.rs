//! `/accounts/delete/` (`password`): the account ends at once (its short URLs answer 404, its
//! sessions and tokens stop working, the username stays taken, the email is free), and the
//! scheduled purge of `links` then removes every item of it, however many links it had.

use aws_sdk_dynamodb::types::AttributeValue;
use reqwest::{Method, StatusCode};

use crate::api::{call, create_with_key};
use crate::helpers::{Browser, PASSWORD, TestApp, location, register, sign_in, spawn_app};
use crate::links::{new_link, signed_in};
use crate::redirect::visit_as;
use crate::tokens::new_token;

const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

async fn delete(app: &TestApp, browser: &Browser, password: &str) -> reqwest::Response {
    browser
        .submit(app, "/accounts/delete/", &[("password", password)])
        .await
}

/// Makes the purge take what the owner's `GONE` item `sk` lists now, instead of after its first
/// minute.
async fn settled(app: &TestApp, owner: &str, sk: &str) {
    app.set_attribute(
        &format!("GONE#{owner}"),
        sk,
        "purge_after_ms",
        AttributeValue::N(shared::now_ms().to_string()),
    )
    .await;
}

/// What a scheduled run of the purge answered.
async fn purge(app: &TestApp) -> serde_json::Value {
    app.api
        .invoke("links", &xtask::emulator::scheduled_event())
        .await
        .expect("the purge runs")
}

/// Every item whose partition key names `owner` (`<PREFIX>#owner` or `<PREFIX>#owner#...`).
async fn items_of(app: &TestApp, owner: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for item in app.all_items().await {
        let pk = item["pk"].as_s().unwrap().clone();
        if pk.split('#').nth(1) == Some(owner) {
            keys.push(format!("{pk} / {}", item["sk"].as_s().unwrap()));
        }
    }
    keys.sort();
    keys
}

/// `count` links of `browser`'s, by an import (one request), returning their slugs.
async fn many_links(app: &TestApp, browser: &Browser, count: usize) -> Vec<String> {
    let file = (0..count).fold(String::from("url,slug\n"), |file, i| {
        file + &format!("https://example.com/{i},link-{i}\n")
    });
    let response = browser.upload(app, "/links/import/", file.as_bytes()).await;
    assert_eq!(response.status(), StatusCode::OK);
    (0..count).map(|i| format!("link-{i}")).collect()
}

#[tokio::test]
async fn a_deleted_account_ends_at_once_and_the_purge_leaves_nothing_of_it() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let slugs = many_links(&app, &alice, 230).await;
    let own = new_link(&app, &alice, "https://example.com/own").await;
    for slug in [&slugs[0], &slugs[229], &own] {
        let response = visit_as(&app, &format!("/alice/{slug}/"), FIREFOX, &[]).await;
        assert_eq!(response.status(), StatusCode::FOUND);
    }
    let token = new_token(&app, &alice, "script", "read").await;
    let writer = new_token(&app, &alice, "importer", "write").await;
    let body = serde_json::json!({"target_url": "https://example.com/api"});
    let response = create_with_key(&app, &writer, "once", &body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let phone = Browser::new();
    sign_in(&app, &phone, "/accounts/login/", "alice", PASSWORD).await;
    // A reset asked for: its link and the address's request counter.
    let response = Browser::new()
        .submit(
            &app,
            "/accounts/password_reset/",
            &[("email", "alice@example.com")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(app.emails(1).await.len(), 1);
    let bob = signed_in(&app, "bob").await;
    let bobs = new_link(&app, &bob, "https://example.com/bob").await;

    let page = alice.get(&app, "/accounts/profile/").await.text().await.unwrap();
    assert!(
        page.contains(r#"href="/accounts/delete/""#),
        "the profile offers it"
    );
    let page = alice.get(&app, "/accounts/delete/").await.text().await.unwrap();
    assert!(page.contains("(232)"), "says how many links go");

    // A wrong password changes nothing.
    let response = delete(&app, &alice, "not my password").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let html = response.text().await.unwrap();
    assert!(html.contains("entered incorrectly") && html.contains(r#"aria-invalid="true""#));
    let response = visit_as(&app, &format!("/alice/{own}/"), FIREFOX, &[]).await;
    assert_eq!(response.status(), StatusCode::FOUND);

    let response = delete(&app, &alice, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(location(&response), "/");
    let home = alice.get(&app, "/").await.text().await.unwrap();
    assert!(home.contains("Your account is deleted."), "confirmed once");
    let emails = app.emails(2).await;
    assert!(
        emails[1].contains("To: alice@example.com") && emails[1].contains("Your Snip account is deleted"),
        "a notice to the account's address"
    );
    let naming_the_address: Vec<String> = app
        .all_items()
        .await
        .iter()
        .map(|item| item["pk"].as_s().unwrap().clone())
        .filter(|pk| pk.contains("alice@example.com"))
        .collect();
    assert!(naming_the_address.is_empty(), "{naming_the_address:?}");
    assert_eq!(app.items_with_prefix("RESET#").await, 0, "the reset link is gone");
    assert!(home.contains("Create a free account"), "and signed out");

    // At once: no short URL of hers works, no session, no token, no sign-in.
    for slug in [&slugs[0], &slugs[100], &own] {
        let response = visit_as(&app, &format!("/alice/{slug}/"), FIREFOX, &[]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{slug}");
    }
    assert_eq!(
        phone.get(&app, "/links/").await.status(),
        StatusCode::FOUND,
        "her other session is over"
    );
    let response = call(&app, Method::GET, "/api/v1/links", Some(&token), None).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let response = sign_in(&app, &Browser::new(), "/accounts/login/", "alice", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    // The username is never anyone's again; the address is free.
    let response = register(&app, &Browser::new(), "Alice", "new@example.com").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.text().await.unwrap().contains("That username is taken"));
    let response = register(&app, &Browser::new(), "alice2", "alice@example.com").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    // Nobody else's links are touched.
    let response = visit_as(&app, &format!("/bob/{bobs}/"), FIREFOX, &[]).await;
    assert_eq!(response.status(), StatusCode::FOUND);

    // Within the first minute the purge leaves the account be (clicks may still be landing).
    let report = purge(&app).await;
    assert_eq!(report["accounts_pending"], 1, "{report}");
    assert_eq!(report["links_removed"], 0, "{report}");
    assert!(items_of(&app, "alice").await.len() > 232 * 11);

    settled(&app, "alice", "GONE").await;
    let report = purge(&app).await;
    assert_eq!(report["accounts_finished"], 1, "{report}");
    assert_eq!(report["links_removed"], 232, "{report}");
    assert_eq!(
        items_of(&app, "alice").await,
        ["USER#alice / PROFILE"],
        "only the username's tombstone is left"
    );
    let tombstone = app.user_item("alice").await.unwrap();
    let mut kept: Vec<&str> = tombstone.keys().map(String::as_str).collect();
    kept.sort();
    assert_eq!(
        kept,
        ["deleted_at", "generation", "pk", "sk"],
        "nothing of the person"
    );
    assert!(!items_of(&app, "bob").await.is_empty());
    let response = visit_as(&app, &format!("/bob/{bobs}/"), FIREFOX, &[]).await;
    assert_eq!(response.status(), StatusCode::FOUND);

    // Nothing left to do.
    let report = purge(&app).await;
    assert_eq!(report["accounts_finished"], 0, "{report}");
    assert_eq!(report["accounts_pending"], 0, "{report}");
}

#[tokio::test]
async fn deleting_takes_the_password_and_a_signed_in_browser() {
    let app = spawn_app().await;
    let response = Browser::new().get(&app, "/accounts/delete/").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(location(&response), "/accounts/login/?next=/accounts/delete/");

    let alice = signed_in(&app, "alice").await;
    let response = delete(&app, &alice, "").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.text().await.unwrap().contains("Enter your password."));
    // Without the form's CSRF token: refused before anything is read.
    let response = alice
        .post_raw(&app, "/accounts/delete/", &[("password", PASSWORD)])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(app.user_item("alice").await.unwrap().contains_key("email"));
}

/// The kinds of item that hold clicks of alice's `slug` (any link that had it).
async fn clicks_of(app: &TestApp, slug: &str) -> Vec<String> {
    let prefixes = ["VISITS", "DAYS", "SEEN"].map(|kind| format!("{kind}#alice#{slug}#"));
    let mut kinds: Vec<String> = app
        .all_items()
        .await
        .iter()
        .map(|item| item["pk"].as_s().unwrap().clone())
        .filter(|pk| prefixes.iter().any(|prefix| pk.starts_with(prefix.as_str())))
        .map(|pk| pk.split('#').next().unwrap().to_string())
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// A link deleted on its own goes at once; its clicks go with the next purge after a minute,
/// and a new link with its slug keeps its own.
#[tokio::test]
async fn a_deleted_link_s_clicks_are_purged_and_a_new_link_with_its_slug_keeps_its_own() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let response = crate::links::create_link(&app, &alice, "https://example.com/old", "promo").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    for address in ["198.51.100.1", "198.51.100.2"] {
        let response = visit_as(
            &app,
            "/alice/promo/",
            FIREFOX,
            &[("x-local-test-source-ip", address)],
        )
        .await;
        assert_eq!(response.status(), StatusCode::FOUND);
    }
    crate::redirect::settled_page(&app, &alice, "promo", (2, 0)).await;
    assert_eq!(clicks_of(&app, "promo").await, ["DAYS", "SEEN", "VISITS"]);

    let response = alice.submit(&app, "/links/promo/delete/", &[]).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let response = visit_as(&app, "/alice/promo/", FIREFOX, &[]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = crate::links::create_link(&app, &alice, "https://example.com/new", "promo").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let response = visit_as(
        &app,
        "/alice/promo/",
        FIREFOX,
        &[("x-local-test-source-ip", "198.51.100.3")],
    )
    .await;
    assert_eq!(location(&response), "https://example.com/new");
    crate::redirect::settled_page(&app, &alice, "promo", (1, 0)).await;

    let report = purge(&app).await;
    assert_eq!(report["accounts_pending"], 1, "within its first minute: {report}");
    let gone = app.scan_prefix("GONE#alice").await;
    assert_eq!(gone.len(), 1);
    settled(&app, "alice", gone[0]["sk"].as_s().unwrap()).await;
    let report = purge(&app).await;
    assert_eq!(report["deleted_links_cleared"], 1, "{report}");
    assert_eq!(app.items_with_prefix("GONE#").await, 0);

    // The new link's click is all that is left of the slug's.
    crate::redirect::settled_page(&app, &alice, "promo", (1, 0)).await;
    assert_eq!(clicks_of(&app, "promo").await, ["DAYS", "SEEN", "VISITS"]);
    let visits = app.scan_prefix("VISITS#alice#promo#").await;
    assert_eq!(visits.len(), 1, "only the new link's visit");
    let markers = app.scan_prefix("SEEN#alice#promo#").await;
    assert_eq!(markers.len(), 1, "only the new link's visitor");
}

/// The schedule EventBridge runs the purge on is the one the purge's own figures assume.
#[test]
fn the_purge_runs_on_the_schedule_it_is_sized_for() {
    let template = xtask::project::template();
    let purge = &template["Resources"]["LinksFunction"]["Properties"]["Events"]["Purge"];
    assert_eq!(purge["Type"].as_str(), Some("Schedule"));
    let minutes = shared::links::purge::SCHEDULE_MINUTES;
    assert_eq!(
        purge["Properties"]["Schedule"].as_str(),
        Some(format!("rate({minutes} minutes)").as_str())
    );
}
