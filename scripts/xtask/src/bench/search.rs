//! Finding one's links at the account's limit: a user with 10,000 links, their list filtered
//! by a tag and searched for words, timed through the stand-in, with the DynamoDB requests a
//! page makes. A filtered list reads the owner's links until a page matches, so a search that
//! matches nothing reads all 10,000 (README, "Tags and search").

use std::time::{Duration, Instant};

use futures_util::StreamExt;

use super::hot_path;
use super::{http_client, ms, pct};
use crate::table::BoxError;

/// Links of the seeded user: the account's limit.
const LINKS: usize = 10_000;
const SEEDING_CONCURRENCY: usize = 16;
/// Views timed for each query.
const VIEWS: usize = 20;
/// One link in this many carries the tag `rare`; every other one `even`.
const RARE_EVERY: usize = 1_000;

/// What is timed: a label, and the query after `/links/?`.
const QUERIES: [(&str, &str); 5] = [
    ("the list, unfiltered", ""),
    ("a tag on every other link", "tag=even"),
    ("a tag on 1 link in 1,000", "tag=rare"),
    ("words in 1 link in 10,000", "q=page-04242"),
    ("words in no link", "q=nowhere+to+be+found"),
];

pub struct Figures {
    pub links: usize,
    pub seeding: Duration,
    /// Per query: its samples and the DynamoDB requests of one view.
    pub views: Vec<(Vec<Duration>, u64)>,
}

pub async fn measure(
    bin_dir: &std::path::Path,
    endpoint: &str,
    table_name: &str,
) -> Result<Figures, BoxError> {
    let links = std::env::var("BENCH_SEARCH_LINKS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(LINKS);
    let table = crate::table::local_table(&crate::table::local_config().await, table_name);
    hot_path::seed_user(&table, "searcher", &[], 0).await?;
    let started = Instant::now();
    seed_links(&table, "searcher", links).await?;
    let seeding = started.elapsed();

    let (api, proxy, cookie) =
        super::signed_in_links(bin_dir, endpoint, &table, table_name, "searcher").await?;
    let http = http_client();
    let view = |query: &str| {
        let url = format!("{}/links/?{query}", api.url);
        let (http, cookie) = (&http, &cookie);
        async move { super::timed_get(http, &url, cookie).await }
    };
    let mut views = Vec::new();
    for (_, query) in QUERIES {
        view(query).await?;
        proxy.reset();
        view(query).await?;
        let requests = proxy.calls();
        let mut samples = Vec::new();
        for _ in 0..VIEWS {
            samples.push(view(query).await?);
        }
        views.push((samples, requests));
    }
    api.stop().await;
    Ok(Figures {
        links,
        seeding,
        views,
    })
}

/// `count` links of `owner`'s through the store's own create (the transaction a form makes),
/// with tags and titles to find, slugged `link-00000`, `link-00001`, ...
pub(super) async fn seed_links(table: &shared::db::Table, owner: &str, count: usize) -> Result<(), BoxError> {
    use shared::links::domain::{Slug, Tags, TargetUrl, Title};
    use shared::links::store::{LinkStore, NewLink};
    let made = futures_util::stream::iter(0..count)
        .map(|index| async move {
            let target = TargetUrl::parse(&format!("https://example.com/page-{index:05}"), &[])?;
            let title = Title::parse(&format!("Link number {index}"))?;
            let mut tags = vec![if index % 2 == 0 { "even" } else { "odd" }];
            if index % RARE_EVERY == 7 {
                tags.push("rare");
            }
            let tags = Tags::from_list(tags)?;
            let form_id = shared::forms::FormId::generate();
            let link = NewLink {
                owner,
                form_id: &form_id,
                target: &target,
                title: &title,
                valid_until: Default::default(),
                tags: &tags,
                created_ms: 1_700_000_000_000 + index as i64,
                idempotency: None,
            };
            table
                .create_link(&link, &Slug::parse(&format!("link-{index:05}"))?)
                .await
                .map_err(|e| format!("seed link {index}: {e:?}"))?;
            Ok::<_, BoxError>(())
        })
        .buffer_unordered(SEEDING_CONCURRENCY);
    futures_util::pin_mut!(made);
    while let Some(done) = made.next().await {
        done?;
    }
    Ok(())
}

pub fn print(figures: &Figures) {
    println!("\n## Finding links at the account's limit (`GET /links/?...`, {VIEWS} views each)\n");
    println!(
        "One user with {} links (seeded through the store's create in {:.0} s), 20 a page. DynamoDB requests \
         per page counted by the proxy.\n",
        figures.links,
        figures.seeding.as_secs_f64()
    );
    println!("| list | query | p50 | p99 | DynamoDB requests |\n|---|---|---|---|---|");
    for ((label, query), (samples, requests)) in QUERIES.iter().zip(&figures.views) {
        println!(
            "| {label} | `{query}` | {} | {} | {requests} |",
            ms(pct(samples, 50)),
            ms(pct(samples, 99))
        );
    }
}
