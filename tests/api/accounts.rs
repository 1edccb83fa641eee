use shared::db::keys;
use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use reqwest::StatusCode;

use crate::helpers::{
    Browser, PASSWORD, TestApp, location, register, sign_in, spawn_app, spawn_app_with, spawn_app_with_env,
};

#[tokio::test]
async fn registering_signs_you_in_and_shows_your_profile() {
    let app = spawn_app().await;
    let browser = Browser::new();

    let response = register(&app, &browser, "Alice_1", "Alice@Example.com").await;

    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(location(&response), "/", "home, to make a first link");
    let home = browser.get(&app, "/").await.text().await.unwrap();
    assert!(
        home.contains("Shorten a link") && home.contains(r#"id="no-links""#),
        "{home}"
    );
    assert!(!home.contains("Create a free account"));
    let profile = browser.get(&app, "/accounts/profile/").await;
    assert_eq!(profile.status(), 200);
    let html = profile.text().await.unwrap();
    assert!(html.contains(r#"id="profile-username">Alice_1<"#), "{html}");
    assert!(html.contains(r#"id="profile-email">alice@example.com<"#));
    assert!(html.contains(r#"id="profile-links">0<"#));
    assert!(
        html.contains("Sign out"),
        "the navigation shows the signed-in user"
    );
    let home = browser.get(&app, "/").await.text().await.unwrap();
    assert!(
        home.contains("Alice_1") && home.contains("Sign out"),
        "the home page knows too"
    );
    let anonymous = app.get("/").await.text().await.unwrap();
    assert!(!anonymous.contains("Sign out") && anonymous.contains("Sign in"));
}

#[tokio::test]
async fn usernames_and_emails_are_unique_whatever_their_case() {
    let app = spawn_app().await;
    register(&app, &Browser::new(), "Alice", "alice@example.com").await;

    let same_name = register(&app, &Browser::new(), "aLiCe", "other@example.com").await;
    assert_eq!(same_name.status(), 400);
    assert!(same_name.text().await.unwrap().contains("That username is taken"));

    let same_email = register(&app, &Browser::new(), "bob", "ALICE@example.COM").await;
    assert_eq!(same_email.status(), 400);
    let html = same_email.text().await.unwrap();
    assert!(html.contains("An account with this email already exists"));
    assert!(html.contains(r#"value="bob""#), "the form keeps what was typed");
}

#[tokio::test]
async fn each_password_rule_is_explained_next_to_the_field() {
    let app = spawn_app().await;
    let cases = [
        ("short1!", "short1!", "at least 8 characters"),
        ("12345678901234", "12345678901234", "entirely numeric"),
        ("carol_rules_1", "carol_rules_1", "too similar to the username"),
        ("password123", "password123", "too common"),
        ("correct horse battery", "correct horse batterY", "do not match"),
    ];
    for (password1, password2, message) in cases {
        let browser = Browser::new();
        let response = browser
            .submit(
                &app,
                "/accounts/register/",
                &[
                    ("username", "carol_rules"),
                    ("email", "carol@example.com"),
                    ("password1", password1),
                    ("password2", password2),
                ],
            )
            .await;
        assert_eq!(response.status(), 400, "{message}");
        let html = response.text().await.unwrap();
        assert!(html.contains(message), "{message}");
        assert!(!html.contains(password1), "the password is echoed back");
        assert!(html.contains(r#"value="carol@example.com""#));
    }
    assert!(app.user_item("carol_rules").await.is_none(), "nothing written");
}

#[tokio::test]
async fn an_oversized_registration_is_refused_unread_with_a_branded_413() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let huge = "a".repeat(120_000);
    let response = browser
        .submit(
            &app,
            "/accounts/register/",
            &[
                ("username", "erin_big"),
                ("email", "erin@example.com"),
                ("password1", &huge),
                ("password2", &huge),
            ],
        )
        .await;

    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let html = response.text().await.unwrap();
    assert!(html.contains("far larger than this form accepts"), "{html}");
    assert!(html.contains("<nav"), "the branded page, not a bare error");
    assert!(app.user_item("erin_big").await.is_none(), "nothing written");
}

#[tokio::test]
async fn long_fields_get_their_length_errors_and_nothing_else_runs() {
    let app = spawn_app().await;
    let browser = Browser::new();
    // A 14 KB body, just under the limit: a 7,000-character username and password.
    let (username, password) = ("frank".repeat(1_400), "frank".repeat(1_400));
    let response = browser
        .submit(
            &app,
            "/accounts/register/",
            &[
                ("username", &username),
                ("email", "frank@example.com"),
                ("password1", &password),
                ("password2", "something else"),
            ],
        )
        .await;

    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let html = response.text().await.unwrap();
    assert!(html.contains("3 to 30 characters"), "{html}");
    assert!(html.contains("at most 128 characters"));
    assert!(
        !html.contains("too similar") && !html.contains("too common"),
        "the expensive checks are skipped once a length check fails"
    );
    assert_eq!(app.items_with_prefix(keys::USER).await, 0, "nothing written");
}

#[tokio::test]
async fn reserved_and_malformed_usernames_are_refused() {
    let app = spawn_app().await;
    for (username, message) in [
        ("Accounts", "reserved"),
        ("static", "reserved"),
        ("a b", "letters, digits"),
        ("ab", "3 to 30"),
    ] {
        let response = register(&app, &Browser::new(), username, "dave@example.com").await;
        assert_eq!(response.status(), 400, "{username}");
        assert!(response.text().await.unwrap().contains(message), "{username}");
    }
}

#[tokio::test]
async fn concurrent_registrations_of_one_username_create_exactly_one_account() {
    let app = spawn_app_with(4).await;
    let attempts = (0..8).map(|i| {
        let app = &app;
        async move {
            register(app, &Browser::new(), "Racer", &format!("racer{i}@example.com"))
                .await
                .status()
        }
    });

    let statuses = futures_util::future::join_all(attempts).await;

    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::FOUND).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::FOUND || *s == StatusCode::BAD_REQUEST),
        "{statuses:?}"
    );
    assert_eq!(
        app.items_with_prefix(&format!("{}racer", keys::EMAIL)).await,
        1,
        "one email guard, of the winner"
    );
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    let app = spawn_app().await;
    register(&app, &Browser::new(), "erin", "erin@example.com").await;

    let wrong = sign_in(
        &app,
        &Browser::new(),
        "/accounts/login/",
        "erin",
        "not the password",
    )
    .await;
    let unknown = sign_in(
        &app,
        &Browser::new(),
        "/accounts/login/",
        "nobody_here",
        "not the password",
    )
    .await;

    assert_eq!(wrong.status(), 400);
    assert_eq!(unknown.status(), wrong.status());
    let (wrong, unknown) = (wrong.text().await.unwrap(), unknown.text().await.unwrap());
    let message = "Please enter a correct username and password.";
    assert!(wrong.contains(message) && unknown.contains(message));
    let strip = |html: &str, name: &str| crate::helpers::without_csrf_token(html).replace(name, "NAME");
    assert_eq!(strip(&wrong, "erin"), strip(&unknown, "nobody_here"));
}

#[tokio::test]
async fn signing_in_rotates_the_session_and_goes_to_next_only_when_local() {
    let app = spawn_app().await;
    register(&app, &Browser::new(), "frank", "frank@example.com").await;
    let browser = Browser::new();

    let plain = sign_in(&app, &browser, "/accounts/login/", "FRANK", PASSWORD).await;
    assert_eq!(plain.status(), 302);
    assert_eq!(location(&plain), "/links/");
    let first_session = browser.session_cookie(&app).expect("a session cookie");

    let local = sign_in(
        &app,
        &browser,
        "/accounts/login/?next=/accounts/profile/",
        "frank",
        PASSWORD,
    )
    .await;
    assert_eq!(location(&local), "/accounts/profile/");
    let second_session = browser.session_cookie(&app).unwrap();
    assert_ne!(first_session, second_session, "a new session id on every sign-in");
    assert!(
        !app.session_exists(&first_session).await,
        "the old session is gone"
    );

    for attack in [
        "//evil.example",
        "https://evil.example/",
        "/\\evil.example",
        "%2F%2Fevil.example",
    ] {
        let response = sign_in(
            &app,
            &browser,
            &format!("/accounts/login/?next={attack}"),
            "frank",
            PASSWORD,
        )
        .await;
        assert_eq!(location(&response), "/links/", "{attack}");
    }
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_while() {
    let app = spawn_app().await;
    register(&app, &Browser::new(), "grace", "grace@example.com").await;
    for _ in 0..5 {
        let response = sign_in(
            &app,
            &Browser::new(),
            "/accounts/login/",
            "grace",
            "wrong password",
        )
        .await;
        assert_eq!(response.status(), 400);
    }

    let locked = sign_in(&app, &Browser::new(), "/accounts/login/", "grace", PASSWORD).await;
    assert_eq!(locked.status(), 429);
    assert!(
        locked
            .text()
            .await
            .unwrap()
            .contains("Too many failed sign-in attempts")
    );
    // An unknown account locks the same way: the lock reveals nothing.
    for _ in 0..6 {
        sign_in(
            &app,
            &Browser::new(),
            "/accounts/login/",
            "ghost_user",
            "wrong password",
        )
        .await;
    }
    let ghost = sign_in(
        &app,
        &Browser::new(),
        "/accounts/login/",
        "ghost_user",
        "wrong password",
    )
    .await;
    assert_eq!(ghost.status(), 429);

    app.expire_item(&format!("{}AU#127.0.0.1#grace", keys::LOGINFAIL), "LOGINFAIL")
        .await;
    let lifted = sign_in(&app, &Browser::new(), "/accounts/login/", "grace", PASSWORD).await;
    assert_eq!(lifted.status(), 302, "the lock lifts when its window ends");
}

/// One sign-in attempt of `username` from `address`, in a fresh browser.
async fn sign_in_from(app: &TestApp, address: &str, username: &str, password: &str) -> reqwest::Response {
    sign_in(
        app,
        &Browser::from_address(address),
        "/accounts/login/",
        username,
        password,
    )
    .await
}

#[tokio::test]
async fn a_lock_out_from_one_address_leaves_the_owner_free_at_another() {
    let app = spawn_app().await;
    register(&app, &Browser::new(), "olive", "olive@example.com").await;
    for _ in 0..5 {
        let guess = sign_in_from(&app, "198.51.100.66", "olive", "wrong password").await;
        assert_eq!(guess.status(), 400);
    }
    let attacker = sign_in_from(&app, "198.51.100.66", "olive", PASSWORD).await;
    assert_eq!(attacker.status(), 429, "locked out from the guessing address");
    assert!(
        attacker
            .text()
            .await
            .unwrap()
            .contains("Too many failed sign-in attempts for this account from your address")
    );

    let owner = sign_in_from(&app, "203.0.113.10", "olive", PASSWORD).await;
    assert_eq!(owner.status(), 302, "the owner signs in from another address");

    // An IPv6 client is one /64: a new address in the same /64 is the same client.
    for i in 1..=5 {
        let guess = sign_in_from(&app, &format!("2001:db8:5:6::{i}"), "olive", "wrong").await;
        assert_eq!(guess.status(), 400);
    }
    let same_64 = sign_in_from(&app, "2001:db8:5:6:ffff::1", "olive", PASSWORD).await;
    assert_eq!(same_64.status(), 429);
    let next_64 = sign_in_from(&app, "2001:db8:5:7::1", "olive", PASSWORD).await;
    assert_eq!(next_64.status(), 302);
}

#[tokio::test]
async fn one_address_spraying_many_accounts_is_stopped() {
    let app = spawn_app().await;
    register(&app, &Browser::new(), "pia", "pia@example.com").await;
    for i in 0..50 {
        let guess = sign_in_from(&app, "198.51.100.77", &format!("target{i}"), "Password1").await;
        assert_eq!(guess.status(), 400, "guess {i}");
    }
    let refused = sign_in_from(&app, "198.51.100.77", "pia", PASSWORD).await;
    assert_eq!(refused.status(), 429, "the 51st attempt from that address");
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Too many failed sign-in attempts from your address. Please wait 15 minutes")
    );
    let elsewhere = sign_in_from(&app, "203.0.113.20", "pia", PASSWORD).await;
    assert_eq!(elsewhere.status(), 302);
}

#[tokio::test]
async fn a_guess_spread_over_many_addresses_meets_the_accounts_ceiling() {
    let app = spawn_app_with(2).await;
    register(&app, &Browser::new(), "quinn", "quinn@example.com").await;
    // 20 addresses, each within its own limits: 100 failures in all.
    let guesses = (0..100).map(|i| {
        let app = &app;
        async move {
            let address = format!("198.51.100.{}", i / 5);
            sign_in_from(app, &address, "quinn", &format!("guess {i}"))
                .await
                .status()
        }
    });
    let statuses = futures_util::future::join_all(guesses).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::BAD_REQUEST),
        "{statuses:?}"
    );

    let next = sign_in_from(&app, "203.0.113.30", "quinn", "one more guess").await;
    assert_eq!(next.status(), 429);
    assert!(
        next.text()
            .await
            .unwrap()
            .contains("Too many failed sign-in attempts for this account. Please wait 1 hour")
    );
    // The owner is stopped too until the hour is over: the price of the ceiling.
    let owner = sign_in_from(&app, "203.0.113.31", "quinn", PASSWORD).await;
    assert_eq!(owner.status(), 429);
    app.expire_item(&format!("{}U#quinn", keys::LOGINFAIL), "LOGINFAIL")
        .await;
    let owner = sign_in_from(&app, "203.0.113.31", "quinn", PASSWORD).await;
    assert_eq!(owner.status(), 302);
}

/// The limits come from the environment; successful sign-ins give their attempt back.
#[tokio::test]
async fn only_failures_count_against_configured_limits() {
    let app = spawn_app_with_env(&[("SIGN_IN_LIMIT_ADDRESS", "3/10m")]).await;
    register(&app, &Browser::new(), "rosa", "rosa@example.com").await;
    for _ in 0..5 {
        let signed_in = sign_in_from(&app, "198.51.100.88", "rosa", PASSWORD).await;
        assert_eq!(signed_in.status(), 302, "successes are not failures");
    }
    for i in 0..3 {
        let failed = sign_in_from(&app, "198.51.100.88", &format!("other{i}"), "wrong").await;
        assert_eq!(failed.status(), 400);
    }
    let refused = sign_in_from(&app, "198.51.100.88", "rosa", PASSWORD).await;
    assert_eq!(refused.status(), 429);
    assert!(refused.text().await.unwrap().contains("Please wait 10 minutes"));
}

/// A username or password longer than any account's is refused at once: no hash, no lookup,
/// nothing counted.
#[tokio::test]
async fn sign_ins_with_overlong_fields_are_refused_before_any_work() {
    let app = spawn_app().await;
    register(&app, &Browser::new(), "sam", "sam@example.com").await;
    let long_password = "p".repeat(10_000);
    let long_username = "s".repeat(5_000);
    for (username, password) in [
        ("sam", long_password.as_str()),
        (long_username.as_str(), PASSWORD),
    ] {
        let response = sign_in(&app, &Browser::new(), "/accounts/login/", username, password).await;
        assert_eq!(response.status(), 400);
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("Please enter a correct username and password")
        );
    }
    assert_eq!(app.items_with_prefix(keys::LOGINFAIL).await, 0, "nothing counted");
}

#[tokio::test]
async fn parallel_guesses_cannot_exceed_the_limit() {
    let app = spawn_app_with(4).await;
    register(&app, &Browser::new(), "ken", "ken@example.com").await;
    let guesses = (0..12).map(|i| {
        let app = &app;
        async move {
            sign_in(
                app,
                &Browser::new(),
                "/accounts/login/",
                "ken",
                &format!("guess number {i}"),
            )
            .await
            .status()
        }
    });

    let statuses = futures_util::future::join_all(guesses).await;

    let checked = statuses.iter().filter(|s| **s == StatusCode::BAD_REQUEST).count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((checked, refused), (5, 7), "{statuses:?}");
}

#[tokio::test]
async fn signing_out_kills_the_session_on_the_server() {
    let app = spawn_app().await;
    let browser = Browser::new();
    register(&app, &browser, "heidi", "heidi@example.com").await;
    let stolen = browser.session_cookie(&app).unwrap();

    let confirm = browser.get(&app, "/accounts/logout/").await;
    assert_eq!(confirm.status(), 200);
    let response = browser.submit(&app, "/accounts/logout/", &[]).await;
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), "/");

    let replay = app.get_with_session("/accounts/profile/", &stolen).await;
    assert_eq!(replay.status(), 302);
    assert_eq!(location(&replay), "/accounts/login/?next=/accounts/profile/");
}

#[tokio::test]
async fn posts_without_a_valid_csrf_token_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let form = [
        ("username", "ivan"),
        ("email", "ivan@example.com"),
        ("password1", PASSWORD),
        ("password2", PASSWORD),
    ];
    let browser = Browser::new();
    browser.get(&app, "/accounts/register/").await; // gets the csrf cookie

    let missing = browser.post_raw(&app, "/accounts/register/", &form).await;
    let mut forged = form.to_vec();
    forged.push((
        "csrf_token",
        "0000000000000000000000000000000000000000000000000000000000000000",
    ));
    let wrong = browser.post_raw(&app, "/accounts/register/", &forged).await;

    // A body that is not a form carries no token either.
    let unreadable = browser
        .post_json(&app, "/accounts/register/", r#"{"username": "ivan"}"#)
        .await;

    for response in [missing, wrong, unreadable] {
        assert_eq!(response.status(), 403);
        assert!(response.text().await.unwrap().contains("Forbidden"));
    }
    assert!(app.user_item("ivan").await.is_none());
}

#[tokio::test]
async fn expired_sessions_are_signed_out() {
    let app = spawn_app().await;
    let browser = Browser::new();
    register(&app, &browser, "judy", "judy@example.com").await;
    assert_eq!(browser.get(&app, "/accounts/profile/").await.status(), 200);

    app.age_session(&browser.session_cookie(&app).unwrap(), 8 * 24 * 3600)
        .await;

    let response = browser.get(&app, "/accounts/profile/").await;
    assert_eq!(response.status(), 302, "idle for 8 days: signed out");

    let browser = Browser::new();
    sign_in(&app, &browser, "/accounts/login/", "judy", PASSWORD).await;
    let session = browser.session_cookie(&app).unwrap();
    app.age_session_start(&session, 31 * 24 * 3600).await;
    let response = browser.get(&app, "/accounts/profile/").await;
    assert_eq!(
        response.status(),
        302,
        "signed in 31 days ago, however active: signed out"
    );
}

#[tokio::test]
async fn signed_out_visitors_are_sent_to_sign_in() {
    let app = spawn_app().await;

    let response = app.get("/accounts/profile/").await;

    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), "/accounts/login/?next=/accounts/profile/");
}

#[tokio::test]
async fn cookies_are_host_only_secure_httponly_and_lax_in_production() {
    let app = crate::helpers::spawn_app_with_env(&[("SECURE_COOKIES", "true")]).await;

    let response = app.get("/accounts/login/").await;

    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
    for flag in ["__Host-csrf=", "Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie} lacks {flag}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
}

#[tokio::test]
async fn passwords_and_session_ids_never_reach_the_logs_even_at_trace_level() {
    let app = crate::helpers::spawn_app_with_env(&[("RUST_LOG", "trace")]).await;
    let browser = Browser::new();
    register(&app, &browser, "mallory", "mallory@example.com").await;
    sign_in(&app, &browser, "/accounts/login/", "mallory", "a wrong guess").await;
    // A password typed into the username box.
    sign_in(
        &app,
        &Browser::new(),
        "/accounts/login/",
        "my secret passphrase",
        "x",
    )
    .await;
    let session = browser.session_cookie(&app).unwrap();

    let logs = app.api.logs("accounts").join("\n");

    assert!(
        logs.contains("user registered") && logs.contains("sign-in failed"),
        "{logs}"
    );
    for secret in [
        PASSWORD,
        "a wrong guess",
        "my secret passphrase",
        session.as_str(),
    ] {
        // As typed, and as a form body carries it.
        for form in [secret.to_string(), secret.replace(' ', "+")] {
            assert!(!logs.contains(&form), "{form} logged in {logs}");
        }
    }
    let attrs: HashMap<String, AttributeValue> = app.user_item("mallory").await.unwrap();
    assert!(attrs["password_hash"].as_s().unwrap().starts_with("$argon2id$"));
}

#[tokio::test]
async fn every_broken_rule_is_reported_and_an_empty_sign_in_says_what_is_missing() {
    let app = spawn_app().await;
    let browser = Browser::new();
    let response = register(&app, &browser, "a!", "a@example.com").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("3 to 30 characters")
            && html.contains("Use only letters, digits, underscores and hyphens."),
        "both rules the name breaks: {html}"
    );

    for (username, password, says, not) in [
        (
            "",
            "",
            "Enter your username. Enter your password.",
            "correct username",
        ),
        ("someone", "", "Enter your password.", "Enter your username."),
        ("", "secret", "Enter your username.", "Enter your password."),
    ] {
        let response = crate::helpers::sign_in(&app, &browser, "/accounts/login/", username, password).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let html = response.text().await.unwrap();
        assert!(
            html.contains(says) && !html.contains(not),
            "{username:?}/{password:?}: {html}"
        );
    }
}
