//! A link's page answers "who clicked": clicks per UTC day over a period, people and bots apart.

use reqwest::StatusCode;
use shared::db::keys;

use crate::helpers::{Browser, TestApp, spawn_app, spawn_app_with_env};
use crate::links::{create_link, new_link, signed_in};
use crate::redirect::{FIREFOX, SLACKBOT, settled_page, visit, visit_as};

/// A click from a Firefox user on 192.0.2.0, for the tests that record clicks through the
/// redirect's store code (what HTTP cannot reach: a past day, one shard, ten thousand clicks).
fn person(at_ms: i64, referrer: &str) -> shared::links::store::Visit {
    shared::links::store::Visit {
        at_ms,
        referrer: referrer.to_string(),
        user_agent: FIREFOX.into(),
        ip: "192.0.2.0".into(),
        country: String::new(),
        bot: false,
    }
}

/// The number in the element with this `id`.
fn number(html: &str, id: &str) -> u64 {
    let start = html
        .find(&format!(r#"id="{id}">"#))
        .unwrap_or_else(|| panic!("no #{id}"))
        + id.len()
        + 6;
    html[start..html[start..].find('<').unwrap() + start]
        .parse()
        .unwrap()
}

/// The rows of the per-day table, newest first: (date, people, bot hits).
fn days(html: &str) -> Vec<(String, u64, u64)> {
    html.split(r#"<tr class="day">"#)
        .skip(1)
        .map(|row| {
            let date = row
                .split(r#"datetime=""#)
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let cell = |class: &str| -> u64 {
                let start = row.find(&format!(r#"class="text-end {class}">"#)).unwrap() + class.len() + 18;
                row[start..row[start..].find('<').unwrap() + start]
                    .parse()
                    .unwrap()
            };
            (date.to_string(), cell("day-people"), cell("day-bots"))
        })
        .collect()
}

async fn link_page(app: &TestApp, browser: &Browser, path: &str) -> String {
    let response = browser.get(app, path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.unwrap()
}

fn today() -> String {
    utc_date(0)
}

fn seconds_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The UTC date `days_ago` days ago, `YYYY-MM-DD`.
fn utc_date(days_ago: i64) -> String {
    let days = (seconds_now() / 86_400) as i64 - days_ago;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm), to stay clear of
    // the code under test.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[tokio::test]
async fn each_day_of_the_period_is_shown_with_people_and_bots_apart() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let slug = new_link(&app, &alice, "https://example.com/").await;
    let path = format!("/alice/{slug}/");
    for _ in 0..3 {
        visit(&app, &path, &[]).await;
    }
    app.client
        .head(app.url(&path))
        .header("user-agent", FIREFOX)
        .send()
        .await
        .unwrap();
    click(&app, &path, SLACKBOT, &[]).await;
    settled_page(&app, &alice, &slug, (3, 2)).await;

    let html = link_page(&app, &alice, &format!("/links/{slug}/")).await;
    assert!(
        html.contains(r#"aria-current="page">30 days</a>"#),
        "30 days by default"
    );
    assert_eq!(
        (number(&html, "period-clicks"), number(&html, "period-bot-hits")),
        (3, 2)
    );
    let rows = days(&html);
    assert_eq!(rows.len(), 30, "every day, zero-filled");
    assert_eq!(rows[0], (today(), 3, 2), "today first in the table");
    assert!(
        rows[1..]
            .iter()
            .all(|(_, people, bots)| (*people, *bots) == (0, 0))
    );
    // The chart: a bar for each day, the bot hits as a line, described for screen readers.
    assert_eq!(html.matches(r#"<rect class="chart-people""#).count(), 30);
    assert!(html.contains(r#"<polyline class="chart-bots""#));
    assert!(html.contains("3 clicks from people and 2 bot hits over 30 days"));
    assert!(html.contains(": 3 from people, 2 bot hits</title>"));

    for (days_asked, rows_shown) in [("7", 7), ("90", 90)] {
        let html = link_page(&app, &alice, &format!("/links/{slug}/?days={days_asked}")).await;
        let rows = days(&html);
        assert_eq!(rows.len(), rows_shown);
        assert_eq!(rows[0], (today(), 3, 2));
        assert!(html.contains(&format!(r#"aria-current="page">{days_asked} days</a>"#)));
    }
    // Bot hits are counted, not kept: only the people's visits are stored.
    assert_eq!(app.items_with_prefix(keys::VISITS).await, 3);
}

#[tokio::test]
async fn only_7_30_or_90_days_can_be_asked_for() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let slug = new_link(&app, &alice, "https://example.com/").await;
    for days in [
        "8",
        "365",
        "",
        "0",
        "seven",
        "30.0",
        "-7",
        "99999999999999999999999",
    ] {
        let response = alice.get(&app, &format!("/links/{slug}/?days={days}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "?days={days}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains("Clicks can be shown for the last 7, 30 or 90 days."),
            "{html}"
        );
    }
    // Someone else's link is still not found, whatever the period.
    let bob = signed_in(&app, "bob").await;
    assert_eq!(
        bob.get(&app, &format!("/links/{slug}/?days=7")).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_new_link_with_a_deleted_ones_slug_starts_from_zero() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    assert_eq!(
        create_link(&app, &alice, "https://example.com/old", "reused")
            .await
            .status(),
        StatusCode::FOUND
    );
    for _ in 0..2 {
        visit(&app, "/alice/reused/", &[]).await;
    }
    visit(&app, "/alice/reused/", &[("purpose", "prefetch")]).await;
    settled_page(&app, &alice, "reused", (2, 1)).await;
    let deleted = alice.submit(&app, "/links/reused/delete/", &[]).await;
    assert_eq!(deleted.status(), StatusCode::FOUND);

    assert_eq!(
        create_link(&app, &alice, "https://example.com/new", "reused")
            .await
            .status(),
        StatusCode::FOUND
    );
    let html = link_page(&app, &alice, "/links/reused/?days=7").await;
    assert_eq!(
        (number(&html, "period-clicks"), number(&html, "period-bot-hits")),
        (0, 0)
    );
    assert!(
        days(&html)
            .iter()
            .all(|(_, people, bots)| (*people, *bots) == (0, 0))
    );

    visit(&app, "/alice/reused/", &[]).await;
    let html = settled_page(&app, &alice, "reused", (1, 0)).await;
    assert_eq!(number(&html, "period-clicks"), 1);
    // The same browser visited the old link today; on the new one it is a new visitor.
    assert_eq!(number(&html, "period-visitors"), 1);
    assert_eq!(days(&html)[0], (today(), 1, 0));
}

/// A breakdown's rows as the page shows them: (label, clicks), "other" last if there is one.
pub fn breakdown(html: &str, id: &str) -> Vec<(String, u64)> {
    let start = html
        .find(&format!(r#"id="breakdown-{id}""#))
        .unwrap_or_else(|| panic!("no {id}"));
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    table
        .split("<tr")
        .skip(2)
        .filter_map(|row| {
            let cells: Vec<&str> = row
                .split("<td")
                .skip(1)
                .map(|cell| {
                    let text = &cell[cell.find('>').unwrap() + 1..];
                    &text[..text.find('<').unwrap()]
                })
                .collect();
            let count = cells.get(1)?.parse().ok()?;
            Some((cells[0].to_string(), count))
        })
        .collect()
}

fn sorted(mut rows: Vec<(String, u64)>) -> Vec<(String, u64)> {
    rows.sort();
    rows
}

fn rows(expected: &[(&str, u64)]) -> Vec<(String, u64)> {
    sorted(
        expected
            .iter()
            .map(|(label, count)| (label.to_string(), *count))
            .collect(),
    )
}

const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
const WINDOWS_CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

async fn click(app: &TestApp, path: &str, user_agent: &str, headers: &[(&str, &str)]) {
    assert_eq!(
        visit_as(app, path, user_agent, headers).await.status(),
        StatusCode::FOUND
    );
}

#[tokio::test]
async fn people_s_clicks_are_broken_down_by_referrer_browser_system_device_and_country() {
    let app = spawn_app_with_env(&[("TRUST_CDN_HEADERS", "true")]).await;
    let alice = signed_in(&app, "alice").await;
    let slug = new_link(&app, &alice, "https://example.com/").await;
    let path = format!("/alice/{slug}/");
    let country = "cloudfront-viewer-country";
    click(
        &app,
        &path,
        IPHONE,
        &[("referer", "https://www.News.example/a?b=c"), (country, "FR")],
    )
    .await;
    click(
        &app,
        &path,
        WINDOWS_CHROME,
        &[("referer", "https://t.co/x"), (country, "FR")],
    )
    .await;
    click(&app, &path, FIREFOX, &[(country, "de")]).await;
    // A bot hit is counted apart and in no breakdown.
    click(&app, &path, SLACKBOT, &[("referer", "https://slack.example/")]).await;
    settled_page(&app, &alice, &slug, (3, 1)).await;

    let html = link_page(&app, &alice, &format!("/links/{slug}/")).await;
    assert_eq!(
        sorted(breakdown(&html, "referrers")),
        rows(&[("news.example", 1), ("t.co", 1), ("direct", 1)])
    );
    assert_eq!(
        sorted(breakdown(&html, "browsers")),
        rows(&[("Safari", 1), ("Chrome", 1), ("Firefox", 1)])
    );
    assert_eq!(
        sorted(breakdown(&html, "systems")),
        rows(&[("iOS", 1), ("Windows 10", 1), ("Linux", 1)])
    );
    assert_eq!(
        breakdown(&html, "devices"),
        rows(&[("Desktop", 2), ("Mobile", 1)])
    );
    assert_eq!(
        breakdown(&html, "countries"),
        [("FR".to_string(), 2), ("unknown".to_string(), 1)]
    );

    // Without a trusted CDN in front, the header is anybody's: no country.
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let slug = new_link(&app, &alice, "https://example.com/").await;
    click(&app, &format!("/alice/{slug}/"), FIREFOX, &[(country, "FR")]).await;
    settled_page(&app, &alice, &slug, (1, 0)).await;
    let html = link_page(&app, &alice, &format!("/links/{slug}/")).await;
    assert_eq!(breakdown(&html, "countries"), rows(&[("unknown", 1)]));
}

#[tokio::test]
async fn a_day_keeps_a_bounded_number_of_referrers_and_every_click_still_counts() {
    use shared::redirect::{ClickStore, Found};
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let slug = new_link(&app, &alice, "https://example.com/").await;
    let store = app.table_handle();
    let found = store.find("alice", &slug, None).await.unwrap().unwrap();
    // Everything on one shard: the cap is per shard and day.
    let found = Found { shard: 0, ..found };
    let hosts = shared::links::stats::MAX_REFERRER_HOSTS + 5;
    for index in 0..hosts {
        let visit = person(shared::now_ms(), &format!("https://site{index}.example/"));
        store.record("alice", &slug, &found, &visit, None).await.unwrap();
    }
    let day = &app.scan_prefix(keys::DAYS).await[0];
    let referrer_counters = day.keys().filter(|name| name.starts_with("ref:")).count();
    assert_eq!(
        referrer_counters,
        shared::links::stats::MAX_REFERRER_HOSTS + 1,
        "the cap, and the rest folded"
    );

    let html = link_page(&app, &alice, &format!("/links/{slug}/")).await;
    assert_eq!(number(&html, "period-clicks"), hosts as u64);
    let referrers = breakdown(&html, "referrers");
    assert_eq!(referrers.len(), 11, "ten, then other");
    assert_eq!(
        referrers.iter().map(|(_, n)| n).sum::<u64>(),
        hosts as u64,
        "{referrers:?}"
    );
    assert!(
        referrers
            .iter()
            .any(|(label, count)| label == "other sites" && *count == 5),
        "{referrers:?}"
    );
}

#[tokio::test]
async fn a_visitor_counts_once_a_day_and_another_browser_is_another_visitor() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let slug = new_link(&app, &alice, "https://example.com/").await;
    let path = format!("/alice/{slug}/");
    // The first click of the day in a sandbox fetches the day's key after its response; the
    // next ones read the visitor's marker with the link. Both ways count a visitor once.
    for _ in 0..3 {
        click(&app, &path, FIREFOX, &[]).await;
    }
    settled_page(&app, &alice, &slug, (3, 0)).await;
    let html = link_page(&app, &alice, &format!("/links/{slug}/")).await;
    assert_eq!(number(&html, "period-visitors"), 1, "one browser on one address");

    click(&app, &path, IPHONE, &[]).await;
    click(&app, &path, IPHONE, &[]).await;
    // A bot hit is no visitor.
    click(&app, &path, SLACKBOT, &[]).await;
    settled_page(&app, &alice, &slug, (5, 1)).await;
    let html = link_page(&app, &alice, &format!("/links/{slug}/")).await;
    assert_eq!(
        number(&html, "period-visitors"),
        2,
        "another browser is another visitor"
    );
    assert!(
        html.contains(r#"<td class="text-end day-visitors">2</td>"#),
        "today's row"
    );

    // What is kept for it: a random key for the day and a marker per visitor, both expiring
    // two days on; never the address or the user agent.
    let markers = app.scan_prefix(keys::SEEN).await;
    assert_eq!(markers.len(), 2);
    for marker in &markers {
        let text = format!("{marker:?}");
        assert!(
            !text.contains("127.0.0.1") && !text.contains("Firefox") && !text.contains("iPhone"),
            "{text}"
        );
        assert!(marker.contains_key("expires_at"));
    }
    let day_keys = app.scan_prefix(keys::DAY_KEY).await;
    assert_eq!(day_keys.len(), 1, "one key a day, shared by every sandbox");
    assert!(day_keys[0].contains_key("expires_at"));
    // Another sandbox (here the store code itself) reads the same key back, not a new one.
    use shared::redirect::ClickStore;
    let today = shared::links::stats::utc_day(shared::now_ms());
    let read_back = app.table_handle().day_key(today).await.unwrap();
    assert_eq!(
        Some(read_back.to_hex().as_str()),
        day_keys[0]["key"].as_s().ok().map(String::as_str)
    );
}

/// The export's body, after checking it is a CSV download.
async fn export(app: &TestApp, browser: &Browser, path: &str) -> (reqwest::header::HeaderMap, String) {
    let response = browser.get(app, path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert!(
        headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    (headers, response.text().await.unwrap())
}

#[tokio::test]
async fn clicks_export_as_csv_newest_first_quoted_and_defused() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let slug = new_link(&app, &alice, "https://example.com/").await;
    let path = format!("/alice/{slug}/");
    click(
        &app,
        &path,
        FIREFOX,
        &[("referer", "https://news.example/a?x=1,y=2")],
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    click(
        &app,
        &path,
        IPHONE,
        &[("referer", r#"=HYPERLINK("https://evil.example","x")"#)],
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    click(&app, &path, WINDOWS_CHROME, &[]).await;
    click(&app, &path, SLACKBOT, &[]).await;
    settled_page(&app, &alice, &slug, (3, 1)).await;

    let (headers, csv) = export(&app, &alice, &format!("/links/{slug}/clicks.csv")).await;
    assert!(headers.get("link").is_none(), "everything fits in one file");
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], "time,referrer,browser,os,device,country,ip");
    assert_eq!(
        lines.len(),
        5,
        "a header, the three people's clicks, and the final line end: {csv}"
    );
    assert!(
        lines[1].ends_with(",direct,Chrome,Windows 10,Desktop,unknown,127.0.0.0"),
        "newest first: {}",
        lines[1]
    );
    assert!(
        lines[2].contains(r#","'=HYPERLINK(""https://evil.example"",""x"")",Safari,iOS,Mobile,"#),
        "a formula is quoted and defused: {}",
        lines[2]
    );
    assert!(
        lines[3].contains(r#","https://news.example/a?x=1,y=2",Firefox,Linux,Desktop,"#),
        "{}",
        lines[3]
    );
    assert!(
        lines[1].starts_with(&format!("{}T", today())) && lines[1][..20].ends_with('Z'),
        "RFC 3339 UTC: {}",
        lines[1]
    );

    // The next file starts after a position: here, after the newest click.
    let mut positions: Vec<String> = app
        .scan_prefix(keys::VISITS)
        .await
        .iter()
        .map(|item| {
            let sk = item["sk"].as_s().unwrap();
            let mut parts = sk.split('#').skip(1);
            format!("{}-{}", parts.next().unwrap(), parts.next().unwrap())
        })
        .collect();
    positions.sort();
    let newest = positions.last().unwrap();
    let (_, older) = export(&app, &alice, &format!("/links/{slug}/clicks.csv?before={newest}")).await;
    assert_eq!(
        older.split("\r\n").skip(1).collect::<Vec<_>>(),
        lines[2..].to_vec()
    );

    for bad in ["?before=yesterday", "?before=1765000000123-XYZ", "?days=8"] {
        let response = alice.get(&app, &format!("/links/{slug}/clicks.csv{bad}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    let bob = signed_in(&app, "bob").await;
    assert_eq!(
        bob.get(&app, &format!("/links/{slug}/clicks.csv")).await.status(),
        StatusCode::NOT_FOUND,
        "the owner's only"
    );
    let html = link_page(&app, &alice, &format!("/links/{slug}/?days=7")).await;
    assert!(html.contains(&format!(r#"href="/links/{slug}/clicks.csv?days=7""#)));
    assert!(html.contains("reaches back 90 days at most"));
}

/// A link `owner` made `days_ago` days ago, through the store (a form makes links now), with
/// the slug `slug`.
async fn old_link(app: &TestApp, owner: &str, slug: &str, days_ago: i64) -> String {
    use shared::links::domain::{Slug, TargetUrl, Title};
    use shared::links::store::{LinkStore, NewLink};
    let link = NewLink {
        owner,
        form_id: &shared::forms::FormId::generate(),
        target: &TargetUrl::parse("https://example.com/", &[]).unwrap(),
        title: &Title::default(),
        created_ms: shared::now_ms() - days_ago * 86_400_000,
        valid_until: Default::default(),
        tags: &Default::default(),
        idempotency: None,
    };
    app.table_handle()
        .create_link(&link, &Slug::parse(slug).unwrap())
        .await
        .unwrap();
    slug.to_string()
}

#[tokio::test]
async fn the_list_shows_each_links_last_seven_days_beside_its_total() {
    use shared::redirect::ClickStore;
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let slug = old_link(&app, "alice", "weekly", 10).await;
    click(&app, &format!("/alice/{slug}/"), FIREFOX, &[]).await;
    // A click eight days ago, recorded by the redirect's own store code.
    let store = app.table_handle();
    let found = store.find("alice", &slug, None).await.unwrap().unwrap();
    let eight_days_ago = shared::now_ms() - 8 * 86_400_000;
    let visit = person(eight_days_ago, "");
    store.record("alice", &slug, &found, &visit, None).await.unwrap();
    // Its visit is the oldest: wait for the total alone.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while number(
        &link_page(&app, &alice, &format!("/links/{slug}/")).await,
        "link-clicks",
    ) != 2
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the click today was not counted"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    let list = alice.get(&app, "/links/").await.text().await.unwrap();
    assert!(
        list.contains(r#"<td class="text-end recent-clicks" data-label="Last 7 days">1</td>"#),
        "{list}"
    );
    assert!(
        list.contains(r#"<td class="text-end clicks" data-label="Clicks">2</td>"#),
        "{list}"
    );
    // The link page puts it on its day: 8 days ago, inside 30 days and outside 7.
    let html = link_page(&app, &alice, &format!("/links/{slug}/")).await;
    assert_eq!(number(&html, "period-clicks"), 2);
    assert_eq!(days(&html)[8].1, 1, "{:?}", &days(&html)[..9]);
    let html = link_page(&app, &alice, &format!("/links/{slug}/?days=7")).await;
    assert_eq!(number(&html, "period-clicks"), 1);
}

#[tokio::test]
async fn a_links_days_before_today_are_summed_once_and_read_the_same_after() {
    use shared::redirect::ClickStore;
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let slug = old_link(&app, "alice", "steady", 60).await;
    let store = app.table_handle();
    let found = store.find("alice", &slug, None).await.unwrap().unwrap();
    let now = shared::now_ms();
    for (days_ago, clicks, referrer) in [
        (1, 3, "https://a.example/"),
        (8, 2, "https://b.example/"),
        (45, 4, ""),
    ] {
        for _ in 0..clicks {
            let visit = person(now - days_ago * 86_400_000, referrer);
            store.record("alice", &slug, &found, &visit, None).await.unwrap();
        }
    }
    click(&app, &format!("/alice/{slug}/"), FIREFOX, &[]).await;
    settled_page(&app, &alice, &slug, (10, 0)).await;

    let figures = |html: String| {
        (
            number(&html, "period-clicks"),
            number(&html, "period-visitors"),
            days(&html),
            sorted(breakdown(&html, "referrers")),
            sorted(breakdown(&html, "browsers")),
        )
    };
    let mut first = Vec::new();
    for (period, clicks, referrers) in [
        (7, 4, rows(&[("a.example", 3), ("direct", 1)])),
        (30, 6, rows(&[("a.example", 3), ("b.example", 2), ("direct", 1)])),
        (90, 10, rows(&[("a.example", 3), ("b.example", 2), ("direct", 5)])),
    ] {
        let shown = figures(link_page(&app, &alice, &format!("/links/{slug}/?days={period}")).await);
        assert_eq!(shown.0, clicks, "{period} days");
        assert_eq!(shown.1, 1, "today's visitor; the stored clicks name none");
        assert_eq!(shown.2[0], (today(), 1, 0));
        assert_eq!(shown.2[1], (utc_date(1), 3, 0));
        assert_eq!(shown.3, referrers, "{period} days");
        assert_eq!(shown.4, rows(&[("Firefox", clicks)]));
        first.push(shown);
    }

    // A day is final a minute after it ends: before that, nothing is stored, and each view sums.
    if seconds_now() % 86_400 < 70 {
        return;
    }
    let rollups = app.scan_prefix(keys::ROLLUP).await;
    assert_eq!(rollups.len(), 1, "one roll-up a link");
    let rollup = &rollups[0];
    let text = |name: &str| rollup[name].as_s().unwrap().clone();
    assert_eq!(text("through"), utc_date(1));
    for (period, before) in [7, 30, 90].into_iter().zip(&first) {
        let html = link_page(&app, &alice, &format!("/links/{slug}/?days={period}")).await;
        assert_eq!(&figures(html), before, "{period} days from the roll-up");
    }

    // One left from an earlier day is not trusted, whatever it holds: the days are summed again.
    let (pk, sk) = (text("pk"), text("sk"));
    app.set_attribute(
        &pk,
        &sk,
        "through",
        aws_sdk_dynamodb::types::AttributeValue::S(utc_date(2)),
    )
    .await;
    app.set_attribute(
        &pk,
        &sk,
        "sums",
        aws_sdk_dynamodb::types::AttributeValue::S(r#"{"days":[],"breakdowns":[]}"#.into()),
    )
    .await;
    let html = link_page(&app, &alice, &format!("/links/{slug}/?days=90")).await;
    assert_eq!(&figures(html), &first[2]);
    let rollup = &app.scan_prefix(keys::ROLLUP).await[0];
    assert_eq!(rollup["through"].as_s().unwrap(), &utc_date(1), "stored again");

    // Today's clicks are read as they come.
    click(
        &app,
        &format!("/alice/{slug}/"),
        "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 Safari/537.36",
        &[],
    )
    .await;
    let html = settled_page(&app, &alice, &slug, (11, 0)).await;
    assert_eq!(number(&html, "period-clicks"), 7, "30 days");
    assert_eq!(days(&html)[0], (today(), 2, 0));
}

#[tokio::test]
async fn an_export_past_ten_thousand_rows_names_its_next_file() {
    use futures_util::StreamExt;
    use shared::redirect::{ClickStore, Found};
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let slug = new_link(&app, &alice, "https://example.com/").await;
    let store = app.table_handle();
    let found = store.find("alice", &slug, None).await.unwrap().unwrap();
    let rows = shared::links::export::MAX_ROWS + 5;
    let now = shared::now_ms();
    // Recorded by the redirect's store code, 10 ms apart from now on (a link shows no visit
    // older than itself), over every shard.
    let clicks = futures_util::stream::iter(0..rows)
        .map(|index| {
            let (store, slug) = (&store, &slug);
            let found = Found {
                shard: index % shared::db::COUNTER_SHARDS,
                ..found.clone()
            };
            let visit = person(now + 10 * index as i64, "");
            async move { store.record("alice", slug, &found, &visit, None).await.unwrap() }
        })
        .buffer_unordered(32);
    clicks.collect::<Vec<()>>().await;

    let (headers, first) = export(&app, &alice, &format!("/links/{slug}/clicks.csv")).await;
    assert_eq!(
        first.matches("\r\n").count(),
        1 + shared::links::export::MAX_ROWS,
        "a header and 10,000 rows"
    );
    let link = headers["link"].to_str().unwrap();
    let next = link
        .strip_prefix('<')
        .and_then(|rest| rest.strip_suffix(r#">; rel="next""#))
        .unwrap_or_else(|| panic!("{link}"));
    assert!(
        next.starts_with(&format!("/links/{slug}/clicks.csv?days=30&before=")),
        "{next}"
    );
    let (headers, rest) = export(&app, &alice, next).await;
    assert!(headers.get("link").is_none(), "the last file");
    assert_eq!(rest.matches("\r\n").count(), 1 + 5, "the five oldest");
    assert!(rest.contains(",direct,Firefox,Linux,Desktop,unknown,192.0.2.0\r\n"));
    let last_of_first = first.trim_end().rsplit("\r\n").next().unwrap();
    let first_of_rest = rest.split("\r\n").nth(1).unwrap();
    assert!(
        first_of_rest[..20] <= last_of_first[..20],
        "older or the same second: {first_of_rest} after {last_of_first}"
    );
}
