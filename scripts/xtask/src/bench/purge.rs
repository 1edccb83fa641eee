//! Removing a deleted account at the account's limit (`links::purge`): 10,000 links, one in
//! ten clicked today by a person (a visit, a day aggregate, a visitor marker), the account
//! deleted through the store, then the scheduled event sent to `links` until it says the
//! account is finished. Each run's time, DynamoDB requests and CPU of the `links` process,
//! and what that CPU comes to at the function's 128 MB.

use std::time::{Duration, Instant};

use futures_util::StreamExt;

use super::search::seed_links;
use crate::emulator::LocalApi;
use crate::process::{TICKS_PER_SECOND, Usage};
use crate::table::BoxError;

const LINKS: usize = 10_000;
/// One link in this many is clicked.
const CLICKED_EVERY: usize = 10;
const OWNER: &str = "leaver";
/// Runs before giving up (a run that removes nothing would loop forever).
const MAX_RUNS: usize = 50;

pub struct Figures {
    pub links: usize,
    pub seeding: Duration,
    /// Per run: links removed, items removed, time, DynamoDB requests, CPU of `links`.
    pub runs: Vec<(u64, u64, Duration, u64, Duration)>,
}

pub async fn measure(
    bin_dir: &std::path::Path,
    endpoint: &str,
    table_name: &str,
) -> Result<Figures, BoxError> {
    use shared::accounts::store::AccountStore;
    use shared::redirect::ClickStore;
    use shared::redirect::visitor::VisitorId;

    let links = std::env::var("BENCH_PURGE_LINKS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(LINKS);
    let table = crate::table::local_table(&crate::table::local_config().await, table_name);
    let started = Instant::now();
    super::hot_path::seed_user(&table, OWNER, &[], 0).await?;
    seed_links(&table, OWNER, links).await?;
    let today = shared::links::stats::utc_day(shared::now_ms());
    let key = table.day_key(today).await?;
    let clicks = futures_util::stream::iter((0..links).step_by(CLICKED_EVERY))
        .map(|index| {
            let (table, key) = (&table, &key);
            async move {
                let slug = format!("link-{index:05}");
                let found = table
                    .find(OWNER, &slug, None)
                    .await?
                    .ok_or("a seeded link is missing")?;
                let address = std::net::IpAddr::from([203, 0, 113, (index % 250) as u8]);
                let visit = shared::links::store::Visit {
                    at_ms: shared::now_ms(),
                    referrer: "https://news.example/".into(),
                    user_agent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
                        .into(),
                    ip: address.to_string(),
                    country: String::new(),
                    bot: false,
                };
                let visitor = VisitorId::of(key, address, &visit.user_agent);
                table.record(OWNER, &slug, &found, &visit, Some(&visitor)).await?;
                Ok::<_, BoxError>(())
            }
        })
        .buffer_unordered(16);
    futures_util::pin_mut!(clicks);
    while let Some(done) = clicks.next().await {
        done?;
    }
    let user = table
        .find_user(OWNER)
        .await?
        .ok_or("the seeded user is missing")?;
    // Deleted two minutes ago: past the purge's first minute.
    if !table.delete_user(OWNER, &user, shared::now() - 120).await? {
        return Err("the account could not be deleted".into());
    }
    let seeding = started.elapsed();

    let proxy =
        super::hot_path::CountingProxy::start(endpoint.trim_start_matches("http://").to_string()).await?;
    let api = LocalApi::start(
        vec![super::spec(bin_dir, "links", &proxy.endpoint(), table_name)],
        &super::routes("links"),
    )
    .await?;
    let pid = *api.pids("links").first().ok_or("no links process")?;
    let event = crate::emulator::scheduled_event();
    let mut runs = Vec::new();
    for _ in 0..MAX_RUNS {
        proxy.reset();
        let before = Usage::of(pid)?.cpu_ticks;
        let started = Instant::now();
        let report = api.invoke("links", &event).await?;
        let elapsed = started.elapsed();
        let ticks = Usage::of(pid)?.cpu_ticks - before;
        let number = |name: &str| report[name].as_u64().unwrap_or_default();
        runs.push((
            number("links_removed"),
            number("items_removed"),
            elapsed,
            proxy.calls(),
            Duration::from_secs_f64(ticks as f64 / TICKS_PER_SECOND),
        ));
        if number("accounts_finished") == 1 {
            api.stop().await;
            return Ok(Figures { links, seeding, runs });
        }
    }
    Err(format!("the account was not finished in {MAX_RUNS} runs").into())
}

pub fn print(figures: &Figures) {
    println!(
        "\n## Removing a deleted account with {} links (`links::purge`, the scheduled event)\n",
        figures.links
    );
    println!(
        "One link in {CLICKED_EVERY} clicked today by a person; seeded and deleted through the store in {:.0} s. \
         Each run is one scheduled event, which stops taking pages 8 s before its 30 s deadline. DynamoDB \
         requests counted by the proxy; the CPU is the `links` process's.\n",
        figures.seeding.as_secs_f64()
    );
    println!(
        "| run | links removed | items removed | time | DynamoDB requests | CPU | that CPU at 128 MB (7.2% of a vCPU) |\n\
         |---|---|---|---|---|---|---|"
    );
    let mut total = (0, 0, Duration::ZERO, 0, Duration::ZERO);
    for (index, (links, items, elapsed, requests, cpu)) in figures.runs.iter().enumerate() {
        println!(
            "| {} | {links} | {items} | {:.1} s | {requests} | {:.1} s | {:.0} s |",
            index + 1,
            elapsed.as_secs_f64(),
            cpu.as_secs_f64(),
            cpu.as_secs_f64() * 1769.0 / 128.0
        );
        total = (
            total.0 + links,
            total.1 + items,
            total.2 + *elapsed,
            total.3 + requests,
            total.4 + *cpu,
        );
    }
    println!(
        "| all | {} | {} | {:.1} s | {} | {:.1} s | {:.0} s |",
        total.0,
        total.1,
        total.2.as_secs_f64(),
        total.3,
        total.4.as_secs_f64(),
        total.4.as_secs_f64() * 1769.0 / 128.0
    );
}
