//! Account self-service under `/accounts/`: changing the password and the email address
//! (Django's field names).

use reqwest::StatusCode;

use crate::helpers::{Browser, PASSWORD, TestApp, location, sign_in, spawn_app};
use crate::links::signed_in;

const NEW_PASSWORD: &str = "a brand new passphrase";

async fn change(app: &TestApp, browser: &Browser, old: &str, new1: &str, new2: &str) -> reqwest::Response {
    browser
        .submit(
            app,
            "/accounts/password_change/",
            &[
                ("old_password", old),
                ("new_password1", new1),
                ("new_password2", new2),
            ],
        )
        .await
}

/// Whether `browser` is still signed in: a signed-out one is sent to sign in.
async fn is_signed_in(app: &TestApp, browser: &Browser) -> bool {
    browser.get(app, "/links/").await.status() == StatusCode::OK
}

#[tokio::test]
async fn changing_the_password_signs_out_every_other_session_and_keeps_this_one() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let laptop = Browser::new();
    let phone = Browser::new();
    for other in [&laptop, &phone] {
        let response = sign_in(&app, other, "/accounts/login/", "alice", PASSWORD).await;
        assert_eq!(response.status(), StatusCode::FOUND);
        assert!(is_signed_in(&app, other).await);
    }
    let profile = alice.get(&app, "/accounts/profile/").await.text().await.unwrap();
    assert!(
        profile.contains(r#"href="/accounts/password_change/""#),
        "the profile offers it"
    );

    let response = change(&app, &alice, PASSWORD, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(location(&response), "/accounts/profile/");
    let profile = alice.get(&app, "/accounts/profile/").await.text().await.unwrap();
    assert!(
        profile.contains(r#"role="status""#) && profile.contains("Password changed."),
        "said once"
    );

    assert!(is_signed_in(&app, &alice).await, "this session stays");
    assert!(
        !is_signed_in(&app, &laptop).await,
        "every other one is signed out"
    );
    assert!(!is_signed_in(&app, &phone).await);
    let old = sign_in(&app, &Browser::new(), "/accounts/login/", "alice", PASSWORD).await;
    assert_eq!(
        old.status(),
        StatusCode::BAD_REQUEST,
        "the old password no longer works"
    );
    let new = sign_in(&app, &laptop, "/accounts/login/", "alice", NEW_PASSWORD).await;
    assert_eq!(new.status(), StatusCode::FOUND);
    assert!(is_signed_in(&app, &laptop).await);

    // Signed-in sessions are listed on the user, and a change empties the list but for this one.
    let user = app.user_item("alice").await.unwrap();
    assert_eq!(user["generation"].as_n().unwrap(), "1");
    assert_eq!(
        user["sessions"].as_ss().unwrap().len(),
        2,
        "this one and the laptop's new one"
    );
    assert!(
        !user.contains_key("password") && user["password_hash"].as_s().unwrap().starts_with("$argon2id$")
    );
}

#[tokio::test]
async fn a_wrong_current_password_or_a_bad_new_one_changes_nothing() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let other = Browser::new();
    sign_in(&app, &other, "/accounts/login/", "alice", PASSWORD).await;
    let cases: [(&str, &str, &str, &str, &str); 5] = [
        (
            "",
            NEW_PASSWORD,
            NEW_PASSWORD,
            "old_password",
            "Enter your current password.",
        ),
        (
            "not it at all",
            NEW_PASSWORD,
            NEW_PASSWORD,
            "old_password",
            "entered incorrectly",
        ),
        (
            PASSWORD,
            NEW_PASSWORD,
            "something else",
            "new_password2",
            "do not match",
        ),
        (
            PASSWORD,
            "12345678",
            "12345678",
            "new_password1",
            "entirely numeric",
        ),
        (PASSWORD, "short", "short", "new_password1", "at least 8"),
    ];
    for (old, new1, new2, field, message) in cases {
        let response = change(&app, &alice, old, new1, new2).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{message}");
        let html = response.text().await.unwrap();
        assert!(html.contains(message), "{message}: {html}");
        assert!(
            html.contains(&format!(r#"id="{field}" name="{field}""#))
                && html.contains(r#"aria-invalid="true""#),
            "{field} is marked"
        );
        for typed in [old, new1, new2].into_iter().filter(|typed| !typed.is_empty()) {
            assert!(
                !html.contains(&format!(r#"value="{typed}""#)),
                "no password comes back in the page"
            );
        }
    }
    assert!(
        is_signed_in(&app, &other).await,
        "nothing changed: the other session lives"
    );
    let response = sign_in(&app, &Browser::new(), "/accounts/login/", "alice", PASSWORD).await;
    assert_eq!(
        response.status(),
        StatusCode::FOUND,
        "the old password still works"
    );

    // A forged form is refused; signed out, the page asks to sign in first.
    let forged = alice
        .post_raw(
            &app,
            "/accounts/password_change/",
            &[
                ("old_password", PASSWORD),
                ("new_password1", NEW_PASSWORD),
                ("new_password2", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let signed_out = Browser::new().get(&app, "/accounts/password_change/").await;
    assert_eq!(signed_out.status(), StatusCode::FOUND);
    assert_eq!(
        location(&signed_out),
        "/accounts/login/?next=/accounts/password_change/"
    );
}

async fn change_email(app: &TestApp, browser: &Browser, email: &str, password: &str) -> reqwest::Response {
    browser
        .submit(
            app,
            "/accounts/email/",
            &[("email", email), ("password", password)],
        )
        .await
}

#[tokio::test]
async fn the_email_address_changes_with_the_password_and_stays_unique() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let _bob = signed_in(&app, "bob").await;
    let form = alice.get(&app, "/accounts/email/").await.text().await.unwrap();
    assert!(
        form.contains(r#"value="alice@example.com""#),
        "the current address is shown"
    );

    for (email, password, field, message) in [
        (
            "bob@example.com",
            PASSWORD,
            "email",
            "Another account uses this email address.",
        ),
        ("not an address", PASSWORD, "email", "valid email"),
        (
            "alice@new.example",
            "wrong password",
            "password",
            "entered incorrectly",
        ),
        ("alice@new.example", "", "password", "Enter your password."),
    ] {
        let response = change_email(&app, &alice, email, password).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{message}");
        let html = response.text().await.unwrap();
        assert!(html.contains(message), "{message}: {html}");
        assert!(html.contains(&format!(r#"aria-describedby="{field}"#)), "{field}");
    }
    let response = change_email(&app, &alice, " Alice@New.Example ", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let profile = alice.get(&app, "/accounts/profile/").await.text().await.unwrap();
    assert!(profile.contains("alice@new.example") && profile.contains("Email address changed."));

    // The old address is free again, the new one taken.
    let carol = Browser::new();
    let taken = crate::helpers::register(&app, &carol, "carol", "alice@new.example").await;
    assert_eq!(taken.status(), StatusCode::BAD_REQUEST);
    let freed = crate::helpers::register(&app, &carol, "carol", "alice@example.com").await;
    assert_eq!(freed.status(), StatusCode::FOUND);
    assert_eq!(app.items_with_prefix("EMAIL#").await, 3, "one guard per account");

    let forged = alice
        .post_raw(
            &app,
            "/accounts/email/",
            &[("email", "x@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
}

async fn request_reset(app: &TestApp, email: &str) -> reqwest::Response {
    Browser::new()
        .submit(app, "/accounts/password_reset/", &[("email", email)])
        .await
}

/// The reset link's path in an email.
fn reset_path(email: &str) -> String {
    let start = email.find("/accounts/reset/").expect("a reset link in the email");
    email[start..].split_whitespace().next().unwrap().to_string()
}

async fn set_password(app: &TestApp, path: &str, password: &str) -> reqwest::Response {
    // The form's token from a page that always has one: a spent link's page has no form.
    Browser::new()
        .submit_to(
            app,
            "/accounts/password_reset/",
            path,
            &[("new_password1", password), ("new_password2", password)],
        )
        .await
}

#[tokio::test]
async fn a_forgotten_password_is_reset_through_a_single_use_link_sent_by_email() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let login = Browser::new()
        .get(&app, "/accounts/login/")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        login.contains(r#"href="/accounts/password_reset/""#),
        "Forgot password? on the sign-in page"
    );

    let response = request_reset(&app, "Alice@Example.com").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(location(&response), "/accounts/password_reset/done/");
    let emails = app.emails(1).await;
    assert_eq!(emails.len(), 1);
    let email = &emails[0];
    assert!(email.contains("\r\nTo: alice@example.com\r\n"), "{email}");
    assert!(email.contains("\r\nSubject: Reset your Snip password\r\n"));
    let path = reset_path(email);
    assert!(
        email.contains(&app.url(&path)),
        "an absolute link to this service"
    );
    let token = path.trim_start_matches("/accounts/reset/").trim_end_matches('/');
    assert_eq!(token.len(), 64, "256 bits");
    assert_eq!(
        app.items_with_prefix(&format!("RESET#{token}")).await,
        0,
        "only its hash is stored"
    );
    assert_eq!(
        app.items_with_prefix(&format!("RESET#{}", crate::helpers::sha256_hex(token)))
            .await,
        1
    );

    let form = Browser::new().get(&app, &path).await;
    assert_eq!(form.status(), StatusCode::OK);
    let bad = set_password(&app, &path, "12345678").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert!(bad.text().await.unwrap().contains("entirely numeric"));
    let done = set_password(&app, &path, NEW_PASSWORD).await;
    assert_eq!(done.status(), StatusCode::FOUND);
    assert_eq!(location(&done), "/accounts/login/");

    assert!(!is_signed_in(&app, &alice).await, "every session is signed out");
    let old = sign_in(&app, &Browser::new(), "/accounts/login/", "alice", PASSWORD).await;
    assert_eq!(old.status(), StatusCode::BAD_REQUEST);
    let new = sign_in(&app, &Browser::new(), "/accounts/login/", "alice", NEW_PASSWORD).await;
    assert_eq!(new.status(), StatusCode::FOUND);

    // Used once: the same link no longer works, for a GET or a POST.
    let again = Browser::new().get(&app, &path).await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    assert!(again.text().await.unwrap().contains("This link does not work"));
    assert_eq!(
        set_password(&app, &path, "yet another passphrase").await.status(),
        StatusCode::BAD_REQUEST
    );
    let forged = format!("/accounts/reset/{}/", "0".repeat(64));
    assert_eq!(
        Browser::new().get(&app, &forged).await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        Browser::new().get(&app, "/accounts/reset/x/").await.status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn an_unknown_address_gets_the_same_answer_and_no_email() {
    let app = spawn_app().await;
    signed_in(&app, "alice").await;
    let known = request_reset(&app, "alice@example.com").await;
    let unknown = request_reset(&app, "nobody@example.com").await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(location(&known), location(&unknown));
    let page = |response: reqwest::Response| async move { response.text().await.unwrap() };
    assert_eq!(page(known).await, page(unknown).await);
    let done = Browser::new().get(&app, "/accounts/password_reset/done/").await;
    assert!(
        done.text()
            .await
            .unwrap()
            .contains("If an account has that address")
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let emails = app.emails(2).await;
    assert_eq!(emails.len(), 1, "only the known address gets one");
    assert!(emails[0].contains("To: alice@example.com"));

    let invalid = request_reset(&app, "not an address").await;
    assert_eq!(invalid.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_newer_link_a_password_change_or_an_hour_spends_a_link() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    request_reset(&app, "alice@example.com").await;
    let first = reset_path(&app.emails(1).await[0]);
    request_reset(&app, "alice@example.com").await;
    let second = reset_path(&app.emails(2).await[1]);
    assert_ne!(first, second);
    assert_eq!(
        Browser::new().get(&app, &first).await.status(),
        StatusCode::BAD_REQUEST,
        "a newer one was sent"
    );
    assert_eq!(Browser::new().get(&app, &second).await.status(), StatusCode::OK);

    // A password change spends it too.
    let response = change(&app, &alice, PASSWORD, NEW_PASSWORD, NEW_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        Browser::new().get(&app, &second).await.status(),
        StatusCode::BAD_REQUEST
    );

    // And an hour: the token's item says until when (its TTL deletes it later).
    request_reset(&app, "alice@example.com").await;
    let third = reset_path(&app.emails(3).await[2]);
    assert_eq!(Browser::new().get(&app, &third).await.status(), StatusCode::OK);
    let token = third.trim_start_matches("/accounts/reset/").trim_end_matches('/');
    app.expire_item(&format!("RESET#{}", crate::helpers::sha256_hex(token)), "RESET")
        .await;
    assert_eq!(
        Browser::new().get(&app, &third).await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        set_password(&app, &third, "yet another passphrase")
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn reset_requests_are_limited_per_address_asked_for() {
    let app = spawn_app().await;
    signed_in(&app, "alice").await;
    for _ in 0..3 {
        assert_eq!(
            request_reset(&app, "alice@example.com").await.status(),
            StatusCode::FOUND
        );
    }
    let fourth = request_reset(&app, "alice@example.com").await;
    assert_eq!(fourth.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        fourth
            .text()
            .await
            .unwrap()
            .contains("Too many reset requests for this address")
    );
    let unknown = request_reset(&app, "nobody@example.com").await;
    assert_eq!(
        unknown.status(),
        StatusCode::FOUND,
        "another address has its own count"
    );
    assert_eq!(app.emails(3).await.len(), 3);
}

#[tokio::test]
async fn reset_requests_are_limited_per_client_address() {
    let app = spawn_app().await;
    let client = Browser::from_address("203.0.113.9");
    for n in 0..20 {
        let email = format!("someone{n}@example.com");
        let response = client
            .submit(&app, "/accounts/password_reset/", &[("email", &email)])
            .await;
        assert_eq!(response.status(), StatusCode::FOUND, "request {n}");
    }
    let refused = client
        .submit(
            &app,
            "/accounts/password_reset/",
            &[("email", "one-more@example.com")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.text().await.unwrap().contains("from your network"));
    let elsewhere = Browser::from_address("198.51.100.7")
        .submit(
            &app,
            "/accounts/password_reset/",
            &[("email", "one-more@example.com")],
        )
        .await;
    assert_eq!(elsewhere.status(), StatusCode::FOUND);
}
