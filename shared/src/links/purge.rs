//! Removing a deleted account's links: every item of each (the link, its counter shards, its
//! recorded visits, its day aggregates, roll-ups and visitor markers), in pages, from a
//! scheduled event of the `links` function (EventBridge, `template.yaml`), since 10,000 links
//! are over 100,000 items and do not fit the request that deletes the account. A link deleted
//! on its own goes the same way: its request deletes what the redirect reads and the link,
//! and leaves its recorded clicks (thousands of items, perhaps) to this, under a `GONE` item
//! of its own; a new link with the slug keeps its own clicks (only those from before the
//! deletion go).
//!
//! `accounts` deletes the user and writes a [`GONE`](crate::db::keys::GONE) item in the same
//! transaction; from then the redirect answers 404 for every link of the owner (it reads
//! that item beside the link), so what is left here is housekeeping nobody can reach. Each
//! run takes the deleted accounts oldest first and their links a page at a time, each link's
//! own item last, so a run cut short (by its deadline, a crash or a throttle) leaves every
//! unfinished link listed for the next run: the work is idempotent and resumable. When an
//! owner's list comes back empty, the `GONE` item goes too (the username's tombstone, kept
//! by `accounts`, stays). The schedule runs every [`SCHEDULE_MINUTES`]; a run stops taking
//! new links [`STOP_BEFORE_DEADLINE`] before its own deadline.

use std::future::Future;
use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};

use crate::db::keys::{self, Grant};
use crate::error::Result;

/// How often EventBridge starts a run (`template.yaml`'s `Purge` schedule says the same, and a
/// test holds them together). An account with 10,000 links takes about 7 runs at 128 MB
/// (BENCHMARKS.md), so about 15 minutes; an idle run is one query.
pub const SCHEDULE_MINUTES: u32 = 2;
/// An account is left alone this long after its deletion: a click read just before it may
/// still be writing its visit (after-response work has 3 s), and the owner's index (eventually
/// consistent) may not list a link created a moment before.
pub const SETTLE: Duration = Duration::from_secs(60);
/// A run takes no new page of links this close to its deadline (a page is 100 links, about
/// 2,000 small requests, 8 links at a time).
pub const STOP_BEFORE_DEADLINE: Duration = Duration::from_secs(8);
/// Links removed side by side.
const CONCURRENT_LINKS: usize = 8;

/// The partitions the purge reads the keys of and deletes, a page at a time.
const EMPTIED: &[&str] = &[
    keys::VISITS,
    keys::DAYS,
    keys::ROLLUP,
    keys::SEEN,
    keys::LINKFORM,
    keys::IDEMPOTENCY,
];

/// What [`PurgeStore`] needs in the table: the deleted accounts and links (the index), the
/// accounts' links (the owner's index) and their counts, the queries that find a link's visits, days, roll-ups and visitor markers
/// and the owner's form ids and idempotency keys, and deletes of all of them and of the
/// `GONE` item.
pub const GRANTS: &[Grant] = &[
    Grant::query_index(keys::GSI),
    // A link's counts: which of its partitions hold anything.
    Grant::on("BatchGetItem", &[keys::HITS]),
    Grant::on("Query", EMPTIED),
    Grant::on("BatchWriteItem", EMPTIED),
    Grant::on("BatchWriteItem", &[keys::HITS]),
    Grant::on("DeleteItem", &[keys::LINK, keys::GONE]),
];

/// A deleted account whose links are still being removed, or a deleted link whose clicks are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deleted {
    pub owner: String,
    /// The deleted link's; none for an account.
    pub slug: Option<String>,
    /// Epoch milliseconds; what was recorded before then goes.
    pub deleted_ms: i64,
    /// Epoch milliseconds: left alone until then ([`SETTLE`] after the deletion).
    pub purge_after_ms: i64,
}

/// One page of an owner's links, by slug, and where the next starts (`None`: the last).
pub struct OwnedPage {
    pub slugs: Vec<String>,
    pub next: Option<String>,
}

pub trait PurgeStore: Send + Sync {
    /// Every deleted account and link still listed, oldest first.
    fn deleted(&self) -> impl Future<Output = Result<Vec<Deleted>>> + Send;
    /// Up to 100 of the owner's links, from `after` (a page's `next`).
    fn owned_links(&self, owner: &str, after: Option<&str>)
    -> impl Future<Output = Result<OwnedPage>> + Send;
    /// Every item of the link, the link's own item last. Returns how many were deleted.
    fn purge_link(&self, owner: &str, slug: &str) -> impl Future<Output = Result<usize>> + Send;
    /// The clicks recorded for the slug before `before_ms` (a deleted link's: its visits, day
    /// aggregates, roll-ups and visitor markers). Returns how many items were deleted.
    fn purge_clicks(
        &self,
        owner: &str,
        slug: &str,
        before_ms: i64,
    ) -> impl Future<Output = Result<usize>> + Send;
    /// `deleted`'s `GONE` item, and for an account what is left of it beside its links (the
    /// owner's short-lived form ids and API idempotency keys). Returns how many items went.
    fn forget(&self, deleted: &Deleted) -> impl Future<Output = Result<usize>> + Send;
}

/// What a run did: the event's answer, and its log line.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// Accounts whose every item is now gone.
    pub accounts_finished: usize,
    /// Accounts and deleted links left for a later run: deleted under [`SETTLE`] ago, or not
    /// reached in time.
    pub accounts_pending: usize,
    /// Links of deleted accounts removed.
    pub links_removed: usize,
    /// Links deleted on their own whose clicks are now gone.
    pub deleted_links_cleared: usize,
    pub items_removed: usize,
}

/// One run, until everything listed is done or `deadline` (less [`STOP_BEFORE_DEADLINE`])
/// comes: `now_ms` is epoch milliseconds, `deadline` the instant the invocation must have
/// answered by.
pub async fn run(store: &impl PurgeStore, now_ms: i64, deadline: tokio::time::Instant) -> Result<Report> {
    let stop = deadline.checked_sub(STOP_BEFORE_DEADLINE).unwrap_or(deadline);
    let mut report = Report::default();
    let deleted = store.deleted().await?;
    for (index, gone) in deleted.iter().enumerate() {
        if now_ms < gone.purge_after_ms {
            report.accounts_pending += 1;
            continue;
        }
        let finished = match &gone.slug {
            Some(slug) if tokio::time::Instant::now() < stop => {
                report.items_removed += store.purge_clicks(&gone.owner, slug, gone.deleted_ms).await?;
                true
            }
            Some(_) => false,
            None => purge_account(store, &gone.owner, stop, &mut report).await?,
        };
        if !finished {
            report.accounts_pending += deleted.len() - index;
            tracing::info!(?report, "purge stopped at its deadline; the next run goes on");
            return Ok(report);
        }
        report.items_removed += store.forget(gone).await?;
        if gone.slug.is_some() {
            report.deleted_links_cleared += 1;
        } else {
            report.accounts_finished += 1;
            tracing::info!(owner = %gone.owner, "deleted account's links all removed");
        }
    }
    Ok(report)
}

/// Removes the owner's links a page at a time: `true` once a pass finds none, `false` when
/// `stop` comes first.
async fn purge_account(
    store: &impl PurgeStore,
    owner: &str,
    stop: tokio::time::Instant,
    report: &mut Report,
) -> Result<bool> {
    let mut after: Option<String> = None;
    // Whether this pass found any link: the pass that finds none ends the account.
    let mut found_any = false;
    loop {
        if tokio::time::Instant::now() >= stop {
            return Ok(false);
        }
        let page = store.owned_links(owner, after.as_deref()).await?;
        found_any |= !page.slugs.is_empty();
        let items: Vec<usize> = futures_util::stream::iter(&page.slugs)
            .map(|slug| store.purge_link(owner, slug))
            .buffer_unordered(CONCURRENT_LINKS)
            .try_collect()
            .await?;
        report.links_removed += page.slugs.len();
        report.items_removed += items.iter().sum::<usize>();
        match page.next {
            Some(next) => after = Some(next),
            // A pass that removed links reads the list once more from its start: the owner's
            // index may list a link late, and the `GONE` item must outlast it.
            None if found_any => {
                after = None;
                found_any = false;
            }
            None => return Ok(true),
        }
    }
}

/// The scheduled event's work: one [`run`], its report the answer.
pub async fn scheduled(store: &impl PurgeStore, deadline: tokio::time::Instant) -> Result<serde_json::Value> {
    let report = run(store, crate::now_ms(), deadline).await?;
    tracing::info!(
        accounts_finished = report.accounts_finished,
        accounts_pending = report.accounts_pending,
        links_removed = report.links_removed,
        deleted_links_cleared = report.deleted_links_cleared,
        items_removed = report.items_removed,
        "purge run"
    );
    serde_json::to_value(&report).map_err(crate::error::Error::internal)
}
