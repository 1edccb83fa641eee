//! A link's page answers "who clicked": clicks per UTC day over a period, people and bots apart.

use reqwest::StatusCode;
use shared::db::keys;

use crate::helpers::{Browser, TestApp, spawn_app};
use crate::links::{create_link, new_link, signed_in};
use crate::redirect::{FIREFOX, settled_page, visit};

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
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let days = (now / 86_400) as i64;
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
    app.client
        .get(app.url(&path))
        .header(
            "user-agent",
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        )
        .send()
        .await
        .unwrap();
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
    assert_eq!(days(&html)[0], (today(), 1, 0));
}
