//! Server-side sessions, used by every function that knows who is signed in.
//!
//! The browser holds a random 256-bit id in the session cookie; the table holds only the
//! SHA-256 of it, so a leaked table (or backup) cannot be replayed as cookies. A session ends
//! after [`IDLE_TIMEOUT`] without use or [`ABSOLUTE_TIMEOUT`] after sign-in, whichever comes
//! first: both are checked on every read (DynamoDB's TTL, set to the same moment, only
//! deletes the item later). A forged, expired or deleted id simply means "signed out".
//!
//! Every session is also listed on its user's item (`sessions`: its end and id hash, see
//! [`list_entry`]), added in the same transaction that writes it, and only while the user's
//! `generation` is the one their password was checked against. A password change or reset
//! bumps the generation and empties the list in one write, then deletes each listed session
//! ([`end_listed`]): every other browser is signed out at its next request, and a sign-in that
//! checked the old password a moment before cannot slip in after. Ended entries are dropped at
//! the next sign-in.

use std::future::Future;
use std::time::Duration;

use lambda_http::Request;
use sha2::{Digest, Sha256};

use crate::cookies::{self, CookieName};
use crate::db::keys::{self, Grant};
use crate::error::{Error, Result};

pub const IDLE_TIMEOUT: Duration = Duration::from_secs(7 * 24 * 3600);
pub const ABSOLUTE_TIMEOUT: Duration = Duration::from_secs(30 * 24 * 3600);
/// `last_seen` is written at most this often, so browsing does not cost a write per page.
const TOUCH_EVERY: i64 = 5 * 60;
const ID_BYTES: usize = 32;

/// What the table keeps of a session (with its expiry, `db::items`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SessionRecord {
    pub username_key: String,
    /// For display (as typed at registration).
    pub username: String,
    pub created_at: i64,
    pub last_seen: i64,
}

impl SessionRecord {
    /// The moment the session stops being valid (also its TTL).
    pub fn expires_at(&self) -> i64 {
        (self.last_seen + IDLE_TIMEOUT.as_secs() as i64)
            .min(self.created_at + ABSOLUTE_TIMEOUT.as_secs() as i64)
    }
}

/// What [`current_user`] needs in the table: the session's read, and its touch, which may
/// write `last_seen` and `expires_at` and nothing else (never whose session it is).
pub const READ_GRANTS: &[Grant] = &[
    Grant::on("GetItem", &[keys::SESSION]),
    Grant::on("UpdateItem", &[keys::SESSION]).only(&["pk", "sk", "last_seen", "expires_at"], &["NONE"]),
];
/// What [`start`] and [`end`] need beside: writing a session and deleting one, and listing it
/// on the user item (the list, checked against the generation).
pub const SIGN_IN_GRANTS: &[Grant] = &[
    Grant::on("PutItem", &[keys::SESSION]),
    Grant::on("DeleteItem", &[keys::SESSION]),
    Grant::on("UpdateItem", &[keys::USER]).only(&["pk", "sk", "sessions", "generation"], &["NONE"]),
];

/// Who a new session is for, as the sign-in (or the registration) read them.
#[derive(Debug, Clone)]
pub struct Holder<'a> {
    pub username_key: &'a str,
    pub username: &'a str,
    /// The user's `generation` when their password was checked: the session is written only
    /// while it is still the user's.
    pub generation: i64,
    /// Entries of the user's list whose sessions have ended ([`ended_entries`]): dropped.
    pub ended: Vec<String>,
}

/// A session's entry in its user's list: when it ends at the latest (its absolute timeout,
/// which a touch never moves) and its id hash.
pub fn list_entry(id_hash: &str, ends: i64) -> String {
    format!("{ends}#{id_hash}")
}

/// The id hash of a list entry.
pub fn entry_hash(entry: &str) -> &str {
    entry.split_once('#').map_or(entry, |(_, hash)| hash)
}

/// The entries of `list` whose sessions have ended by `now`.
pub fn ended_entries(list: &[String], now: i64) -> Vec<String> {
    list.iter()
        .filter(|entry| {
            entry
                .split_once('#')
                .and_then(|(ends, _)| ends.parse::<i64>().ok())
                .is_none_or(|ends| ends <= now)
        })
        .cloned()
        .collect()
}

pub trait SessionStore: Send + Sync {
    /// Writes the session and lists it on the holder's user item, both only while the user's
    /// generation is `holder.generation`: `false` (nothing written) when it has moved on.
    fn create_session(
        &self,
        id_hash: &str,
        session: &SessionRecord,
        holder: &Holder<'_>,
    ) -> impl Future<Output = Result<bool>> + Send;
    fn find_session(&self, id_hash: &str) -> impl Future<Output = Result<Option<SessionRecord>>> + Send;
    fn touch_session(
        &self,
        id_hash: &str,
        session: &SessionRecord,
    ) -> impl Future<Output = Result<()>> + Send;
    fn delete_session(&self, id_hash: &str) -> impl Future<Output = Result<()>> + Send;
}

/// The signed-in user of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub username_key: String,
    pub username: String,
    /// This session's entry in the user's list ([`list_entry`]): kept when a password change
    /// ends the others.
    pub session_entry: String,
}

/// Who sent `request`, if anyone: `None` for no cookie, an unknown id, or an expired session.
pub async fn current_user(
    store: &impl SessionStore,
    request: &Request,
    now: i64,
) -> Result<Option<CurrentUser>> {
    let Some(id) = cookies::get(request, CookieName::Session) else {
        return Ok(None);
    };
    if id.len() != ID_BYTES * 2 {
        return Ok(None);
    }
    let hash = hash_id(&id);
    let Some(mut session) = store.find_session(&hash).await? else {
        return Ok(None);
    };
    if session.expires_at() <= now {
        return Ok(None);
    }
    if now - session.last_seen >= TOUCH_EVERY {
        session.last_seen = now;
        // A missed touch only brings the idle timeout a few minutes closer: a page that
        // reads must not fail because this write did.
        if let Err(error) = store.touch_session(&hash, &session).await {
            tracing::warn!(error = ?error, "session touch failed; the page is served anyway");
        }
    }
    let ends = session.created_at + ABSOLUTE_TIMEOUT.as_secs() as i64;
    Ok(Some(CurrentUser {
        username_key: session.username_key,
        username: session.username,
        session_entry: list_entry(&hash, ends),
    }))
}

/// Signs a user in: a new session with a new id (never one the browser already had), and the
/// old one, if any, deleted. Returns the `Set-Cookie` value.
///
/// The new session is written first: if that fails the browser keeps the session it had. If
/// deleting the old one then fails, sign-in fails too (the old session must not outlive the
/// browser's knowledge of it); the new item, whose id nobody received, expires by TTL.
///
/// A password changed since `holder` was read (its generation moved on) refuses the sign-in:
/// the password checked is no longer the account's.
pub async fn start(
    store: &impl SessionStore,
    request: &Request,
    holder: &Holder<'_>,
    now: i64,
) -> Result<String> {
    let id = crate::random_hex(ID_BYTES);
    let record = SessionRecord {
        username_key: holder.username_key.to_string(),
        username: holder.username.to_string(),
        created_at: now,
        last_seen: now,
    };
    if !store.create_session(&hash_id(&id), &record, holder).await? {
        return Err(Error::Conflict(
            "This account's password was changed just now. Please sign in with the new one.".into(),
        ));
    }
    if let Some(old) = cookies::get(request, CookieName::Session) {
        store.delete_session(&hash_id(&old)).await?;
    }
    Ok(cookies::build(CookieName::Session, &id, Some(ABSOLUTE_TIMEOUT)))
}

/// Signs out: the session item is deleted, so the old cookie is worthless even if kept.
/// Returns the `Set-Cookie` value that clears the cookie.
pub async fn end(store: &impl SessionStore, request: &Request) -> Result<String> {
    if let Some(id) = cookies::get(request, CookieName::Session) {
        store.delete_session(&hash_id(&id)).await?;
    }
    Ok(cookies::removal(CookieName::Session))
}

/// Deletes each session of `entries` (a user's list, as a password change took it) but
/// `keep`'s: side by side, each a no-op if already gone.
pub async fn end_listed(store: &impl SessionStore, entries: &[String], keep: Option<&str>) -> Result<usize> {
    let ended: Vec<&str> = entries
        .iter()
        .map(|entry| entry_hash(entry))
        .filter(|hash| Some(*hash) != keep.map(entry_hash))
        .collect();
    futures_util::future::try_join_all(ended.iter().map(|hash| store.delete_session(hash))).await?;
    Ok(ended.len())
}

fn hash_id(id: &str) -> String {
    crate::hex(&Sha256::digest(id.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_expire_when_idle_or_old_whichever_first() {
        let day = 24 * 3600;
        let fresh = SessionRecord {
            username_key: "a".into(),
            username: "A".into(),
            created_at: 0,
            last_seen: 0,
        };
        assert_eq!(fresh.expires_at(), 7 * day);
        let busy = SessionRecord {
            last_seen: 29 * day,
            ..fresh.clone()
        };
        assert_eq!(busy.expires_at(), 30 * day);
    }

    /// A store whose writes can be made to fail, recording the calls it gets. (A unit test
    /// of the session rules; the HTTP tests run against DynamoDB Local.)
    #[derive(Default)]
    struct Store {
        session: Option<SessionRecord>,
        failing_writes: bool,
        calls: std::sync::Mutex<Vec<&'static str>>,
    }

    impl Store {
        fn write(&self, call: &'static str) -> Result<()> {
            self.calls.lock().unwrap().push(call);
            if self.failing_writes {
                return Err(crate::Error::Unavailable("write refused".into()));
            }
            Ok(())
        }
    }

    impl SessionStore for Store {
        async fn create_session(&self, _: &str, _: &SessionRecord, _: &Holder<'_>) -> Result<bool> {
            self.write("create").map(|()| true)
        }
        async fn find_session(&self, _: &str) -> Result<Option<SessionRecord>> {
            Ok(self.session.clone())
        }
        async fn touch_session(&self, _: &str, _: &SessionRecord) -> Result<()> {
            self.write("touch")
        }
        async fn delete_session(&self, _: &str) -> Result<()> {
            self.write("delete")
        }
    }

    fn with_session_cookie() -> Request {
        let cookie = format!("{}={}", CookieName::Session.as_str(), "ab".repeat(ID_BYTES));
        lambda_http::http::Request::builder()
            .header("cookie", cookie)
            .body(lambda_http::Body::Empty)
            .unwrap()
    }

    #[tokio::test]
    async fn a_failed_touch_still_serves_the_page() {
        let store = Store {
            session: Some(SessionRecord {
                username_key: "alice".into(),
                username: "Alice".into(),
                created_at: 0,
                last_seen: 0,
            }),
            failing_writes: true,
            ..Store::default()
        };
        let user = current_user(&store, &with_session_cookie(), TOUCH_EVERY + 1).await;
        assert_eq!(user.unwrap().map(|u| u.username), Some("Alice".into()));
        assert_eq!(*store.calls.lock().unwrap(), ["touch"]);
    }

    fn alice() -> Holder<'static> {
        Holder {
            username_key: "alice",
            username: "Alice",
            generation: 0,
            ended: Vec::new(),
        }
    }

    #[test]
    fn ended_sessions_are_found_in_the_list() {
        let list = vec![list_entry("aa", 100), list_entry("bb", 300), "bad".to_string()];
        assert_eq!(
            ended_entries(&list, 200),
            [list_entry("aa", 100), "bad".to_string()]
        );
        assert_eq!(entry_hash(&list[1]), "bb");
    }

    #[tokio::test]
    async fn signing_in_writes_the_new_session_before_deleting_the_old() {
        let store = Store::default();
        start(&store, &with_session_cookie(), &alice(), 0).await.unwrap();
        assert_eq!(*store.calls.lock().unwrap(), ["create", "delete"]);

        let failing = Store {
            failing_writes: true,
            ..Store::default()
        };
        assert!(
            start(&failing, &with_session_cookie(), &alice(), 0)
                .await
                .is_err()
        );
        assert_eq!(
            *failing.calls.lock().unwrap(),
            ["create"],
            "the old session is kept when the new one could not be written"
        );
    }
}
