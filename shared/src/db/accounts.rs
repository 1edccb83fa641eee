//! Users, sessions and failed sign-in counters in the table (see "Data model" in the README).

use aws_sdk_dynamodb::error::ProvideErrorMetadata;

use super::{PK, Table, key, keys, n, number, s, text, transact_put, unless_condition_failed};
use crate::accounts::store::{AccountStore, CreateUserError, NewUser, User};
use crate::error::{Error, Result};
use crate::session::{SessionRecord, SessionStore};

pub(crate) fn user_pk(username_key: &str) -> String {
    format!("{}{username_key}", keys::USER)
}
pub(crate) const USER_SK: &str = "PROFILE";

fn email_pk(email: &str) -> String {
    format!("{}{email}", keys::EMAIL)
}
const EMAIL_SK: &str = "EMAIL";

fn session_pk(id_hash: &str) -> String {
    format!("{}{id_hash}", keys::SESSION)
}
const SESSION_SK: &str = "SESSION";

/// `counter`: `U#<account>`, `A#<address>` or `AU#<address>#<account>` (accounts::throttle).
fn failures_pk(counter: &str) -> String {
    format!("{}{counter}", keys::LOGINFAIL)
}
const FAILURES_SK: &str = "LOGINFAIL";

impl AccountStore for Table {
    /// One transaction: the user item (its key is the case-folded username) and an email
    /// guard item, each written only if its key is free. Two concurrent registrations of the
    /// same name or address cannot both succeed.
    async fn create_user(&self, user: &NewUser) -> Result<(), CreateUserError> {
        let mut profile = key(user_pk(&user.username.key()), USER_SK);
        profile.insert("username".into(), s(user.username.as_str()));
        profile.insert("email".into(), s(user.email.as_str()));
        profile.insert("password_hash".into(), s(user.password_hash.clone()));
        profile.insert("joined_at".into(), n(user.joined_at));
        profile.insert("link_count".into(), n(0));
        let mut guard = key(email_pk(user.email.as_str()), EMAIL_SK);
        guard.insert("username_key".into(), s(user.username.key()));

        let items = vec![
            transact_put(self.name(), profile, true)?,
            transact_put(self.name(), guard, true)?,
        ];
        match self.transact(items).await? {
            Ok(()) => Ok(()),
            Err(cancelled) if cancelled.condition_failed(0) => Err(CreateUserError::UsernameTaken),
            Err(cancelled) if cancelled.condition_failed(1) => Err(CreateUserError::EmailTaken),
            Err(cancelled) => Err(CreateUserError::Other(Error::internal(format!("{cancelled:?}")))),
        }
    }

    async fn find_user(&self, username_key: &str) -> Result<Option<User>> {
        let Some(item) = self.get(user_pk(username_key), USER_SK).await? else {
            return Ok(None);
        };
        Ok(Some(User {
            username: text(&item, "username")?,
            email: text(&item, "email")?,
            password_hash: text(&item, "password_hash")?,
            joined_at: number(&item, "joined_at")?,
            link_count: number(&item, "link_count")?,
        }))
    }

    /// One conditional `ADD` while the window is open and under the limit. When it is refused,
    /// either the window has ended (start a new one, conditionally, so two racing requests do
    /// not both reset it) or the account is locked.
    async fn reserve_sign_in_attempt(
        &self,
        counter: &str,
        max: u32,
        now: i64,
        window_ends: i64,
    ) -> Result<bool> {
        for _ in 0..3 {
            let counted = self
                .client
                .update_item()
                .table_name(self.name())
                .set_key(Some(key(failures_pk(counter), FAILURES_SK)))
                .update_expression("ADD failures :one SET expires_at = if_not_exists(expires_at, :ends)")
                .condition_expression("attribute_not_exists(#pk) OR (expires_at > :now AND failures < :max)")
                .expression_attribute_names("#pk", PK)
                .expression_attribute_values(":one", n(1))
                .expression_attribute_values(":ends", n(window_ends))
                .expression_attribute_values(":now", n(now))
                .expression_attribute_values(":max", n(max))
                .send()
                .await;
            match counted {
                Ok(_) => return Ok(true),
                Err(error) if error.code() == Some("ConditionalCheckFailedException") => {}
                Err(error) => return Err(error.into()),
            }
            let mut item = key(failures_pk(counter), FAILURES_SK);
            item.insert("failures".into(), n(1));
            item.insert("expires_at".into(), n(window_ends));
            let restarted = self
                .client
                .put_item()
                .table_name(self.name())
                .set_item(Some(item))
                .condition_expression("attribute_not_exists(#pk) OR expires_at <= :now")
                .expression_attribute_names("#pk", PK)
                .expression_attribute_values(":now", n(now))
                .send()
                .await;
            match restarted {
                Ok(_) => return Ok(true),
                // The window is open: locked, unless it was just reset by a racing request.
                Err(error) if error.code() == Some("ConditionalCheckFailedException") => {}
                Err(error) => return Err(error.into()),
            }
        }
        Ok(false)
    }

    async fn release_sign_in_attempt(&self, counter: &str) -> Result<()> {
        let released = self
            .client
            .update_item()
            .table_name(self.name())
            .set_key(Some(key(failures_pk(counter), FAILURES_SK)))
            .update_expression("ADD failures :minus_one")
            .condition_expression("failures > :zero")
            .expression_attribute_values(":minus_one", n(-1))
            .expression_attribute_values(":zero", n(0))
            .send()
            .await;
        // Gone (its TTL) or already at zero: nothing to give back.
        unless_condition_failed(released)
    }

    async fn clear_failed_sign_ins(&self, counter: &str) -> Result<()> {
        self.client
            .delete_item()
            .table_name(self.name())
            .set_key(Some(key(failures_pk(counter), FAILURES_SK)))
            .send()
            .await?;
        Ok(())
    }
}

impl SessionStore for Table {
    async fn create_session(&self, id_hash: &str, session: &SessionRecord) -> Result<()> {
        let mut item = key(session_pk(id_hash), SESSION_SK);
        item.insert("username_key".into(), s(session.username_key.clone()));
        item.insert("username".into(), s(session.username.clone()));
        item.insert("created_at".into(), n(session.created_at));
        item.insert("last_seen".into(), n(session.last_seen));
        item.insert("expires_at".into(), n(session.expires_at()));
        self.client
            .put_item()
            .table_name(self.name())
            .set_item(Some(item))
            .send()
            .await?;
        Ok(())
    }

    async fn find_session(&self, id_hash: &str) -> Result<Option<SessionRecord>> {
        let Some(item) = self.get(session_pk(id_hash), SESSION_SK).await? else {
            return Ok(None);
        };
        Ok(Some(SessionRecord {
            username_key: text(&item, "username_key")?,
            username: text(&item, "username")?,
            created_at: number(&item, "created_at")?,
            last_seen: number(&item, "last_seen")?,
        }))
    }

    async fn touch_session(&self, id_hash: &str, session: &SessionRecord) -> Result<()> {
        // Only an existing session is extended: a concurrent sign-out must win.
        let touched = self
            .client
            .update_item()
            .table_name(self.name())
            .set_key(Some(key(session_pk(id_hash), SESSION_SK)))
            .update_expression("SET last_seen = :seen, expires_at = :expires")
            .condition_expression("attribute_exists(#pk)")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_values(":seen", n(session.last_seen))
            .expression_attribute_values(":expires", n(session.expires_at()))
            .send()
            .await;
        unless_condition_failed(touched)
    }

    async fn delete_session(&self, id_hash: &str) -> Result<()> {
        self.client
            .delete_item()
            .table_name(self.name())
            .set_key(Some(key(session_pk(id_hash), SESSION_SK)))
            .send()
            .await?;
        Ok(())
    }
}
