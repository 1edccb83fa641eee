//! What the accounts routes need from the database, and nothing more.

use std::future::Future;

use super::domain::{Email, Username};
use crate::error::{Error, Result};

pub struct NewUser {
    pub username: Username,
    pub email: Email,
    /// PHC string; never the password.
    pub password_hash: String,
    pub joined_at: i64,
}

#[derive(Debug, Clone)]
pub struct User {
    pub username: String,
    pub email: String,
    pub password_hash: String,
    pub joined_at: i64,
    pub link_count: i64,
}

#[derive(Debug)]
pub enum CreateUserError {
    UsernameTaken,
    EmailTaken,
    Other(Error),
}

impl From<Error> for CreateUserError {
    fn from(error: Error) -> Self {
        CreateUserError::Other(error)
    }
}

pub trait AccountStore: Send + Sync {
    /// Creates the user unless the username or the email is taken (atomically).
    fn create_user(&self, user: &NewUser) -> impl Future<Output = Result<(), CreateUserError>> + Send;
    fn find_user(&self, username_key: &str) -> impl Future<Output = Result<Option<User>>> + Send;
    /// Failed sign-ins in the account's current window.
    fn failed_sign_ins(&self, username_key: &str, now: i64) -> impl Future<Output = Result<u32>> + Send;
    fn record_failed_sign_in(
        &self,
        username_key: &str,
        now: i64,
        window_ends: i64,
    ) -> impl Future<Output = Result<()>> + Send;
    fn clear_failed_sign_ins(&self, username_key: &str) -> impl Future<Output = Result<()>> + Send;
}
