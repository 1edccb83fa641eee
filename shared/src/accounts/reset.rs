//! Password reset by email (Django's `PasswordResetView` and `PasswordResetConfirmView`).
//!
//! `/accounts/password_reset/` takes an address and always answers the same way, at the same
//! speed: the request is counted (per address given and per client, whether or not an account
//! has it) and the rest, finding the account, making a token and sending the email, runs after
//! the response (`web::AfterResponse`). The email carries `/accounts/reset/<token>/`: 256
//! random bits, of which the table keeps only the SHA-256, under `RESET#`, with the user and
//! the user's `generation` at that moment, for [`VALID_FOR`]. The user item names its latest
//! token (`reset_hash`). A token works while it is the user's latest, their generation has not
//! moved (a password change or an earlier reset raises it) and it has not expired; setting
//! the new password raises the generation, which spends it, and signs out every session.

use std::future::Future;

use sha2::{Digest, Sha256};

use crate::config::Limit;
use crate::db::keys::{self, Grant};
use crate::error::Result;

/// How long a reset link works.
pub const VALID_FOR_SECONDS: i64 = 3600;
/// Requests for one address an hour (whatever account has it, if any).
pub const PER_EMAIL: Limit = Limit { max: 3, window: 3600 };
/// Requests from one client address an hour.
pub const PER_ADDRESS: Limit = Limit {
    max: 20,
    window: 3600,
};
const TOKEN_BYTES: usize = 32;

/// What the table keeps of a reset link (with its expiry, `db::items`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ResetToken {
    pub username_key: String,
    /// The user's generation when the link was made.
    pub generation: i64,
    /// When it stops working (also its TTL).
    pub expires_at: i64,
}

/// A new token: what goes in the link, and its hash, what is stored.
pub fn new_token() -> (String, String) {
    let token = crate::random_hex(TOKEN_BYTES);
    let hash = token_hash(&token);
    (token, hash)
}

/// The stored name of a token from a link; `None` for anything no token can look like (no
/// lookup for it).
pub fn parse(token: &str) -> Option<String> {
    (token.len() == TOKEN_BYTES * 2 && token.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| token_hash(token))
}

fn token_hash(token: &str) -> String {
    crate::hex(&Sha256::digest(token.to_ascii_lowercase().as_bytes()))
}

/// Whether `token` still works for a user whose latest token is `latest` at `generation`.
pub fn still_valid(token: &ResetToken, hash: &str, latest: Option<&str>, generation: i64, now: i64) -> bool {
    token.expires_at > now && latest == Some(hash) && token.generation == generation
}

/// The counters of one request, named so that no typed address can name a client's counter.
pub fn counters(email: &str, client: Option<&str>) -> (String, Option<String>) {
    (
        email_counter(email),
        client.map(|address| format!("RA#{address}")),
    )
}

/// The counter of reset requests for `email` (deleted with the account that had it).
pub fn email_counter(email: &str) -> String {
    format!("RE#{email}")
}

/// The email that carries the link.
pub fn message(to: &str, username: &str, link: &str) -> crate::email::Message {
    crate::email::Message {
        to: to.to_string(),
        subject: "Reset your Snip password".into(),
        body: format!(
            "Hello {username},\n\n\
             Someone (we hope you) asked to reset the password of your Snip account.\n\
             To choose a new one, open this link within an hour:\n\n\
             {link}\n\n\
             It works once. Setting a new password signs out every browser signed in to your\n\
             account. If you did not ask for this, ignore this email: nothing changes.\n"
        ),
    }
}

/// What [`ResetStore`] needs in the table.
pub const GRANTS: &[Grant] = &[
    Grant::on("GetItem", &[keys::EMAIL, keys::RESET]),
    Grant::on("PutItem", &[keys::RESET]),
    Grant::on("DeleteItem", &[keys::RESET]),
    Grant::on("UpdateItem", &[keys::USER]).only(&["pk", "sk", "reset_hash", "generation"], &["NONE"]),
];

pub trait ResetStore: Send + Sync {
    /// Whose address `email` (normalised) is, if anyone's.
    fn user_by_email(&self, email: &str) -> impl Future<Output = Result<Option<String>>> + Send;
    /// Stores the token and makes it the user's latest, both only while the user's generation
    /// is `token.generation`: `false` (nothing stored) when it has moved on.
    fn create_reset(&self, hash: &str, token: &ResetToken) -> impl Future<Output = Result<bool>> + Send;
    fn find_reset(&self, hash: &str) -> impl Future<Output = Result<Option<ResetToken>>> + Send;
    fn delete_reset(&self, hash: &str) -> impl Future<Output = Result<()>> + Send;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_latest_unexpired_token_of_the_current_generation_works() {
        let (token, hash) = new_token();
        assert_eq!(token.len(), 64);
        assert_eq!(parse(&token).as_deref(), Some(hash.as_str()));
        assert_eq!(parse(&token.to_ascii_uppercase()).as_deref(), Some(hash.as_str()));
        assert_eq!(parse("short"), None);
        assert_eq!(parse(&"g".repeat(64)), None);
        let stored = ResetToken {
            username_key: "alice".into(),
            generation: 2,
            expires_at: 1000,
        };
        assert!(still_valid(&stored, &hash, Some(&hash), 2, 999));
        assert!(!still_valid(&stored, &hash, Some(&hash), 2, 1000), "expired");
        assert!(
            !still_valid(&stored, &hash, Some("newer"), 2, 999),
            "a newer one was sent"
        );
        assert!(
            !still_valid(&stored, &hash, Some(&hash), 3, 999),
            "the password changed"
        );
        assert!(!still_valid(&stored, &hash, None, 2, 999));
    }
}
