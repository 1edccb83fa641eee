//! The link page at volume: a link seeded with 100,000 clicks over 90 days against one with 10,
//! its 90-day page timed through the stand-in, and the DynamoDB requests a page makes.
//!
//! The clicks are seeded through the redirect's own store code (`ClickStore::record`: the
//! counter, the day's aggregate with its breakdowns, the visit), at times spread over the last
//! 90 days, so the aggregates are the ones real clicks build. `BENCH_SEED_CLICKS` makes it
//! fewer for a quick look.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use shared::links::store::Visit;
use shared::redirect::{ClickStore, Found};

use super::hot_path;
use super::{http_client, ms, pct};
use crate::table::BoxError;

/// Clicks on the big link; the small one gets [`SMALL`].
const BIG: usize = 100_000;
const SMALL: usize = 10;
/// Clicks recorded at once while seeding.
const SEEDING_CONCURRENCY: usize = 32;
/// Page views timed for each link, alternating.
const VIEWS: usize = 200;
const DAYS: i64 = 90;

const USER_AGENTS: [&str; 4] = [
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
];

pub struct Figures {
    pub big_clicks: usize,
    pub seeding: Duration,
    pub big: Vec<Duration>,
    pub small: Vec<Duration>,
    pub requests_per_page: f64,
    /// The first view of each link (big, small): the one that sums the days before today.
    pub first_view: (Duration, Duration),
    pub first_view_requests: f64,
}

pub async fn measure(
    bin_dir: &std::path::Path,
    endpoint: &str,
    table_name: &str,
) -> Result<Figures, BoxError> {
    let big_clicks = std::env::var("BENCH_SEED_CLICKS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(BIG);
    let table = crate::table::local_table(&crate::table::local_config().await, table_name);
    let now = shared::now_ms();
    // Created before the period, so every seeded day is the link's.
    hot_path::seed_user(&table, "volume", &["big", "small"], now - (DAYS + 1) * 86_400_000).await?;
    let started = Instant::now();
    seed_clicks(&table, "big", big_clicks, now).await?;
    let seeding = started.elapsed();
    seed_clicks(&table, "small", SMALL, now).await?;

    let (api, proxy, cookie) =
        super::signed_in_links(bin_dir, endpoint, &table, table_name, "volume").await?;
    let http = http_client();
    let view = |slug: &str| {
        let url = format!("{}/links/{slug}/?days={DAYS}", api.url);
        let (http, cookie) = (&http, &cookie);
        async move { super::timed_get(http, &url, cookie).await }
    };
    // The first view of the day sums the days before it and stores the roll-up
    // (`links::rollup`); the rest read that.
    proxy.reset();
    let first_big = view("big").await?;
    let first_view_requests = proxy.calls() as f64;
    let first_small = view("small").await?;
    for _ in 0..10 {
        view("big").await?;
        view("small").await?;
    }
    proxy.reset();
    view("big").await?;
    let requests_per_page = proxy.calls() as f64;
    let (mut big, mut small) = (Vec::new(), Vec::new());
    for _ in 0..VIEWS {
        big.push(view("big").await?);
        small.push(view("small").await?);
    }
    api.stop().await;
    Ok(Figures {
        big_clicks,
        seeding,
        big,
        small,
        requests_per_page,
        first_view: (first_big, first_small),
        first_view_requests,
    })
}

/// `count` clicks from people on `slug`, at times spread evenly over the last [`DAYS`] days,
/// over every shard, with a few browsers and referrers.
async fn seed_clicks(table: &shared::db::Table, slug: &str, count: usize, now: i64) -> Result<(), BoxError> {
    let found = table
        .find("volume", slug, None)
        .await?
        .ok_or("the seeded link is missing")?;
    let span = DAYS * 86_400_000;
    let clicks = futures_util::stream::iter(0..count)
        .map(|index| {
            let found = Found {
                shard: index % shared::db::COUNTER_SHARDS,
                ..found.clone()
            };
            let visit = Visit {
                at_ms: now - span + span * index as i64 / count.max(1) as i64,
                referrer: format!("https://site{}.example/", index % 25),
                user_agent: USER_AGENTS[index % USER_AGENTS.len()].into(),
                ip: "192.0.2.0".into(),
                country: String::new(),
                bot: false,
            };
            async move { table.record("volume", slug, &found, &visit, None).await }
        })
        .buffer_unordered(SEEDING_CONCURRENCY);
    futures_util::pin_mut!(clicks);
    while let Some(done) = clicks.next().await {
        done?;
    }
    Ok(())
}

pub fn print(figures: &Figures) {
    println!(
        "\n## The link page at volume (`GET /links/{{slug}}/?days={DAYS}`, {VIEWS} views each, alternating)\n"
    );
    println!(
        "Seeded through the redirect's store code: {} clicks over {DAYS} days in {:.0} s, and {SMALL} on the small link. \
         DynamoDB requests per page, counted by the proxy: {:.0}.\n",
        figures.big_clicks,
        figures.seeding.as_secs_f64(),
        figures.requests_per_page
    );
    println!("| link | p50 | p99 |\n|---|---|---|");
    for (label, samples) in [
        (format!("{} clicks", figures.big_clicks), &figures.big),
        (format!("{SMALL} clicks"), &figures.small),
    ] {
        println!(
            "| {label} | {} | {} |",
            ms(pct(samples, 50)),
            ms(pct(samples, 99))
        );
    }
    println!(
        "\nThe big link's p50 is {:.2}× the small one's (the analytics issue asks for at most 2×).",
        pct(&figures.big, 50).as_secs_f64() / pct(&figures.small, 50).as_secs_f64()
    );
    println!(
        "\nThe first view of the day, which sums the days before it and stores the roll-up: {:.0} requests, \
         {} for the big link and {} for the small one.",
        figures.first_view_requests,
        ms(figures.first_view.0),
        ms(figures.first_view.1)
    );
}
