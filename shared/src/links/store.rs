//! What the link routes need from the database, and nothing more.

use std::future::Future;

use super::domain::{SearchWords, Slug, Tag, Tags, TargetUrl, Title, ValidUntil};
use super::export::Before;
use super::rollup::{DayTotals, Rollup};
use crate::db::keys::{self, Grant};
use crate::error::{Error, Result};
use crate::forms::FormId;

/// A link as its owner sees it; stored as it is but for the clicks, which its counter
/// shards hold (`db::items`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    pub slug: String,
    pub target: String,
    #[serde(default)]
    pub title: String,
    /// Epoch milliseconds (orders the list; also where its clicks start).
    pub created_ms: i64,
    /// Epoch seconds after which its short URL answers 410 (`domain::ValidUntil`). Not
    /// `expires_at`: that is the table's TTL attribute, and DynamoDB would delete the link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<i64>,
    /// `domain::Tags`, as parsed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip)]
    pub clicks: Clicks,
    /// Clicks from people in the last [`RECENT_DAYS`](super::stats::RECENT_DAYS) UTC days
    /// (today included), where the list shows them; 0 elsewhere.
    #[serde(skip)]
    pub recent_clicks: i64,
}

/// Visits counted so far, exact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clicks {
    pub human: i64,
    /// `HEAD`, prefetches, link previews and known bots: redirected but counted apart.
    pub bot: i64,
}

/// One recorded visit; stored as it is (with its expiry, `db::items`) but for `bot`, which
/// its sort key says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Visit {
    pub at_ms: i64,
    #[serde(default)]
    pub referrer: String,
    #[serde(default)]
    pub user_agent: String,
    #[serde(default)]
    pub ip: String,
    /// ISO 3166 alpha-2, from a trusted CDN's header (`TRUST_CDN_HEADERS`); empty when unknown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub country: String,
    #[serde(skip)]
    pub bot: bool,
}

/// One file of an export: visits with their positions, newest first.
pub struct ExportPage {
    pub visits: Vec<(Before, Visit)>,
    /// Whether older visits of the period remain after these.
    pub more: bool,
}

pub struct NewLink<'a> {
    pub owner: &'a str,
    /// The submission that creates it: a second submission of the same form creates nothing.
    pub form_id: &'a FormId,
    pub target: &'a TargetUrl,
    pub title: &'a Title,
    pub valid_until: ValidUntil,
    pub tags: &'a Tags,
    pub created_ms: i64,
    /// The API's `Idempotency-Key` this request holds, marked done with the link in the same
    /// transaction (`links::api::idempotency`).
    pub idempotency: Option<KeyClaim<'a>>,
}

/// An `Idempotency-Key` claimed by the request that makes a link.
pub struct KeyClaim<'a> {
    pub key_hash: &'a str,
    pub claim: &'a str,
}

#[derive(Debug)]
pub enum CreateLinkError {
    SlugTaken,
    /// This form was submitted before: [`LinkStore::submitted_link`] says what it created.
    AlreadySubmitted,
    /// The owner has [`crate::links::MAX_LINKS_PER_USER`] links already.
    LimitReached,
    /// The `Idempotency-Key`'s claim passed to another request meanwhile.
    ClaimLost,
    Other(Error),
}

impl From<Error> for CreateLinkError {
    fn from(error: Error) -> Self {
        CreateLinkError::Other(error)
    }
}

/// A link of an import (`links::import`): its slug already chosen and checked against the
/// owner's links.
#[derive(Clone)]
pub struct ImportedLink {
    pub slug: Slug,
    pub target: TargetUrl,
    pub title: Title,
    pub tags: Tags,
    pub created_ms: i64,
}

/// Why a batch of an import made nothing.
#[derive(Debug)]
pub enum BatchError {
    /// The link at this index of the batch has a slug the owner took meanwhile.
    SlugTaken(usize),
    /// The batch would take the owner over [`crate::links::MAX_LINKS_PER_USER`].
    LimitReached,
    Other(Error),
}

impl From<Error> for BatchError {
    fn from(error: Error) -> Self {
        BatchError::Other(error)
    }
}

/// What a list is narrowed to: links with a tag, links whose slug, title or target contain
/// every word, both, or neither.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub tag: Option<Tag>,
    pub words: SearchWords,
}

impl ListFilter {
    pub fn is_empty(&self) -> bool {
        self.tag.is_none() && self.words.is_empty()
    }
}

/// Where a page of the list starts: the last link of the previous page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub created_ms: i64,
    pub slug: String,
}

pub struct LinkPage {
    pub links: Vec<Link>,
    pub next: Option<Cursor>,
}

/// What [`LinkStore`] needs in the table. Creates and deletes are transactions, which IAM
/// checks item by item (`PutItem`, `UpdateItem`, `DeleteItem`). Of the owner's user item it
/// may change `link_count` only; of a counter shard, the copy of the target only (the counts
/// are the redirect's).
pub const GRANTS: &[Grant] = &[
    Grant::on("GetItem", &[keys::LINK, keys::LINKFORM]),
    Grant::on("BatchGetItem", &[keys::HITS, keys::DAYS, keys::ROLLUP]),
    Grant::on("Query", &[keys::VISITS, keys::DAYS]),
    Grant::query_index(keys::GSI),
    // GONE#: a deleted link's clicks, listed for `links::purge`.
    Grant::on(
        "PutItem",
        &[keys::LINK, keys::HITS, keys::LINKFORM, keys::ROLLUP, keys::GONE],
    ),
    Grant::on("DeleteItem", &[keys::LINK, keys::HITS]),
    Grant::on("UpdateItem", &[keys::LINK]).only(
        &[
            "pk",
            "sk",
            "target",
            "title",
            "valid_until",
            "tags",
            "search",
            "version",
        ],
        &["NONE", "UPDATED_NEW"],
    ),
    Grant::on("UpdateItem", &[keys::HITS]).only(&["pk", "sk", "target", "valid_until", "version"], &["NONE"]),
    Grant::on("UpdateItem", &[keys::USER]).only(&["pk", "sk", "link_count", "deleted_at"], &["NONE"]),
    Grant::on("UpdateItem", &[keys::IDEMPOTENCY]).only(
        &[
            "pk",
            "sk",
            "claim",
            "slug",
            "target",
            "title",
            "created_ms",
            "valid_until",
            "tags",
        ],
        &["NONE"],
    ),
];

/// `owner` is always the signed-in user's case-folded username: a store call can only reach
/// that user's links.
pub trait LinkStore: Send + Sync {
    /// Stores the link under `slug` unless the owner already has a link there.
    fn create_link(
        &self,
        link: &NewLink<'_>,
        slug: &Slug,
    ) -> impl Future<Output = Result<(), CreateLinkError>> + Send;
    /// The slug of the link that the form `form_id` created, if it created one (kept a day).
    fn submitted_link(
        &self,
        owner: &str,
        form_id: &FormId,
    ) -> impl Future<Output = Result<Option<String>>> + Send;
    /// Newest first, `limit` a page, starting after `after`, only those `filter` lets through.
    fn list_links(
        &self,
        owner: &str,
        after: Option<&Cursor>,
        limit: usize,
        filter: &ListFilter,
    ) -> impl Future<Output = Result<LinkPage>> + Send;
    fn find_link(&self, owner: &str, slug: &str) -> impl Future<Output = Result<Option<Link>>> + Send;
    /// Newest first, `limit` a page, starting after `after`, with their all-time clicks (and
    /// not the list's last 7 days): an export's part.
    fn export_links(
        &self,
        owner: &str,
        after: Option<&Cursor>,
        limit: usize,
    ) -> impl Future<Output = Result<LinkPage>> + Send;
    /// The `limit` latest human visits of the link created at `created_ms`, newest first.
    fn latest_visits(
        &self,
        owner: &str,
        link: &Link,
        limit: usize,
    ) -> impl Future<Output = Result<Vec<Visit>>> + Send;
    /// The link's roll-up, whichever day it serves, if it has one (`links::rollup`), and its
    /// clicks on `today`: one request.
    fn rollup_and_today(
        &self,
        owner: &str,
        link: &Link,
        today: time::Date,
    ) -> impl Future<Output = Result<(Option<Rollup>, DayTotals)>> + Send;
    /// The link's clicks on each UTC day from `first` to `last` (both included) that has any.
    fn day_totals(
        &self,
        owner: &str,
        link: &Link,
        first: time::Date,
        last: time::Date,
    ) -> impl Future<Output = Result<Vec<(time::Date, DayTotals)>>> + Send;
    /// Stores the roll-up unless one through a later day is there already.
    fn save_rollup(
        &self,
        owner: &str,
        link: &Link,
        rollup: &Rollup,
    ) -> impl Future<Output = Result<()>> + Send;
    /// The link's clicks from people since `since_ms`, newest first, older than `before` when
    /// given, at most `limit`, each with its position; and whether older ones remain.
    fn export_visits(
        &self,
        owner: &str,
        link: &Link,
        since_ms: i64,
        before: Option<&Before>,
        limit: usize,
    ) -> impl Future<Output = Result<ExportPage>> + Send;
    /// The slug and target of every link of the owner (what an import checks its rows
    /// against): one query, read a page at a time.
    fn link_targets(&self, owner: &str) -> impl Future<Output = Result<Vec<(String, String)>>> + Send;
    /// Stores all of `links` or none, in one transaction that raises the owner's `link_count`
    /// once, by their number (at most [`crate::links::import::LINKS_PER_BATCH`]).
    fn create_links(
        &self,
        owner: &str,
        links: &[ImportedLink],
    ) -> impl Future<Output = Result<(), BatchError>> + Send;
    /// `false` when the owner has no such link.
    fn update_link(
        &self,
        owner: &str,
        slug: &str,
        target: &TargetUrl,
        title: &Title,
        valid_until: ValidUntil,
        tags: &Tags,
    ) -> impl Future<Output = Result<bool>> + Send;
    /// `false` when the owner has no such link.
    fn delete_link(&self, owner: &str, slug: &str) -> impl Future<Output = Result<bool>> + Send;
}
