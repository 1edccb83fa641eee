//! API tokens at `/accounts/tokens/`: made with a name and a scope, shown once, listed by
//! name and prefix, at most 20, revoked at once.

use reqwest::StatusCode;
use shared::db::keys;

use crate::helpers::{Browser, TestApp, location, sha256_hex, spawn_app};
use crate::links::signed_in;

const TOKENS: &str = "/accounts/tokens/";

/// Makes a token on the tokens page and returns it, as the page shows it that once.
pub async fn new_token(app: &TestApp, browser: &Browser, name: &str, scope: &str) -> String {
    let response = browser
        .submit(app, TOKENS, &[("name", name), ("scope", scope)])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    shown_token(&html).unwrap_or_else(|| panic!("no token shown: {html}"))
}

fn shown_token(html: &str) -> Option<String> {
    let start = html.find(r#"id="new-token" value=""#)? + r#"id="new-token" value=""#.len();
    Some(html[start..start + html[start..].find('"')?].to_string())
}

/// The ids of the tokens listed, newest first.
fn listed_ids(html: &str) -> Vec<String> {
    html.split(r#"<tr class="token" id="token-"#)
        .skip(1)
        .map(|row| row[..row.find('"').unwrap()].to_string())
        .collect()
}

async fn tokens_page(app: &TestApp, browser: &Browser) -> String {
    let response = browser.get(app, TOKENS).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.unwrap()
}

#[tokio::test]
async fn a_token_is_shown_once_and_only_its_hash_is_stored() {
    let app = spawn_app().await;
    let signed_out = Browser::new();
    let response = signed_out.get(&app, TOKENS).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(location(&response), "/accounts/login/?next=/accounts/tokens/");

    let alice = signed_in(&app, "alice").await;
    assert!(tokens_page(&app, &alice).await.contains(r#"id="no-tokens""#));
    let token = new_token(&app, &alice, "deploy script", "").await;
    assert!(token.starts_with("snip_"), "{token}");
    assert_eq!(token.len(), 48, "snip_ and 256 bits of URL-safe base64");
    assert!(
        token[5..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );

    let html = tokens_page(&app, &alice).await;
    assert!(!html.contains(&token), "shown once, never again");
    assert!(
        html.contains(&format!("{}…", &token[..11])),
        "its prefix identifies it"
    );
    assert!(html.contains(r#"<td class="token-name">deploy script</td>"#));
    assert!(
        html.contains(r#"<td class="token-scope">write</td>"#),
        "write by default"
    );
    assert!(html.contains(r#"<td class="token-last-used">never</td>"#));

    let stored = app.scan_prefix(keys::TOKEN).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0]["pk"].as_s().unwrap(),
        &format!("{}{}", keys::TOKEN, sha256_hex(&token))
    );
    for item in stored.iter().chain(&app.scan_prefix(keys::USER_TOKEN).await) {
        let text = format!("{item:?}");
        assert!(
            !text.contains(&token[5..]),
            "the token itself is stored nowhere: {text}"
        );
    }

    // Another user sees none of them.
    let bob = signed_in(&app, "bob").await;
    assert!(tokens_page(&app, &bob).await.contains(r#"id="no-tokens""#));
}

#[tokio::test]
async fn a_token_needs_a_name_of_at_most_50_characters_and_a_known_scope() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    for (name, scope, field, message) in [
        ("  ", "write", "name", "Give the token a name"),
        (&"x".repeat(51), "write", "name", "at most 50 characters"),
        ("ci", "admin", "scope", "Choose read or write."),
    ] {
        let response = alice
            .submit(&app, TOKENS, &[("name", name), ("scope", scope)])
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{field}");
        let html = response.text().await.unwrap();
        assert!(html.contains(message), "{message}: {html}");
        assert!(shown_token(&html).is_none());
    }
    let read = new_token(&app, &alice, &"é".repeat(50), "read").await;
    assert!(read.starts_with("snip_"));
    assert!(
        tokens_page(&app, &alice)
            .await
            .contains(r#"<td class="token-scope">read</td>"#)
    );
    assert_eq!(app.items_with_prefix(keys::TOKEN).await, 1);

    // A forged form makes nothing.
    let forged = alice
        .post_raw(&app, TOKENS, &[("name", "forged"), ("scope", "write")])
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.items_with_prefix(keys::TOKEN).await, 1);
}

#[tokio::test]
async fn an_account_holds_at_most_twenty_tokens() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    for index in 0..20 {
        new_token(&app, &alice, &format!("token {index}"), "read").await;
    }
    let html = tokens_page(&app, &alice).await;
    assert_eq!(listed_ids(&html).len(), 20);
    assert!(
        html.contains("the most an account can have"),
        "no form past the limit"
    );

    // A form opened before the limit was reached is refused too.
    let response = alice
        .post_raw(
            &app,
            TOKENS,
            &[
                ("name", "one more"),
                ("scope", "read"),
                ("csrf_token", &crate::helpers::hidden_fields(&html)[0].1),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("You have 20 tokens, the most an account can have."),
        "{html}"
    );
    assert_eq!(app.items_with_prefix(keys::TOKEN).await, 20);
}

#[tokio::test]
async fn a_revoked_token_is_gone_at_once_and_only_its_owner_can_revoke_it() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    new_token(&app, &alice, "old", "write").await;
    new_token(&app, &alice, "new", "read").await;
    let ids = listed_ids(&tokens_page(&app, &alice).await);
    assert_eq!(ids.len(), 2);
    let revoke = |id: &str| format!("/accounts/tokens/{id}/revoke/");

    let bob = signed_in(&app, "bob").await;
    // Bob's own page gives him a CSRF token; it does not reach Alice's tokens.
    let refused = bob.submit_to(&app, TOKENS, &revoke(&ids[0]), &[]).await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    let unknown = alice
        .submit_to(&app, TOKENS, &revoke("0123456789abcdef"), &[])
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let malformed = alice.submit_to(&app, TOKENS, &revoke("not-an-id"), &[]).await;
    assert_eq!(malformed.status(), StatusCode::NOT_FOUND);
    let get = alice.get(&app, &revoke(&ids[0])).await;
    assert_eq!(get.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(get.headers()["allow"], "POST");
    let forged = alice.post_raw(&app, &revoke(&ids[0]), &[]).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.items_with_prefix(keys::TOKEN).await, 2);

    let revoked = alice.submit_to(&app, TOKENS, &revoke(&ids[0]), &[]).await;
    assert_eq!(revoked.status(), StatusCode::FOUND);
    assert_eq!(location(&revoked), TOKENS);
    assert_eq!(listed_ids(&tokens_page(&app, &alice).await), [ids[1].clone()]);
    assert_eq!(app.items_with_prefix(keys::TOKEN).await, 1);
    assert_eq!(app.items_with_prefix(keys::USER_TOKEN).await, 1);
    let again = alice.submit_to(&app, TOKENS, &revoke(&ids[0]), &[]).await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
}
