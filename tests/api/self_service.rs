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
