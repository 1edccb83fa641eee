//! Every item type the table holds: its key and the one struct of its attributes, mapped to
//! and from DynamoDB by `serde_dynamo` ([`to_item`], [`from_item`]) and nowhere else. Where
//! the domain type is what is stored (`User`, `SessionRecord`, `Link`, `Visit`), it is the
//! struct, and the item adds only what the table needs beside it (an expiry, index keys).
//! A stored field is added to its struct (with `#[serde(default)]` when items written before
//! it lack it); a new item type is a prefix in [`keys`], a key function and a struct here.
//!
//! Attributes that only update expressions write (`version`, `failures`) are named in the
//! expression and in the function's [`Grant`](super::keys::Grant), which `tests/api/iam.rs`
//! holds against `template.yaml`.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{PK, SK, keys};
use crate::accounts::tokens::Token;
use crate::error::{Error, Result};
use crate::forms::FormId;
use crate::links::rollup::{DayTotals, Rollup};
use crate::links::stats::{Breakdowns, DayCounts, Dimension};
use crate::links::store::{Clicks, Link, Visit};
use crate::redirect::visitor::VisitorId;
use crate::session::SessionRecord;

/// An item, or a key, as the SDK takes it.
pub(crate) type Attributes = HashMap<String, AttributeValue>;

pub(crate) fn key(pk: String, sk: &str) -> Attributes {
    HashMap::from([
        (PK.to_string(), AttributeValue::S(pk)),
        (SK.to_string(), AttributeValue::S(sk.to_string())),
    ])
}

/// The item with this key and `value`'s attributes.
pub(crate) fn to_item<T: Serialize>(key: Attributes, value: &T) -> Result<Attributes> {
    let mut item: Attributes = serde_dynamo::to_item(value).map_err(Error::internal)?;
    item.extend(key);
    Ok(item)
}

/// An item (or the attributes a projection or `ReturnValues` brought back) as its struct; the
/// error names what did not fit.
pub(crate) fn from_item<T: DeserializeOwned>(item: impl Into<serde_dynamo::Item>) -> Result<T> {
    serde_dynamo::from_item(item).map_err(|e| Error::internal(format!("{}: {e}", std::any::type_name::<T>())))
}

// A user, under the case-folded username: `accounts::store::User`.
pub(crate) const USER_SK: &str = "PROFILE";

pub(crate) fn user_key(username_key: &str) -> Attributes {
    key(format!("{}{username_key}", keys::USER), USER_SK)
}

/// The guard that keeps an email address to one user.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct EmailItem {
    pub username_key: String,
}

pub(crate) fn email_key(email: &str) -> Attributes {
    key(format!("{}{email}", keys::EMAIL), "EMAIL")
}

/// What is left of a deleted user: the key, so the username can never be registered again
/// (a new owner would inherit every short URL printed with it), the generation raised past
/// every session and token written before, and when. Nothing else of the person.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct DeletedUserItem {
    pub deleted_at: i64,
    pub generation: i64,
}

/// The attribute only a deleted user's item has: what the writes that must not reach a deleted
/// account (a new link, a new token) check for.
pub(crate) const DELETED_AT: &str = "deleted_at";

/// What `links::purge` has still to remove, listed under [`keys::GONE_LIST`] oldest first: a
/// deleted account (sort key [`GONE_SK`], the item the redirect reads) or a deleted link's
/// clicks (sort key `LINK#<slug>#<deleted_ms>`).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct GoneItem {
    pub owner: String,
    /// A deleted link's slug; none for an account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    pub deleted_ms: i64,
    /// Left alone until then (`links::purge::SETTLE` after the deletion).
    pub purge_after_ms: i64,
    pub gsi1pk: String,
    pub gsi1sk: String,
}

impl GoneItem {
    pub(crate) fn new(owner: &str, slug: Option<&str>, deleted_ms: i64) -> Self {
        Self {
            owner: owner.to_string(),
            slug: slug.map(str::to_string),
            deleted_ms,
            purge_after_ms: deleted_ms + crate::links::purge::SETTLE.as_millis() as i64,
            gsi1pk: keys::GONE_LIST.to_string(),
            gsi1sk: format!("{deleted_ms:013}#{owner}#{}", slug.unwrap_or_default()),
        }
    }

    pub(crate) fn key(&self) -> Attributes {
        match &self.slug {
            None => gone_key(&self.owner),
            Some(slug) => gone_link_key(&self.owner, slug, self.deleted_ms),
        }
    }
}

pub(crate) const GONE_SK: &str = "GONE";

/// A deleted account's: the redirect reads it beside every link of the owner.
pub(crate) fn gone_key(owner: &str) -> Attributes {
    key(format!("{}{owner}", keys::GONE), GONE_SK)
}

/// A deleted link's clicks, still to be removed.
pub(crate) fn gone_link_key(owner: &str, slug: &str, deleted_ms: i64) -> Attributes {
    key(
        format!("{}{owner}", keys::GONE),
        &format!("LINK#{slug}#{deleted_ms:013}"),
    )
}

/// A session, under the SHA-256 of its id (the id itself is never stored).
#[derive(Serialize)]
pub(crate) struct SessionItem<'a> {
    #[serde(flatten)]
    pub session: &'a SessionRecord,
    /// DynamoDB's TTL attribute.
    pub expires_at: i64,
}

pub(crate) fn session_key(id_hash: &str) -> Attributes {
    key(format!("{}{id_hash}", keys::SESSION), "SESSION")
}

/// A sign-in failure counter. `counter`: `U#<account>`, `A#<address>` or
/// `AU#<address>#<account>` (`accounts::throttle`).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct LoginFailItem {
    pub failures: i64,
    /// The end of the window, and DynamoDB's TTL attribute.
    pub expires_at: i64,
}

pub(crate) fn reset_key(token_hash: &str) -> Attributes {
    key(format!("{}{token_hash}", keys::RESET), "RESET")
}

pub(crate) fn login_fail_key(counter: &str) -> Attributes {
    key(format!("{}{counter}", keys::LOGINFAIL), "LOGINFAIL")
}

/// An API token under the SHA-256 of the token: who it acts for, and how.
pub(crate) fn token_key(hash: &str) -> Attributes {
    key(format!("{}{hash}", keys::TOKEN), "TOKEN")
}

/// An API token in its owner's list: what the list shows, and the hash that names the other
/// item (so revoking deletes both).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct UserTokenItem {
    #[serde(flatten)]
    pub token: Token,
    pub hash: String,
}

pub(crate) fn user_tokens_pk(owner: &str) -> String {
    format!("{}{owner}", keys::USER_TOKEN)
}

pub(crate) fn user_token_key(owner: &str, id: &str) -> Attributes {
    key(user_tokens_pk(owner), id)
}

/// An API token's requests in the minute from `window_start` (epoch seconds).
pub(crate) fn rate_key(token_id: &str, window_start: i64) -> Attributes {
    key(format!("{}{token_id}#{window_start}", keys::RATE), "RATE")
}

/// Every `Idempotency-Key` of an owner's sits under this key (so `links::purge` finds them).
pub(crate) fn idempotency_pk(owner: &str) -> String {
    format!("{}{owner}", keys::IDEMPOTENCY)
}

/// An `Idempotency-Key` of `owner`, by the key's SHA-256 (`links::api::idempotency::Claim`).
pub(crate) fn idempotency_key(owner: &str, key_hash: &str) -> Attributes {
    key(idempotency_pk(owner), key_hash)
}

/// A link, under `<owner>#<slug>`, listed by its owner's index key. Edits raise `version`
/// (an update expression), which the counter shards' target copies follow.
#[derive(Serialize)]
pub(crate) struct LinkItem<'a> {
    #[serde(flatten)]
    pub link: &'a Link,
    /// `domain::search_text` of the link, what `/links/?q=` looks in.
    pub search: String,
    pub gsi1pk: String,
    pub gsi1sk: String,
}

pub(crate) fn link_key(owner: &str, slug: &str) -> Attributes {
    key(format!("{}{owner}#{slug}", keys::LINK), "LINK")
}

/// The owner's index key: every link of one owner.
pub(crate) fn links_list_pk(owner: &str) -> String {
    format!("{}{owner}", keys::LINKS_LIST)
}

/// The index sort key: newest first in the list; the slug breaks ties within a millisecond.
pub(crate) fn links_list_sk(created_ms: i64, slug: &str) -> String {
    format!("{created_ms:013}#{slug}")
}

/// One of a link's counter shards, under `<owner>#<slug>#<shard>`: a copy of the target
/// (what a redirect reads), the link's creation time (which names its day aggregates, so a new
/// link with a deleted one's slug starts from zero) and the clicks counted on this shard.
/// Edits set `version`.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct CounterItem {
    pub target: String,
    pub created_ms: i64,
    /// The link's `valid_until`, copied as the target is, so the redirect's one read has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<i64>,
    pub clicks: i64,
    pub bot_hits: i64,
}

pub(crate) const COUNTER_SK: &str = "HITS";

/// The slug in a per-shard key, `HITS#<owner>#<slug>#<shard>` or `DAYS#...` (neither the owner
/// nor the slug can hold a `#`).
fn slug_in(pk: &str) -> &str {
    pk.split('#').nth(2).unwrap_or_default()
}

pub(crate) fn counter_key(owner: &str, slug: &str, shard: usize) -> Attributes {
    key(format!("{}{owner}#{slug}#{shard}", keys::HITS), COUNTER_SK)
}

/// What the totals read of a counter shard (a projection): its key, which names the link,
/// and its counts.
#[derive(Debug, Deserialize)]
pub(crate) struct CounterTotals {
    pub pk: String,
    #[serde(default)]
    pub clicks: i64,
    #[serde(default)]
    pub bot_hits: i64,
}

impl CounterTotals {
    pub(crate) const PROJECTION: &str = "pk, clicks, bot_hits";

    pub(crate) fn slug(&self) -> &str {
        slug_in(&self.pk)
    }

    /// Which of the link's shards this is.
    pub(crate) fn shard(&self) -> Option<usize> {
        self.pk.rsplit('#').next()?.parse().ok()
    }
}

/// What a redirect reads of a counter shard (a projection).
#[derive(Debug, Deserialize)]
pub(crate) struct CounterTarget {
    pub target: String,
    #[serde(default)]
    pub created_ms: i64,
    #[serde(default)]
    pub valid_until: Option<i64>,
}

/// A link's clicks on one UTC day on one shard, kept by the redirect with `ADD` (top-level
/// counters, so the first click of a day creates the item) and expired by TTL once no period
/// can show it. Beside `clicks` and `bot_hits`, each breakdown value people clicked with is a
/// counter of its own, named by [`breakdown_attribute`]; `referrer_hosts` is the set of the
/// referrer counters, whose size caps them ([`MAX_REFERRER_HOSTS`](crate::links::stats)).
#[derive(Debug)]
pub(crate) struct DayItem {
    pub sk: String,
    pub clicks: i64,
    pub bot_hits: i64,
    /// Visitors counted on their first click of the day (`redirect::visitor`).
    pub visitors: i64,
    pub breakdowns: Vec<(Dimension, String, i64)>,
}

/// The set of a day aggregate's referrer counters (a string set: `ADD` of a member already in
/// it changes nothing, so its size is the number of distinct hosts).
pub(crate) const REFERRER_HOSTS: &str = "referrer_hosts";

/// The attribute counting `value` of `dimension` in a day aggregate: top-level, so `ADD` can
/// create it, and prefixed, so no value can name another attribute.
pub(crate) fn breakdown_attribute(dimension: Dimension, value: &str) -> String {
    format!("{}{value}", breakdown_prefix(dimension))
}

fn breakdown_prefix(dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::Referrer => "ref:",
        Dimension::Browser => "browser:",
        Dimension::System => "os:",
        Dimension::Device => "device:",
        Dimension::Country => "country:",
    }
}

impl DayItem {
    /// Read by hand rather than by `serde_dynamo`: the breakdown counters' names are data.
    pub(crate) fn from_attributes(item: serde_dynamo::Item) -> Result<Self> {
        use serde_dynamo::AttributeValue;
        let number = |value: &AttributeValue| match value {
            AttributeValue::N(n) => n.parse::<i64>().ok(),
            _ => None,
        };
        let mut day = DayItem {
            sk: String::new(),
            clicks: 0,
            bot_hits: 0,
            visitors: 0,
            breakdowns: Vec::new(),
        };
        for (name, value) in item.into_inner() {
            match name.as_str() {
                SK => match value {
                    AttributeValue::S(sk) => day.sk = sk,
                    _ => return Err(Error::internal("a day aggregate's sort key")),
                },
                "clicks" => day.clicks = number(&value).unwrap_or(0),
                "bot_hits" => day.bot_hits = number(&value).unwrap_or(0),
                "visitors" => day.visitors = number(&value).unwrap_or(0),
                name => {
                    let found = Dimension::ALL.into_iter().find_map(|dimension| {
                        let value = name.strip_prefix(breakdown_prefix(dimension))?;
                        Some((dimension, value.to_string()))
                    });
                    if let (Some((dimension, label)), Some(count)) = (found, number(&value)) {
                        day.breakdowns.push((dimension, label, count));
                    }
                }
            }
        }
        Ok(day)
    }

    /// The day in `<created_ms>#<YYYY-MM-DD>`.
    pub(crate) fn day(&self) -> Option<time::Date> {
        parse_day(self.sk.split_once('#')?.1)
    }

    /// Its day and its counts, or an error naming the item whose key holds no day.
    pub(crate) fn into_totals(self) -> Result<(time::Date, DayTotals)> {
        let day = self
            .day()
            .ok_or_else(|| Error::internal(format!("a day aggregate with sort key {:?}", self.sk)))?;
        let mut totals = DayTotals {
            counts: DayCounts {
                clicks: Clicks {
                    human: self.clicks,
                    bot: self.bot_hits,
                },
                visitors: self.visitors,
            },
            breakdowns: Breakdowns::default(),
        };
        for (dimension, value, count) in &self.breakdowns {
            totals.breakdowns.add(*dimension, value, *count);
        }
        Ok((day, totals))
    }
}

/// `YYYY-MM-DD`, as keys and roll-ups write a day.
fn parse_day(day: &str) -> Option<time::Date> {
    let mut parts = day.splitn(3, '-').map(str::parse::<u32>);
    let (year, month, day) = (parts.next()?.ok()?, parts.next()?.ok()?, parts.next()?.ok()?);
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    time::Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
}

/// A link's days before the day it serves, summed (`links::rollup`), under `<owner>#<slug>`
/// and the link's generation. The sums are one JSON string: read and written whole, never
/// updated in place, and a string is far cheaper to decode than a map of a few thousand
/// DynamoDB attributes. At most 89 days of three numbers and, for each of the three periods,
/// at most 101 referrer hosts, the browsers and systems the parser knows, three devices and
/// 676 two-letter countries: under 100 KB of the 400 KB an item may hold.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct RollupItem {
    /// The last day summed, `YYYY-MM-DD` (so a later roll-up is also a greater string).
    pub through: String,
    pub sums: String,
    /// DynamoDB's TTL attribute: two days after the day it serves.
    pub expires_at: i64,
}

#[derive(Serialize, Deserialize)]
struct RollupSums {
    /// `[people, bot hits, visitors]` a day, oldest first.
    days: Vec<[i64; 3]>,
    /// A period's `(dimension, value, count)`s, in the order of `PERIODS`.
    breakdowns: Vec<Vec<(Dimension, String, i64)>>,
}

impl RollupItem {
    pub(crate) fn new(rollup: &Rollup) -> Result<Self> {
        let sums = RollupSums {
            days: rollup
                .days
                .iter()
                .map(|day| [day.clicks.human, day.clicks.bot, day.visitors])
                .collect(),
            breakdowns: rollup
                .breakdowns
                .iter()
                .map(|breakdowns| {
                    breakdowns
                        .iter()
                        .map(|(dimension, value, count)| (dimension, value.to_string(), count))
                        .collect()
                })
                .collect(),
        };
        Ok(Self {
            through: rollup.through.to_string(),
            sums: serde_json::to_string(&sums).map_err(Error::internal)?,
            expires_at: crate::links::stats::day_start(rollup.through) + 3 * 24 * 3600,
        })
    }

    pub(crate) fn into_rollup(self) -> Result<Rollup> {
        let through = parse_day(&self.through)
            .ok_or_else(|| Error::internal(format!("a roll-up through {:?}", self.through)))?;
        let sums: RollupSums = serde_json::from_str(&self.sums).map_err(Error::internal)?;
        let days = sums
            .days
            .into_iter()
            .map(|[human, bot, visitors]| DayCounts {
                clicks: Clicks { human, bot },
                visitors,
            })
            .collect();
        let breakdowns = sums
            .breakdowns
            .into_iter()
            .map(|values| {
                let mut breakdowns = Breakdowns::default();
                for (dimension, value, count) in values {
                    breakdowns.add(dimension, &value, count);
                }
                breakdowns
            })
            .collect();
        Ok(Rollup {
            through,
            days,
            breakdowns,
        })
    }
}

/// Every roll-up a link's slug has had (one per generation) sits under this key.
pub(crate) fn rollup_pk(owner: &str, slug: &str) -> String {
    format!("{}{owner}#{slug}", keys::ROLLUP)
}

pub(crate) fn rollup_key(owner: &str, slug: &str, created_ms: i64) -> Attributes {
    key(rollup_pk(owner, slug), &format!("{created_ms:013}"))
}

/// What the list reads of a day aggregate (a projection): its key, which names the link, and
/// its clicks from people.
#[derive(Debug, Deserialize)]
pub(crate) struct DayClicksOnly {
    pub pk: String,
    #[serde(default)]
    pub clicks: i64,
}

impl DayClicksOnly {
    pub(crate) const PROJECTION: &str = "pk, clicks";

    pub(crate) fn slug(&self) -> &str {
        slug_in(&self.pk)
    }
}

pub(crate) fn days_pk(owner: &str, slug: &str, shard: usize) -> String {
    format!("{}{owner}#{slug}#{shard}", keys::DAYS)
}

/// The link created at `created_ms` (its generation), on `day`: a link's days sort by date.
pub(crate) fn day_sk(created_ms: i64, day: time::Date) -> String {
    format!("{created_ms:013}#{day}")
}

/// One recorded visit, under the link's visit shard, sorted by [`visit_sk`].
#[derive(Serialize)]
pub(crate) struct VisitItem<'a> {
    #[serde(flatten)]
    pub visit: &'a Visit,
    /// DynamoDB's TTL attribute.
    pub expires_at: i64,
}

pub(crate) fn visits_pk(owner: &str, slug: &str, shard: usize) -> String {
    format!("{}{owner}#{slug}#{shard}", keys::VISITS)
}

/// Human visits sort under `H#`, bot hits under `B#`, each by time.
pub(crate) fn visit_sk(bot: bool, at_ms: i64, nonce: &str) -> String {
    format!("{}#{at_ms:013}#{nonce}", if bot { "B" } else { "H" })
}

/// That a visitor clicked a link on a day (`redirect::visitor`), for the link created at
/// `created_ms` (a marker left by a deleted link with the same slug does not count).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SeenItem {
    pub created_ms: i64,
    /// DynamoDB's TTL attribute: two days after the day (written, not read back).
    #[serde(default)]
    pub expires_at: i64,
}

/// Partitions a link's markers of one day are spread over, by the first hex digit of the
/// visitor's hash: each takes ~1,000 new visitors a second, so a link 16 times that. Under
/// the link and the day, so `links::purge` finds them (the days a link was clicked on are in
/// its day aggregates' keys).
pub(crate) const SEEN_SHARDS: u32 = 16;

pub(crate) fn seen_key(owner: &str, slug: &str, visitor: &VisitorId) -> Attributes {
    let hash = visitor.as_str();
    key(
        format!("{}{owner}#{slug}#{}#{}", keys::SEEN, visitor.day, &hash[..1]),
        hash,
    )
}

/// Every partition of the link's markers of `day` (see [`SEEN_SHARDS`]).
pub(crate) fn seen_partitions(
    owner: &str,
    slug: &str,
    day: time::Date,
) -> impl Iterator<Item = String> + use<> {
    let day_pk = format!("{}{owner}#{slug}#{day}#", keys::SEEN);
    (0..SEEN_SHARDS).map(move |shard| format!("{day_pk}{shard:x}"))
}

/// The random key of a day (`redirect::visitor::DayKey`), as hex.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct DayKeyItem {
    pub key: String,
    /// DynamoDB's TTL attribute: two days after the day (written, not read back).
    #[serde(default)]
    pub expires_at: i64,
}

pub(crate) fn day_key_key(day: time::Date) -> Attributes {
    key(format!("{}{day}", keys::DAY_KEY), "DAYKEY")
}

/// What a new-link form created, under `<owner>#<form id>` (see [`FormId`]).
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct FormItem {
    pub slug: String,
    /// DynamoDB's TTL attribute.
    pub expires_at: i64,
}

/// Every form id of an owner's sits under this key (so `links::purge` finds them).
pub(crate) fn forms_pk(owner: &str) -> String {
    format!("{}{owner}", keys::LINKFORM)
}

pub(crate) fn form_key(owner: &str, form_id: &FormId) -> Attributes {
    key(forms_pk(owner), form_id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_is_its_key_and_its_struct_and_reads_back_the_same() {
        let session = SessionRecord {
            username_key: "ada".into(),
            username: "Ada".into(),
            created_at: 1_700_000_000,
            last_seen: 1_700_000_100,
        };
        let item = to_item(
            session_key("abc"),
            &SessionItem {
                session: &session,
                expires_at: session.expires_at(),
            },
        )
        .unwrap();
        assert_eq!(item["pk"], AttributeValue::S("SESSION#abc".into()));
        assert_eq!(item["sk"], AttributeValue::S("SESSION".into()));
        assert_eq!(item["created_at"], AttributeValue::N("1700000000".into()));
        assert_eq!(
            item["expires_at"],
            AttributeValue::N(session.expires_at().to_string())
        );
        assert_eq!(from_item::<SessionRecord>(item).unwrap(), session);
    }

    #[test]
    fn what_the_table_knows_otherwise_is_not_stored() {
        let visit = Visit {
            at_ms: 1,
            referrer: String::new(),
            user_agent: "curl".into(),
            ip: "192.0.2.0".into(),
            country: String::new(),
            bot: true,
        };
        let item = to_item(
            key("VISITS#a#b#0".into(), "B#1#x"),
            &VisitItem {
                visit: &visit,
                expires_at: 2,
            },
        )
        .unwrap();
        assert!(!item.contains_key("bot"));
        assert_eq!(item.len(), 7, "{item:?}");
    }

    #[test]
    fn a_missing_required_attribute_is_an_error_naming_the_item_type() {
        let error = from_item::<SessionRecord>(session_key("abc")).unwrap_err();
        assert!(format!("{error:?}").contains("SessionRecord"), "{error:?}");
    }

    #[test]
    fn counter_totals_name_their_link() {
        let totals: CounterTotals = from_item(counter_key("ada", "docs", 7)).unwrap();
        assert_eq!((totals.slug(), totals.clicks), ("docs", 0));
    }
}
