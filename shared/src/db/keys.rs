//! Every item type's partition-key prefix and the one index: the only place they are spelled.
//! The store code builds its keys from these, the functions' [`Grant`]s name them, and
//! `tests/api/iam.rs` holds the grants against `template.yaml`'s policies (DynamoDB Local
//! ignores IAM, so that test is the check a deployment would otherwise be). The README's
//! "Data model" describes each item.

/// The item health checks read; it never needs to exist.
pub const HEALTH: &str = "HEALTH#";
/// A user, under the case-folded username.
pub const USER: &str = "USER#";
/// The guard that keeps an email address to one user.
pub const EMAIL: &str = "EMAIL#";
/// A session, under the SHA-256 of its id.
pub const SESSION: &str = "SESSION#";
/// A sign-in failure counter (`accounts::throttle`).
pub const LOGINFAIL: &str = "LOGINFAIL#";
/// A password-reset link, under the SHA-256 of its token (`accounts::reset`).
pub const RESET: &str = "RESET#";
/// An API token, under the SHA-256 of the token (`accounts::tokens`).
pub const TOKEN: &str = "TOKEN#";
/// An API token in its owner's list, under `<owner>`, sorted by its id.
pub const USER_TOKEN: &str = "USERTOKEN#";
/// An API token's requests in one minute, under `<token id>#<minute's first second>`.
pub const RATE: &str = "RATE#";
/// An API `Idempotency-Key`'s claim and what it made, under `<owner>#<SHA-256 of the key>`.
pub const IDEMPOTENCY: &str = "IDEMP#";
/// A link, under `<owner>#<slug>`.
pub const LINK: &str = "LINK#";
/// What a new-link form created, under `<owner>#<form id>`.
pub const LINKFORM: &str = "LINKFORM#";
/// One of a link's counter shards, under `<owner>#<slug>#<shard>`.
pub const HITS: &str = "HITS#";
/// A link's recorded visits, under `<owner>#<slug>#<shard>`.
pub const VISITS: &str = "VISITS#";
/// A link's clicks per UTC day, under `<owner>#<slug>#<shard>`, one item a day.
pub const DAYS: &str = "DAYS#";
/// A link's days before today summed, under `<owner>#<slug>` (`links::rollup`).
pub const ROLLUP: &str = "ROLLUP#";
/// That a visitor clicked a link on a day, under `<owner>#<slug>#<day>#<visitor hash>`.
pub const SEEN: &str = "SEEN#";
/// The random key visitors are hashed with on a day, under `<YYYY-MM-DD>`.
pub const DAY_KEY: &str = "DAYKEY#";
/// What `links::purge` has still to remove, under `<owner>`: a deleted account (which the
/// redirect reads beside the link) or a deleted link's clicks; listed by [`GONE_LIST`].
pub const GONE: &str = "GONE#";

/// Every prefix, for the checks that must see them all.
pub const ALL: [&str; 19] = [
    HEALTH,
    USER,
    EMAIL,
    SESSION,
    LOGINFAIL,
    RESET,
    TOKEN,
    USER_TOKEN,
    RATE,
    IDEMPOTENCY,
    LINK,
    LINKFORM,
    HITS,
    VISITS,
    DAYS,
    ROLLUP,
    SEEN,
    DAY_KEY,
    GONE,
];

/// The global secondary index that lists an owner's links, and its key's prefix.
pub const GSI: &str = "gsi1";
pub const LINKS_LIST: &str = "LINKS#";
/// The index key every [`GONE`] item is listed under (one partition: deletions are rare).
pub const GONE_LIST: &str = "GONE";

/// One permission a function needs in the table: `action` on items whose partition key
/// starts with one of `prefixes` (or, with `index`, a query of that index), limited where it
/// matters to the attributes it writes and the return values it asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The DynamoDB action without its `dynamodb:` (`GetItem`). Items of a
    /// `TransactWriteItems` are checked by IAM as their own `PutItem`, `UpdateItem` or
    /// `DeleteItem`, and are declared so.
    pub action: &'static str,
    pub prefixes: &'static [&'static str],
    pub index: Option<&'static str>,
    /// `dynamodb:Attributes`: the only attributes the request may name (keys included).
    pub attributes: Option<&'static [&'static str]>,
    /// `dynamodb:ReturnValues`: what the request may ask back (`NONE` when it asks nothing).
    pub return_values: Option<&'static [&'static str]>,
}

impl Grant {
    pub const fn on(action: &'static str, prefixes: &'static [&'static str]) -> Self {
        Self {
            action,
            prefixes,
            index: None,
            attributes: None,
            return_values: None,
        }
    }

    pub const fn query_index(index: &'static str) -> Self {
        Self {
            action: "Query",
            prefixes: &[],
            index: Some(index),
            attributes: None,
            return_values: None,
        }
    }

    /// Only these attributes (the key attributes among them), and only `return_values` back.
    pub const fn only(
        mut self,
        attributes: &'static [&'static str],
        return_values: &'static [&'static str],
    ) -> Self {
        self.attributes = Some(attributes);
        self.return_values = Some(return_values);
        self
    }
}
