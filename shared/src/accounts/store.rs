//! What the accounts routes need from the database, and nothing more.

use std::future::Future;

use super::domain::{Email, Username};
use crate::db::keys::{self, Grant};
use crate::error::{Error, Result};

pub struct NewUser {
    pub username: Username,
    pub email: Email,
    /// PHC string; never the password.
    pub password_hash: String,
    pub joined_at: i64,
}

/// Stored as it is (`db::items`).
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub struct User {
    pub username: String,
    pub email: String,
    pub password_hash: String,
    pub joined_at: i64,
    /// Kept by the links function, in the same transaction as each create and delete.
    #[serde(default)]
    pub link_count: i64,
    /// Raised by each password change: a session is written only under the generation its
    /// sign-in checked the password against (`session`).
    #[serde(default)]
    pub generation: i64,
    /// The user's sessions (`session::list_entry`), a string set.
    #[serde(
        with = "serde_dynamo::string_set",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub sessions: Vec<String>,
    /// The hash of the latest password-reset token sent (`accounts::reset`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset_hash: Option<String>,
}

/// Never shows the password hash, whatever logs it.
impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("username", &self.username)
            .field("joined_at", &self.joined_at)
            .finish()
    }
}

#[derive(Debug)]
pub enum CreateUserError {
    UsernameTaken,
    EmailTaken,
    Other(Error),
}

#[derive(Debug)]
pub enum ChangeEmailError {
    EmailTaken,
    /// The address changed meanwhile (another tab's change won).
    Changed,
    Other(Error),
}

impl From<Error> for ChangeEmailError {
    fn from(error: Error) -> Self {
        ChangeEmailError::Other(error)
    }
}

impl From<Error> for CreateUserError {
    fn from(error: Error) -> Self {
        CreateUserError::Other(error)
    }
}

/// What [`AccountStore`] needs in the table: users and their email guards (created in one
/// transaction, which IAM checks as a `PutItem` of each), the sign-in counters, and a user's
/// password with the generation and session list it resets (the old list asked back).
pub const GRANTS: &[Grant] = &[
    Grant::on("GetItem", &[keys::USER]),
    Grant::on("PutItem", &[keys::USER, keys::EMAIL, keys::LOGINFAIL]),
    Grant::on("UpdateItem", &[keys::LOGINFAIL]),
    Grant::on("DeleteItem", &[keys::LOGINFAIL]),
    Grant::on("UpdateItem", &[keys::USER]).only(
        &["pk", "sk", "password_hash", "generation", "sessions"],
        &["UPDATED_OLD"],
    ),
    // An account's deletion: its `GONE` item (the user's tombstone is a `PutItem` of the user,
    // the rest are deletes declared beside the sessions, tokens and resets).
    Grant::on("PutItem", &[keys::GONE]),
    // An email change: the user's address, the new guard written, the old one deleted.
    Grant::on("UpdateItem", &[keys::USER]).only(&["pk", "sk", "email"], &["NONE"]),
    Grant::on("DeleteItem", &[keys::EMAIL]),
];

pub trait AccountStore: Send + Sync {
    /// Creates the user unless the username or the email is taken (atomically).
    fn create_user(&self, user: &NewUser) -> impl Future<Output = Result<(), CreateUserError>> + Send;
    fn find_user(&self, username_key: &str) -> impl Future<Output = Result<Option<User>>> + Send;
    /// Counts a sign-in attempt against `counter`'s window before the password is checked,
    /// atomically, so parallel guesses cannot slip past the limit. `false`: the counter has
    /// used its `max` attempts in the window, refuse without checking. (`counter` names what
    /// is counted: see `accounts::throttle`.)
    fn reserve_sign_in_attempt(
        &self,
        counter: &str,
        max: u32,
        now: i64,
        window_ends: i64,
    ) -> impl Future<Output = Result<bool>> + Send;
    /// Gives back one reserved attempt (it turned out no failure).
    fn release_sign_in_attempt(&self, counter: &str) -> impl Future<Output = Result<()>> + Send;
    /// Sets the user's password hash and raises their generation, both only if it is still
    /// `generation`, and replaces their session list with `keep` (or empties it). Returns the
    /// list as it was, whose sessions the caller ends; `None` when the generation had moved
    /// on (another change won) and nothing was written.
    fn change_password(
        &self,
        username_key: &str,
        password_hash: &str,
        generation: i64,
        keep: Option<&str>,
    ) -> impl Future<Output = Result<Option<Vec<String>>>> + Send;
    /// Moves the user from the address `old` to `new` (both normalised), atomically with the
    /// guards that keep addresses unique: [`ChangeEmailError::EmailTaken`] when `new` is
    /// someone's, [`ChangeEmailError::Changed`] when the user's address is no longer `old`.
    fn change_email(
        &self,
        username_key: &str,
        old: &str,
        new: &Email,
    ) -> impl Future<Output = Result<(), ChangeEmailError>> + Send;
    /// Deletes the account `user` (as read under `username_key`), in one transaction: its item
    /// becomes a tombstone that keeps the username taken for good, its `GONE` item is written
    /// (the redirect reads it: from now its links answer 404; `links::purge` removes them),
    /// and its email guard, sessions, API tokens, reset link and sign-in counter go. `false`:
    /// the user changed since it was read (a sign-in, a password or email change) and nothing
    /// was written.
    fn delete_user(
        &self,
        username_key: &str,
        user: &User,
        now: i64,
    ) -> impl Future<Output = Result<bool>> + Send;
    /// Forgets every attempt of `counter`.
    fn clear_failed_sign_ins(&self, counter: &str) -> impl Future<Output = Result<()>> + Send;
}
