//! Server-side sessions, used by every function that knows who is signed in.
//!
//! The browser holds a random 256-bit id in the session cookie; the table holds only the
//! SHA-256 of it, so a leaked table (or backup) cannot be replayed as cookies. A session ends
//! after [`IDLE_TIMEOUT`] without use or [`ABSOLUTE_TIMEOUT`] after sign-in, whichever comes
//! first: both are checked on every read (DynamoDB's TTL, set to the same moment, only
//! deletes the item later). A forged, expired or deleted id simply means "signed out".

use std::future::Future;
use std::time::Duration;

use lambda_http::Request;
use sha2::{Digest, Sha256};

use crate::cookies::{self, CookieName};
use crate::db::keys::{self, Grant};
use crate::error::Result;

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
/// What [`start`] and [`end`] need beside: writing a session and deleting one.
pub const SIGN_IN_GRANTS: &[Grant] = &[
    Grant::on("PutItem", &[keys::SESSION]),
    Grant::on("DeleteItem", &[keys::SESSION]),
];

pub trait SessionStore: Send + Sync {
    fn create_session(
        &self,
        id_hash: &str,
        session: &SessionRecord,
    ) -> impl Future<Output = Result<()>> + Send;
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
    Ok(Some(CurrentUser {
        username_key: session.username_key,
        username: session.username,
    }))
}

/// Signs a user in: a new session with a new id (never one the browser already had), and the
/// old one, if any, deleted. Returns the `Set-Cookie` value.
///
/// The new session is written first: if that fails the browser keeps the session it had. If
/// deleting the old one then fails, sign-in fails too (the old session must not outlive the
/// browser's knowledge of it); the new item, whose id nobody received, expires by TTL.
pub async fn start(
    store: &impl SessionStore,
    request: &Request,
    username_key: &str,
    username: &str,
    now: i64,
) -> Result<String> {
    let id = crate::random_hex(ID_BYTES);
    let record = SessionRecord {
        username_key: username_key.to_string(),
        username: username.to_string(),
        created_at: now,
        last_seen: now,
    };
    store.create_session(&hash_id(&id), &record).await?;
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
        async fn create_session(&self, _: &str, _: &SessionRecord) -> Result<()> {
            self.write("create")
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

    #[tokio::test]
    async fn signing_in_writes_the_new_session_before_deleting_the_old() {
        let store = Store::default();
        start(&store, &with_session_cookie(), "alice", "Alice", 0)
            .await
            .unwrap();
        assert_eq!(*store.calls.lock().unwrap(), ["create", "delete"]);

        let failing = Store {
            failing_writes: true,
            ..Store::default()
        };
        assert!(
            start(&failing, &with_session_cookie(), "alice", "Alice", 0)
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
