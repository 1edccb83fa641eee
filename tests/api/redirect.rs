//! The public short links `/{username}/{slug}/`: sent on at once, every click counted.

use reqwest::StatusCode;
use shared::db::keys;

use crate::helpers::{TestApp, location, spawn_app, spawn_app_with, spawn_app_with_env};
use crate::links::{create_link, new_link, signed_in};

pub const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

/// A link preview fetcher's user agent: redirected, counted as a bot hit.
pub const SLACKBOT: &str = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";

pub async fn visit(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    visit_as(app, path, FIREFOX, headers).await
}

/// A `GET` of `path` with this user agent and these other headers.
pub async fn visit_as(
    app: &TestApp,
    path: &str,
    user_agent: &str,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = app.client.get(app.url(path)).header("user-agent", user_agent);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

/// The link's page once it shows `expected` (human clicks, bot hits), and as many visit rows
/// (at most 10). Clicks are recorded just after the redirect's response, so the page may lag
/// for a moment.
pub async fn settled_page(
    app: &TestApp,
    browser: &crate::helpers::Browser,
    slug: &str,
    expected: (u64, u64),
) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let page = browser.get(app, &format!("/links/{slug}/")).await;
        let html = page.text().await.unwrap();
        let number = |id: &str| -> u64 {
            let start = html.find(&format!(r#"id="{id}">"#)).unwrap() + id.len() + 6;
            html[start..html[start..].find('<').unwrap() + start]
                .parse()
                .unwrap()
        };
        let seen = (number("link-clicks"), number("link-bot-hits"));
        let visits = html.matches("class=\"visit\"").count() as u64;
        if seen == expected && visits == expected.0.min(10) {
            return html;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "expected {expected:?} and as many visits; the page shows {seen:?} and {visits} visits"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_short_link_redirects_at_once_and_is_never_cached() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "Alice").await;
    let slug = new_link(&app, &alice, "https://example.com/landing?utm=x").await;

    for path in [
        format!("/Alice/{slug}/"),
        format!("/alice/{slug}"),
        format!("/ALICE/{}/", slug.to_uppercase()),
    ] {
        let response = visit(&app, &path, &[]).await;
        assert_eq!(response.status(), StatusCode::FOUND, "{path}");
        assert_eq!(location(&response), "https://example.com/landing?utm=x");
        assert_eq!(response.headers()["cache-control"], "private, no-store");
        assert!(response.headers().get("set-cookie").is_none());
    }
    let head = app
        .client
        .head(app.url(&format!("/alice/{slug}/")))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), StatusCode::FOUND);
    assert_eq!(location(&head), "https://example.com/landing?utm=x");
    let post = app
        .client
        .post(app.url(&format!("/alice/{slug}/")))
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn unknown_users_and_slugs_get_the_branded_404_and_leave_nothing_behind() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    new_link(&app, &alice, "https://example.com/").await;
    for path in [
        "/alice/nosuchslug/",
        "/nobody/abcdefgh/",
        "/alice/bad_slug/",
        "/alice/x/y/z/",
    ] {
        let response = visit(&app, path, &[]).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(response.text().await.unwrap().contains("Page Not Found"));
    }
    assert_eq!(
        app.items_with_prefix(keys::VISITS).await,
        0,
        "nothing recorded for a 404"
    );
}

#[tokio::test]
async fn each_click_is_recorded_with_its_referrer_browser_and_address() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let slug = new_link(&app, &alice, "https://example.com/").await;
    settled_page(&app, &alice, &slug, (0, 0)).await;

    visit(
        &app,
        &format!("/alice/{slug}/"),
        &[("referer", "https://news.example/post/1")],
    )
    .await;
    visit(&app, &format!("/alice/{slug}/"), &[]).await;

    let html = settled_page(&app, &alice, &slug, (2, 0)).await;
    // The latest clicks: the referrer's host (the whole referrer on hover), browser and system
    // (the raw user agent on hover).
    assert!(
        html.contains(
            r#"<span class="visit-referrer" title="https://news.example/post/1">news.example</span>"#
        )
    );
    assert!(html.contains(&format!(
        r#"<td class="visit-browser" title="{FIREFOX}" data-label="Browser">Firefox</td>"#
    )));
    assert!(html.contains(r#"<td class="visit-system" data-label="System">Linux</td>"#));
    assert!(html.contains("127.0.0.0"), "the network, not the host");
    let list = alice.get(&app, "/links/").await.text().await.unwrap();
    assert!(
        list.contains(r#"<td class="text-end clicks" data-label="Clicks">2</td>"#),
        "{list}"
    );
    assert!(
        list.contains(r#"<td class="text-end recent-clicks" data-label="Last 7 days">2</td>"#),
        "the last 7 days: {list}"
    );
}

#[tokio::test]
async fn heads_prefetches_and_bots_are_redirected_but_counted_apart() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let slug = new_link(&app, &alice, "https://example.com/").await;
    let path = format!("/alice/{slug}/");

    let head = app
        .client
        .head(app.url(&path))
        .header("user-agent", FIREFOX)
        .send()
        .await
        .unwrap();
    let prefetch = visit(&app, &path, &[("purpose", "prefetch")]).await;
    let preview = app
        .client
        .get(app.url(&path))
        .header("user-agent", SLACKBOT)
        .send()
        .await
        .unwrap();
    let no_agent = app.client.get(app.url(&path)).send().await.unwrap();
    for response in [head, prefetch, preview, no_agent] {
        assert_eq!(response.status(), StatusCode::FOUND);
    }
    visit(&app, &path, &[]).await;

    // Exactly one visit row: the latest clicks are people's.
    settled_page(&app, &alice, &slug, (1, 4)).await;
}

#[tokio::test]
async fn concurrent_clicks_are_all_counted() {
    let app = spawn_app_with(4).await;
    let alice = signed_in(&app, "alice").await;
    let slug = new_link(&app, &alice, "https://example.com/").await;
    let path = format!("/alice/{slug}/");

    let clicks = (0..200).map(|_| visit(&app, &path, &[]));
    let responses = futures_util::future::join_all(clicks).await;

    assert!(responses.iter().all(|r| r.status() == StatusCode::FOUND));
    let html = settled_page(&app, &alice, &slug, (200, 0)).await;
    // The day's aggregates are as exact as the totals, and so is each breakdown.
    assert!(html.contains(r#"<span id="period-clicks">200</span>"#));
    for (dimension, label) in [
        ("referrers", "direct"),
        ("browsers", "Firefox"),
        ("systems", "Linux"),
        ("devices", "Desktop"),
        ("countries", "unknown"),
    ] {
        assert_eq!(
            crate::analytics::breakdown(&html, dimension),
            [(label.to_string(), 200)],
            "{dimension}"
        );
    }
    // Spread over the counter shards, not one hot key.
    assert!(app.items_with_prefix(keys::HITS).await > 1);
}

#[tokio::test]
async fn the_client_address_comes_from_forwarded_for_only_behind_a_trusted_proxy() {
    let forged = [("x-forwarded-for", "198.51.100.9, 203.0.113.7")];

    let direct = spawn_app().await;
    let alice = signed_in(&direct, "alice").await;
    let slug = new_link(&direct, &alice, "https://example.com/").await;
    visit(&direct, &format!("/alice/{slug}/"), &forged).await;
    let html = settled_page(&direct, &alice, &slug, (1, 0)).await;
    assert!(html.contains("127.0.0.0") && !html.contains("203.0.113") && !html.contains("198.51.100"));

    let proxied = spawn_app_with_env(&[("TRUSTED_PROXY_HOPS", "1")]).await;
    let alice = signed_in(&proxied, "alice").await;
    let slug = new_link(&proxied, &alice, "https://example.com/").await;
    visit(&proxied, &format!("/alice/{slug}/"), &forged).await;
    let html = settled_page(&proxied, &alice, &slug, (1, 0)).await;
    assert!(
        html.contains("203.0.113.0") && !html.contains("198.51.100"),
        "the proxy's entry, not what the client wrote before it"
    );
}

/// Privacy by default: a visit keeps the visitor's network, never the host (IPv4 /24, IPv6
/// /48), unless the operator asks for whole addresses.
#[tokio::test]
async fn visits_keep_only_the_network_unless_whole_addresses_are_asked_for() {
    let from = |ip: &'static str| [(xtask::emulator::SOURCE_IP_HEADER, ip)];

    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let slug = new_link(&app, &alice, "https://example.com/").await;
    visit(&app, &format!("/alice/{slug}/"), &from("203.0.113.77")).await;
    visit(&app, &format!("/alice/{slug}/"), &from("2001:db8:1:2:3:4:5:6")).await;
    let html = settled_page(&app, &alice, &slug, (2, 0)).await;
    assert!(
        html.contains("203.0.113.0") && html.contains("2001:db8:1::"),
        "{html}"
    );
    assert!(
        !html.contains("203.0.113.77") && !html.contains("2001:db8:1:2"),
        "no host part is kept"
    );

    let whole = spawn_app_with_env(&[("ANONYMIZE_IPS", "false")]).await;
    let alice = signed_in(&whole, "alice").await;
    let slug = new_link(&whole, &alice, "https://example.com/").await;
    visit(&whole, &format!("/alice/{slug}/"), &from("203.0.113.77")).await;
    let html = settled_page(&whole, &alice, &slug, (1, 0)).await;
    assert!(html.contains("203.0.113.77"), "{html}");
}

#[tokio::test]
async fn a_deleted_links_clicks_never_show_on_a_new_link_with_its_slug() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    assert_eq!(
        create_link(&app, &alice, "https://example.com/old", "reused")
            .await
            .status(),
        302
    );
    visit(&app, "/alice/reused/", &[]).await;
    settled_page(&app, &alice, "reused", (1, 0)).await;
    alice.submit(&app, "/links/reused/delete/", &[]).await;
    assert_eq!(visit(&app, "/alice/reused/", &[]).await.status(), 404);

    assert_eq!(
        create_link(&app, &alice, "https://example.com/new", "reused")
            .await
            .status(),
        302
    );
    let html = settled_page(&app, &alice, "reused", (0, 0)).await;
    assert!(html.contains("id=\"no-visits\""));
}

/// Eight visitors clicking `path` without pause until told to stop; how many got a 302.
struct ClickLoad {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    clickers: Vec<tokio::task::JoinHandle<(u64, Vec<u16>)>>,
}

impl ClickLoad {
    fn start(app: &TestApp, path: &str) -> Self {
        use std::sync::atomic::{AtomicBool, Ordering};
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let clickers = (0..8)
            .map(|_| {
                let (client, url, stop) = (app.client.clone(), app.url(path), stop.clone());
                tokio::spawn(async move {
                    let (mut found, mut others) = (0, Vec::new());
                    while !stop.load(Ordering::SeqCst) {
                        let response = client
                            .get(&url)
                            .header("user-agent", FIREFOX)
                            .send()
                            .await
                            .unwrap();
                        match response.status() {
                            StatusCode::FOUND => found += 1,
                            status => others.push(status.as_u16()),
                        }
                    }
                    (found, others)
                })
            })
            .collect();
        Self { stop, clickers }
    }

    /// Stops the clicks: the 302s, and every other status seen.
    async fn stop(self) -> (u64, Vec<u16>) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let mut total = (0, Vec::new());
        for clicker in self.clickers {
            let (found, others) = clicker.await.unwrap();
            total.0 += found;
            total.1.extend(others);
        }
        total
    }
}

#[tokio::test]
async fn a_link_under_click_load_can_be_edited_and_every_redirected_click_counts() {
    let app = spawn_app_with(4).await;
    let alice = signed_in(&app, "alice").await;
    assert_eq!(
        create_link(&app, &alice, "https://example.com/v1", "hot")
            .await
            .status(),
        302
    );

    let load = ClickLoad::start(&app, "/alice/hot/");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    for version in 2..=21 {
        let target = format!("https://example.com/v{version}");
        let edited = alice
            .submit(
                &app,
                "/links/hot/edit/",
                &[("target_url", &target), ("title", "busy")],
            )
            .await;
        assert_eq!(edited.status(), 302, "edit {version} under load");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (redirected, others) = load.stop().await;

    assert!(others.is_empty(), "every click was redirected: {others:?}");
    assert!(redirected > 50, "the load was real: {redirected} clicks");
    settled_page(&app, &alice, "hot", (redirected, 0)).await;
    let after = visit(&app, "/alice/hot/", &[]).await;
    assert_eq!(location(&after), "https://example.com/v21");
}

#[tokio::test]
async fn a_link_under_click_load_can_be_deleted_and_leaves_nothing_behind() {
    let app = spawn_app_with(4).await;
    let alice = signed_in(&app, "alice").await;
    assert_eq!(
        create_link(&app, &alice, "https://example.com/old", "hot")
            .await
            .status(),
        302
    );

    let load = ClickLoad::start(&app, "/alice/hot/");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let deleted = alice.submit(&app, "/links/hot/delete/", &[]).await;
    assert_eq!(deleted.status(), 302, "delete under load");
    assert_eq!(
        visit(&app, "/alice/hot/", &[]).await.status(),
        404,
        "a 404 at once"
    );
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let (redirected, others) = load.stop().await;
    assert!(redirected > 20, "the load was real: {redirected} clicks");
    assert!(
        others.iter().all(|s| *s == 404),
        "only 404s after the delete: {others:?}"
    );

    // Nothing left for a new link with the same slug to inherit, and the count is right.
    assert_eq!(
        app.items_with_prefix(&format!("{}alice#hot#", keys::HITS)).await,
        0,
        "no orphaned counter"
    );
    let profile = alice.get(&app, "/accounts/profile/").await.text().await.unwrap();
    assert!(profile.contains("id=\"profile-links\">0<"), "{profile}");
    assert_eq!(
        create_link(&app, &alice, "https://example.com/new", "hot")
            .await
            .status(),
        302
    );
    settled_page(&app, &alice, "hot", (0, 0)).await;
}
