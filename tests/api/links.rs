//! Link management under `/links/`: signed-in users only, each seeing only their own links.

use reqwest::StatusCode;
use shared::db::keys;

use crate::helpers::{Browser, TestApp, location, register, spawn_app};

/// A registered, signed-in browser.
pub async fn signed_in(app: &TestApp, username: &str) -> Browser {
    let browser = Browser::new();
    let response = register(app, &browser, username, &format!("{username}@example.com")).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    browser
}

/// Submits the new-link form; returns the response (a 302 to the link's page on success).
pub async fn create_link(app: &TestApp, browser: &Browser, target: &str, slug: &str) -> reqwest::Response {
    browser
        .submit_to(
            app,
            "/links/new/",
            "/links/new/",
            &[("target_url", target), ("slug", slug), ("title", "")],
        )
        .await
}

/// Creates a link and returns its slug.
pub async fn new_link(app: &TestApp, browser: &Browser, target: &str) -> String {
    let response = create_link(app, browser, target, "").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let path = location(&response).to_string();
    path.trim_start_matches("/links/")
        .trim_end_matches('/')
        .to_string()
}

async fn page(app: &TestApp, browser: &Browser, path: &str) -> (StatusCode, String) {
    let response = browser.get(app, path).await;
    (response.status(), response.text().await.unwrap())
}

fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

#[tokio::test]
async fn signed_out_visitors_are_sent_to_sign_in_and_back() {
    let app = spawn_app().await;
    for path in ["/links/", "/links/new/", "/links/abc123/", "/links/abc123/edit/"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::FOUND, "{path}");
        let next: String = path.replace('/', "%2F");
        assert_eq!(location(&response), format!("/accounts/login/?next={next}"));
    }
    let home = app.get("/").await;
    assert_eq!(home.status(), 200, "the home page stays public");
}

#[tokio::test]
async fn create_view_edit_and_delete_a_link() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;

    let created = alice
        .submit_to(
            &app,
            "/links/new/",
            "/links/new/",
            &[
                ("target_url", "https://example.com/docs?page=1"),
                ("slug", "My-Docs"),
                ("title", "The docs"),
            ],
        )
        .await;
    assert_eq!(created.status(), StatusCode::FOUND);
    assert_eq!(
        location(&created),
        "/links/my-docs/",
        "custom slugs are case-folded"
    );

    let (status, detail) = page(&app, &alice, "/links/my-docs/").await;
    assert_eq!(status, 200);
    assert!(detail.contains("The docs"));
    assert!(
        detail.contains(&format!(r#"value="{}/alice/my-docs/""#, app.api.url)),
        "{detail}"
    );
    assert!(detail.contains("https://example.com/docs?page=1"));
    assert!(detail.contains(r#"<span id="link-clicks">0</span>"#));
    assert!(detail.contains("data-copy=\"#short-url\""), "a copy button");

    let (_, list) = page(&app, &alice, "/links/").await;
    assert_eq!(count(&list, "class=\"link-row\""), 1);
    let profile = alice.get(&app, "/accounts/profile/").await.text().await.unwrap();
    assert!(profile.contains(r#"id="profile-links">1<"#));

    let (status, form) = page(&app, &alice, "/links/my-docs/edit/").await;
    assert_eq!(status, 200);
    assert!(
        form.contains(r#"value="https://example.com/docs?page=1""#),
        "the form shows the link"
    );
    let edited = alice
        .submit(
            &app,
            "/links/my-docs/edit/",
            &[("target_url", "https://example.org/new"), ("title", "New docs")],
        )
        .await;
    assert_eq!(edited.status(), StatusCode::FOUND);
    assert_eq!(location(&edited), "/links/my-docs/");
    let (_, detail) = page(&app, &alice, "/links/my-docs/").await;
    assert!(detail.contains("https://example.org/new") && detail.contains("New docs"));
    let visit = app.get("/alice/my-docs/").await;
    assert_eq!(
        location(&visit),
        "https://example.org/new",
        "the short link follows the edit"
    );

    let (status, confirm) = page(&app, &alice, "/links/my-docs/delete/").await;
    assert_eq!(status, 200);
    assert!(confirm.contains("Delete this link?"));
    assert_eq!(
        app.get("/alice/my-docs/").await.status(),
        StatusCode::FOUND,
        "a GET asks first"
    );
    let deleted = alice.submit(&app, "/links/my-docs/delete/", &[]).await;
    assert_eq!(deleted.status(), StatusCode::FOUND);
    assert_eq!(location(&deleted), "/links/");

    assert_eq!(app.get("/alice/my-docs/").await.status(), 404, "gone at once");
    assert_eq!(page(&app, &alice, "/links/my-docs/").await.0, 404);
    let (_, list) = page(&app, &alice, "/links/").await;
    assert!(list.contains("id=\"no-links\""));
    let profile = alice.get(&app, "/accounts/profile/").await.text().await.unwrap();
    assert!(profile.contains(r#"id="profile-links">0<"#));
    assert_eq!(app.items_with_prefix(keys::LINK).await, 0);
    assert_eq!(app.items_with_prefix(keys::HITS).await, 0);
}

#[tokio::test]
async fn generated_slugs_are_eight_lowercase_letters_or_digits() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let slug = new_link(&app, &alice, "https://example.com/").await;
    assert_eq!(slug.len(), 8, "{slug}");
    assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    let other = new_link(&app, &alice, "https://example.com/").await;
    assert_ne!(slug, other);
}

#[tokio::test]
async fn the_list_is_paged_newest_first_with_signed_page_tokens() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    for i in 0..23 {
        let response = create_link(
            &app,
            &alice,
            &format!("https://example.com/{i}"),
            &format!("link-{i:02}"),
        )
        .await;
        assert_eq!(response.status(), StatusCode::FOUND);
    }

    let (_, first) = page(&app, &alice, "/links/").await;
    assert_eq!(count(&first, "class=\"link-row\""), 20);
    assert!(
        first.find("link-22").unwrap() < first.find("link-21").unwrap(),
        "newest first"
    );
    assert!(!first.contains("data-slug=\"link-02\""));
    let start = first.find("/links/?after=").expect("a next-page link");
    let next = &first[start..first[start..].find('"').unwrap() + start];

    let (status, second) = page(&app, &alice, next).await;
    assert_eq!(status, 200);
    assert_eq!(count(&second, "class=\"link-row\""), 3);
    for i in 0..3 {
        assert!(second.contains(&format!("data-slug=\"link-{i:02}\"")));
    }
    assert!(!second.contains("/links/?after="), "no page after the last");

    // Tokens are opaque and signed: edited, or borrowed by another user, they are refused.
    let token = next.trim_start_matches("/links/?after=");
    let mut tampered = token.to_string();
    tampered.replace_range(0..2, if &token[0..2] == "31" { "32" } else { "31" });
    let (status, _) = page(&app, &alice, &format!("/links/?after={tampered}")).await;
    assert_eq!(status, 400);
    let bob = signed_in(&app, "bob").await;
    assert_eq!(page(&app, &bob, next).await.0, 400);
}

#[tokio::test]
async fn other_users_links_do_not_exist_for_you() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let slug = new_link(&app, &alice, "https://example.com/alice").await;
    let mallory = signed_in(&app, "mallory").await;

    for path in ["/links/{}/", "/links/{}/edit/", "/links/{}/delete/"] {
        let path = path.replace("{}", &slug);
        assert_eq!(page(&app, &mallory, &path).await.0, 404, "GET {path}");
    }
    // Posting with mallory's own valid token: still 404, nothing changed.
    let edit = mallory
        .submit_to(
            &app,
            "/links/new/",
            &format!("/links/{slug}/edit/"),
            &[("target_url", "https://evil.example/"), ("title", "")],
        )
        .await;
    assert_eq!(edit.status(), 404);
    let delete = mallory
        .submit_to(&app, "/links/new/", &format!("/links/{slug}/delete/"), &[])
        .await;
    assert_eq!(delete.status(), 404);
    let visit = app.get(&format!("/alice/{slug}/")).await;
    assert_eq!(location(&visit), "https://example.com/alice");
    // And mallory may use the same slug for a link of her own.
    let own = create_link(&app, &mallory, "https://example.com/m", &slug).await;
    assert_eq!(own.status(), StatusCode::FOUND);
}

#[tokio::test]
async fn a_taken_custom_slug_is_a_form_error() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    assert_eq!(
        create_link(&app, &alice, "https://example.com/1", "docs")
            .await
            .status(),
        302
    );

    let again = create_link(&app, &alice, "https://example.com/2", "DOCS").await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    let html = again.text().await.unwrap();
    assert!(html.contains("You already have a link with this slug"), "{html}");
    assert!(
        html.contains(r#"value="https://example.com/2""#),
        "the form keeps the input"
    );
    assert_eq!(location(&app.get("/alice/docs/").await), "https://example.com/1");

    for bad in ["ab", "no spaces", "new", "under_score"] {
        let response = create_link(&app, &alice, "https://example.com/", bad).await;
        assert_eq!(response.status(), 400, "{bad}");
    }
}

#[tokio::test]
async fn only_plain_web_addresses_elsewhere_can_be_shortened() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let own = app.url("/alice/loop/");
    // The HTTP API's default address, which still answers behind a custom domain.
    let region = std::env::var("AWS_REGION").unwrap_or_else(|_| "us-east-1".into());
    let execute_api = format!("https://local.execute-api.{region}.amazonaws.com/alice/loop/");
    let long = format!("https://example.com/{}", "a".repeat(2048));
    let cases = [
        ("", "Enter the address"),
        ("javascript:alert(1)", "Only http:// and https://"),
        (
            "data:text/html,<script>alert(1)</script>",
            "Only http:// and https://",
        ),
        ("file:///etc/passwd", "Only http:// and https://"),
        ("ftp://example.com/file", "Only http:// and https://"),
        ("https://user:secret@example.com/", "user name or password"),
        ("http://", "Enter a full web address"),
        ("https://exa mple.com/", "Enter a full web address"),
        (own.as_str(), "is a short link itself"),
        (execute_api.as_str(), "is a short link itself"),
        (long.as_str(), "at most 2048 characters"),
    ];
    for (target, message) in cases {
        let response = create_link(&app, &alice, target, "").await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{target}");
        let html = response.text().await.unwrap();
        assert!(html.contains(message), "{target}: {html}");
    }
    assert_eq!(app.items_with_prefix(keys::LINK).await, 0, "nothing stored");

    let bare = new_link(&app, &alice, "example.com/page").await;
    assert_eq!(
        location(&app.get(&format!("/alice/{bare}/")).await),
        "https://example.com/page",
        "a bare host is read as https"
    );
}

#[tokio::test]
async fn link_forms_need_the_csrf_token() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let forged = alice
        .post_raw(&app, "/links/new/", &[("target_url", "https://example.com/")])
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let slug = new_link(&app, &alice, "https://example.com/keep").await;
    let forged_delete = alice
        .post_raw(
            &app,
            &format!("/links/{slug}/delete/"),
            &[("csrf_token", "0".repeat(64).as_str())],
        )
        .await;
    assert_eq!(forged_delete.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.items_with_prefix(keys::LINK).await, 1, "only the real link");
}

#[tokio::test]
async fn a_generated_slug_that_is_taken_is_drawn_again_never_overwritten() {
    use shared::links::domain::{Slug, TargetUrl, Title};
    use shared::links::store::{LinkStore, NewLink};

    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    assert_eq!(
        create_link(&app, &alice, "https://example.com/first", "taken123")
            .await
            .status(),
        302
    );

    let table = app.table_handle();
    let target = TargetUrl::parse("https://example.com/second", &[]).unwrap();
    let title = Title::default();
    let form_id = shared::forms::FormId::generate();
    let link = NewLink {
        owner: "alice",
        form_id: &form_id,
        target: &target,
        title: &title,
        created_ms: 1,
        valid_until: Default::default(),
        tags: &Default::default(),
        idempotency: None,
    };
    let mut draws = ["taken123", "fresh456"].into_iter();
    let slug = shared::links::create(&table, &link, None, || {
        Slug::parse(draws.next().unwrap()).unwrap()
    })
    .await
    .unwrap();

    assert_eq!(slug.as_str(), "fresh456");
    assert_eq!(draws.next(), None, "exactly one redraw");
    let first = table.find_link("alice", "taken123").await.unwrap().unwrap();
    assert_eq!(
        first.target, "https://example.com/first",
        "the existing link is untouched"
    );
    assert_eq!(
        location(&app.get("/alice/fresh456/").await),
        "https://example.com/second"
    );
}

#[tokio::test]
async fn an_account_has_at_most_ten_thousand_links() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    app.set_link_count("alice", 9_999).await;
    assert_eq!(
        create_link(&app, &alice, "https://example.com/last", "last")
            .await
            .status(),
        302
    );

    let refused = create_link(&app, &alice, "https://example.com/more", "more").await;

    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let html = refused.text().await.unwrap();
    assert!(html.contains("the most an account can have"), "{html}");
    assert_eq!(
        app.items_with_prefix(&format!("{}alice#more", keys::LINK)).await,
        0,
        "nothing written"
    );
    assert_eq!(
        app.items_with_prefix(&format!("{}alice#more", keys::HITS)).await,
        0
    );
}

/// A double click on "Create link" (or a resent POST) creates one link, and both answers
/// land on it; so do two submissions racing each other.
#[tokio::test]
async fn a_new_link_form_submitted_twice_creates_one_link() {
    let app = crate::helpers::spawn_app_with(2).await;
    let alice = signed_in(&app, "alice").await;
    for (round, custom) in ["", "twice"].into_iter().enumerate() {
        let html = alice.get(&app, "/links/new/").await.text().await.unwrap();
        let fields = crate::helpers::hidden_fields(&html);
        assert!(fields.iter().any(|(name, _)| name == "form_id"), "{html}");
        let target = format!("https://example.com/{round}");
        let mut body: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        body.extend([("target_url", target.as_str()), ("slug", custom), ("title", "")]);

        let first = alice.post_raw(&app, "/links/new/", &body).await;
        let again = alice.post_raw(&app, "/links/new/", &body).await;
        assert_eq!(
            (first.status(), again.status()),
            (StatusCode::FOUND, StatusCode::FOUND)
        );
        assert_eq!(
            location(&first),
            location(&again),
            "the second lands on the first's link"
        );
        let (racing_a, racing_b) = tokio::join!(
            alice.post_raw(&app, "/links/new/", &body),
            alice.post_raw(&app, "/links/new/", &body)
        );
        assert_eq!(location(&racing_a), location(&first));
        assert_eq!(location(&racing_b), location(&first));
    }
    let (_, list) = page(&app, &alice, "/links/").await;
    assert_eq!(count(&list, "class=\"link-row\""), 2, "{list}");
    let (_, profile) = page(&app, &alice, "/accounts/profile/").await;
    assert!(profile.contains("id=\"profile-links\">2<"), "{profile}");

    // A form id that was never handed out is refused, and creates nothing.
    let altered = alice
        .submit(
            &app,
            "/links/new/",
            &[
                ("form_id", "not-a-form-id"),
                ("target_url", "https://example.com/x"),
                ("slug", ""),
                ("title", ""),
            ],
        )
        .await;
    assert_eq!(altered.status(), StatusCode::BAD_REQUEST);
    assert!(altered.text().await.unwrap().contains("This form is out of date"));
}

#[tokio::test]
async fn the_signed_in_home_shortens_a_pasted_address_in_one_step_and_shows_the_latest_links() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let home = alice.get(&app, "/").await.text().await.unwrap();
    assert!(home.contains(r#"action="/links/new/""#) && !home.contains("Create a free account"));
    let created = alice
        .submit_to(
            &app,
            "/",
            "/links/new/",
            &[("target_url", "https://example.com/pasted")],
        )
        .await;
    assert_eq!(created.status(), StatusCode::FOUND);
    let page = location(&created).to_string();
    assert!(
        page.starts_with("/links/") && page.len() == "/links/".len() + 9,
        "{page}"
    );
    // The same rules as the form.
    let refused = alice
        .submit_to(&app, "/", "/links/new/", &[("target_url", "not a web address")])
        .await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);

    for index in 0..6 {
        new_link(&app, &alice, &format!("https://example.com/{index}")).await;
    }
    let home = alice.get(&app, "/").await.text().await.unwrap();
    let latest = home.split(r#"<li class="list-group-item"#).count() - 1;
    assert_eq!(latest, 5, "the five latest");
    assert!(home.contains(r#"id="all-links""#));
    // Signed out, the public home.
    let public = app.get("/").await.text().await.unwrap();
    assert!(public.contains("Create a free account"));
}

#[tokio::test]
async fn head_says_how_long_the_get_would_be_and_one_page_has_no_pager() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    new_link(&app, &alice, "https://example.com/").await;
    let get = alice.get(&app, "/links/").await;
    let html = get.text().await.unwrap();
    assert!(
        !html.contains(r#"aria-label="Pages""#),
        "no empty pager on one page"
    );
    let head = app.client.head(app.url("/")).send().await.unwrap();
    let public = app.get("/").await.text().await.unwrap();
    assert_eq!(
        head.headers()["content-length"].to_str().unwrap(),
        public.len().to_string()
    );
}

/// Pages over 1 KB go gzipped to a client that asks, and their HEAD says the compressed
/// length; small answers and clients that do not ask get them as they are. Every page says it
/// varies by `Accept-Encoding`.
#[tokio::test]
async fn pages_are_compressed_for_clients_that_ask() {
    use std::io::Read;
    let app = spawn_app().await;
    let plain = app.get("/").await;
    assert!(plain.headers().get("content-encoding").is_none());
    assert!(
        plain.headers()["vary"]
            .to_str()
            .unwrap()
            .contains("Accept-Encoding")
    );
    let html = plain.text().await.unwrap();
    assert!(html.len() > 1024);

    let fetch = |encoding: &'static str| {
        let request = app.client.get(app.url("/")).header("accept-encoding", encoding);
        async move { request.send().await.unwrap() }
    };
    let gzip = fetch("gzip, deflate, br, zstd").await;
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
    assert!(
        gzip.headers()["vary"]
            .to_str()
            .unwrap()
            .contains("Accept-Encoding")
    );
    assert!(
        gzip.headers().contains_key("content-security-policy"),
        "the page's headers stay"
    );
    let body = gzip.bytes().await.unwrap();
    assert!(
        body.len() * 2 < html.len(),
        "{} of {} bytes",
        body.len(),
        html.len()
    );
    let mut ungzip = String::new();
    flate2::read::GzDecoder::new(&body[..])
        .read_to_string(&mut ungzip)
        .unwrap();
    assert_eq!(ungzip, html);
    for refused in ["br", "gzip;q=0, br", "identity"] {
        let response = fetch(refused).await;
        assert!(response.headers().get("content-encoding").is_none(), "{refused}");
    }

    let head = app
        .client
        .head(app.url("/"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(head.headers()["content-encoding"], "gzip");
    assert_eq!(
        head.headers()["content-length"].to_str().unwrap(),
        body.len().to_string()
    );

    // An answer under 1 KB (a redirect) is left alone.
    let redirect = app
        .client
        .get(app.url("/links/"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(redirect.status(), StatusCode::FOUND);
    assert!(redirect.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn creating_saving_and_deleting_say_so_once_on_the_next_page() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let created = create_link(&app, &alice, "https://example.com/", "said").await;
    assert_eq!(created.status(), StatusCode::FOUND);
    let cookie = created.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.starts_with("flash=created;") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let confirmation = r#"<div class="alert alert-success flash" role="status">"#;
    let page = alice.get(&app, "/links/said/").await.text().await.unwrap();
    assert!(
        page.contains(&format!("{confirmation}Link created.</div>")),
        "{page}"
    );
    let again = alice.get(&app, "/links/said/").await.text().await.unwrap();
    assert!(!again.contains(confirmation), "once");
    assert!(!again.contains("<!--flash-->"));

    let saved = alice
        .submit_to(
            &app,
            "/links/said/edit/",
            "/links/said/edit/",
            &[("target_url", "https://example.com/2"), ("title", "")],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::FOUND);
    let page = alice.get(&app, "/links/said/").await.text().await.unwrap();
    assert!(page.contains(&format!("{confirmation}Saved.</div>")));
    let deleted = alice.submit(&app, "/links/said/delete/", &[]).await;
    assert_eq!(deleted.status(), StatusCode::FOUND);
    let list = alice.get(&app, "/links/").await.text().await.unwrap();
    assert!(list.contains(&format!("{confirmation}Deleted.</div>")));
    // A cookie naming no message shows nothing.
    let forged = app
        .client
        .get(app.url("/"))
        .header("cookie", "flash=<script>")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!forged.contains(confirmation) && !forged.contains("<script>"));
}

#[tokio::test]
async fn a_field_in_error_is_marked_and_tied_to_its_hint_and_its_message() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let response = create_link(&app, &alice, "not a web address", "x").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let html = response.text().await.unwrap();
    let field = |id: &str| {
        let start = html.find(&format!(r#"id="{id}""#)).unwrap();
        let start = html[..start].rfind('<').unwrap();
        html[start..start + html[start..].find('>').unwrap()].to_string()
    };
    let slug = field("slug");
    assert!(slug.contains(r#"aria-invalid="true""#), "{slug}");
    assert!(
        slug.contains(r#"aria-describedby="slug-help slug-error""#),
        "{slug}"
    );
    assert!(field("target_url").contains(r#"aria-invalid="true""#));
    assert!(
        !field("title").contains("aria-invalid"),
        "a field without an error is not marked"
    );
    // The ids it names exist, and the error's message is inside its own.
    assert!(html.contains(r#"id="slug-help""#));
    let error = &html[html.find(r#"<div id="slug-error">"#).unwrap()..];
    assert!(
        error[..error.find("</div></div>").unwrap()].contains("3 to 50 characters"),
        "{error}"
    );
}

#[tokio::test]
async fn a_slug_breaking_two_rules_hears_of_both() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let response = create_link(&app, &alice, "https://example.com/", "a!").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("3 to 50 characters long. Use only letters, digits and hyphens."),
        "{html}"
    );
}

#[tokio::test]
async fn times_are_machine_readable_with_utc_as_the_text() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let slug = new_link(&app, &alice, "https://example.com/").await;
    for path in ["/links/".to_string(), format!("/links/{slug}/")] {
        let html = alice.get(&app, &path).await.text().await.unwrap();
        let start = html
            .find(r#"<time datetime=""#)
            .unwrap_or_else(|| panic!("no <time> on {path}"));
        let element = &html[start..start + html[start..].find("</time>").unwrap()];
        assert!(element.contains("Z\">") && element.ends_with(" UTC"), "{element}");
    }
}
