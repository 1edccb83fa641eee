//! Users, sessions and failed sign-in counters in the table (see "Data model" in the README).

use aws_sdk_dynamodb::error::ProvideErrorMetadata;

use super::items::{
    EmailItem, LoginFailItem, SessionItem, email_key, login_fail_key, session_key, to_item, user_key,
};
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};

use super::items::{
    Attributes, DELETED_AT, DeletedUserItem, GoneItem, from_item, gone_key, reset_key, token_key,
    user_token_key,
};
use super::{MAX_TRANSACTION_WRITES, PK, Table, Transaction, n, s, unless_condition_failed};
use crate::accounts::domain::Email;
use crate::accounts::reset::{ResetStore, ResetToken};
use crate::accounts::store::{AccountStore, ChangeEmailError, CreateUserError, NewUser, User};
use crate::accounts::throttle::account_counter;
use crate::error::Result;
use crate::session::{Holder, SessionRecord, SessionStore, entry_hash, list_entry};

/// The condition that the user item exists at `generation` (0 for users from before it
/// existed, who have none), with the names and values it uses.
fn generation_is<B: GenerationCondition>(update: B, generation: i64) -> (&'static str, B) {
    let update = update.name("#pk", PK).value(":generation", n(generation));
    let condition = if generation == 0 {
        "attribute_exists(#pk) AND (attribute_not_exists(generation) OR generation = :generation)"
    } else {
        "attribute_exists(#pk) AND generation = :generation"
    };
    (condition, update)
}

/// The two builders a generation condition goes on.
trait GenerationCondition: Sized {
    fn name(self, name: &str, value: &str) -> Self;
    fn value(self, name: &str, value: AttributeValue) -> Self;
}

impl GenerationCondition for aws_sdk_dynamodb::types::builders::UpdateBuilder {
    fn name(self, name: &str, value: &str) -> Self {
        self.expression_attribute_names(name, value)
    }
    fn value(self, name: &str, value: AttributeValue) -> Self {
        self.expression_attribute_values(name, value)
    }
}

impl GenerationCondition for aws_sdk_dynamodb::operation::update_item::builders::UpdateItemFluentBuilder {
    fn name(self, name: &str, value: &str) -> Self {
        self.expression_attribute_names(name, value)
    }
    fn value(self, name: &str, value: AttributeValue) -> Self {
        self.expression_attribute_values(name, value)
    }
}

impl AccountStore for Table {
    /// One transaction: the user item (its key is the case-folded username) and an email
    /// guard item, each written only if its key is free. Two concurrent registrations of the
    /// same name or address cannot both succeed.
    async fn create_user(&self, user: &NewUser) -> Result<(), CreateUserError> {
        let profile = User {
            username: user.username.as_str().to_string(),
            email: user.email.as_str().to_string(),
            password_hash: user.password_hash.clone(),
            joined_at: user.joined_at,
            link_count: 0,
            generation: 0,
            sessions: Vec::new(),
            reset_hash: None,
        };
        let guard = EmailItem {
            username_key: user.username.key(),
        };
        let mut transaction = Transaction::new(self);
        transaction.put_new(
            to_item(user_key(&user.username.key()), &profile)?,
            CreateUserError::UsernameTaken,
        )?;
        transaction.put_new(
            to_item(email_key(user.email.as_str()), &guard)?,
            CreateUserError::EmailTaken,
        )?;
        self.transact(transaction).await?
    }

    /// A deleted user's tombstone is no user.
    async fn find_user(&self, username_key: &str) -> Result<Option<User>> {
        let item: Option<Attributes> = self.get_item(user_key(username_key)).await?;
        match item {
            Some(item) if !item.contains_key(DELETED_AT) => Ok(Some(from_item(item)?)),
            _ => Ok(None),
        }
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
                .update(login_fail_key(counter))
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
            let item = LoginFailItem {
                failures: 1,
                expires_at: window_ends,
            };
            let restarted = self
                .client
                .put_item()
                .table_name(self.name())
                .set_item(Some(to_item(login_fail_key(counter), &item)?))
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
            .update(login_fail_key(counter))
            .update_expression("ADD failures :minus_one")
            .condition_expression("failures > :zero")
            .expression_attribute_values(":minus_one", n(-1))
            .expression_attribute_values(":zero", n(0))
            .send()
            .await;
        // Gone (its TTL) or already at zero: nothing to give back.
        unless_condition_failed(released)
    }

    async fn change_password(
        &self,
        username_key: &str,
        password_hash: &str,
        generation: i64,
        keep: Option<&str>,
    ) -> Result<Option<Vec<String>>> {
        let update = self
            .update(user_key(username_key))
            .expression_attribute_values(":hash", s(password_hash))
            .expression_attribute_values(":next", n(generation + 1))
            .return_values(ReturnValue::UpdatedOld);
        let update = match keep {
            Some(entry) => update
                .update_expression("SET password_hash = :hash, generation = :next, sessions = :keep")
                .expression_attribute_values(":keep", AttributeValue::Ss(vec![entry.to_string()])),
            None => update.update_expression("SET password_hash = :hash, generation = :next REMOVE sessions"),
        };
        let (condition, update) = generation_is(update, generation);
        let changed = update.condition_expression(condition).send().await;
        match changed {
            Ok(output) => {
                #[derive(serde::Deserialize)]
                struct Old {
                    #[serde(with = "serde_dynamo::string_set", default)]
                    sessions: Vec<String>,
                }
                let old: Old = from_item(output.attributes.unwrap_or_default())?;
                Ok(Some(old.sessions))
            }
            Err(error) if error.code() == Some("ConditionalCheckFailedException") => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    /// One transaction: the new address's guard (only if free), the old one's deleted (only if
    /// it is this user's), and the user's `email` (only if still `old`).
    async fn change_email(&self, username_key: &str, old: &str, new: &Email) -> Result<(), ChangeEmailError> {
        let mut transaction = Transaction::new(self);
        let guard = EmailItem {
            username_key: username_key.to_string(),
        };
        transaction.put_new(
            to_item(email_key(new.as_str()), &guard)?,
            ChangeEmailError::EmailTaken,
        )?;
        transaction.update(
            |update| {
                update
                    .set_key(Some(user_key(username_key)))
                    .update_expression("SET email = :new")
                    .condition_expression("email = :old")
                    .expression_attribute_values(":new", s(new.as_str()))
                    .expression_attribute_values(":old", s(old))
            },
            ChangeEmailError::Changed,
        )?;
        transaction.delete_existing(email_key(old), ChangeEmailError::Changed)?;
        self.transact(transaction).await?
    }

    /// The tombstone is conditional on the user as read: the generation (no password change
    /// since), the email (its guard is the one deleted) and the session list (no sign-in since,
    /// whose session would outlive the list this deletes). Tokens and sessions that do not fit
    /// DynamoDB's 100 writes go right after, and tokens are listed again then: one created
    /// meanwhile is deleted too (none can be created after, `count_tokens`).
    async fn delete_user(&self, username_key: &str, user: &User, now: i64) -> Result<bool> {
        let tokens = self.listed_tokens(username_key).await?;
        let mut later: Vec<Attributes> = Vec::new();
        let mut transaction = Transaction::new(self);
        let tombstone = DeletedUserItem {
            deleted_at: now,
            generation: user.generation + 1,
        };
        let generation = if user.generation == 0 {
            "(attribute_not_exists(generation) OR generation = :generation)"
        } else {
            "generation = :generation"
        };
        let sessions = if user.sessions.is_empty() {
            "attribute_not_exists(sessions)"
        } else {
            "sessions = :sessions"
        };
        transaction.put_if(
            to_item(user_key(username_key), &tombstone)?,
            |put| {
                let put = put
                    .condition_expression(format!(
                        "attribute_exists(#pk) AND email = :email AND {generation} AND {sessions}"
                    ))
                    .expression_attribute_names("#pk", PK)
                    .expression_attribute_values(":email", s(user.email.as_str()))
                    .expression_attribute_values(":generation", n(user.generation));
                if user.sessions.is_empty() {
                    put
                } else {
                    put.expression_attribute_values(":sessions", AttributeValue::Ss(user.sessions.clone()))
                }
            },
            (),
        )?;
        transaction.put(to_item(
            gone_key(username_key),
            &GoneItem::new(username_key, None, now * 1000),
        )?)?;
        transaction.delete(email_key(&user.email))?;
        transaction.delete(login_fail_key(&account_counter(username_key)))?;
        transaction.delete(login_fail_key(&crate::accounts::reset::email_counter(
            &user.email,
        )))?;
        if let Some(hash) = &user.reset_hash {
            transaction.delete(reset_key(hash))?;
        }
        let doomed = tokens
            .iter()
            .flat_map(|listed| {
                [
                    user_token_key(username_key, &listed.token.id),
                    token_key(&listed.hash),
                ]
            })
            .chain(user.sessions.iter().map(|entry| session_key(entry_hash(entry))));
        for key in doomed {
            if transaction.len() < MAX_TRANSACTION_WRITES {
                transaction.delete(key)?;
            } else {
                later.push(key);
            }
        }
        if self.transact(transaction).await?.is_err() {
            return Ok(false);
        }
        // Made between the list and the transaction: gone too.
        let known: Vec<&str> = tokens.iter().map(|listed| listed.token.id.as_str()).collect();
        for listed in self.listed_tokens(username_key).await? {
            if !known.contains(&listed.token.id.as_str()) {
                later.push(user_token_key(username_key, &listed.token.id));
                later.push(token_key(&listed.hash));
            }
        }
        futures_util::future::try_join_all(later.into_iter().map(|key| self.delete(key))).await?;
        Ok(true)
    }

    async fn clear_failed_sign_ins(&self, counter: &str) -> Result<()> {
        self.delete(login_fail_key(counter)).await
    }
}

impl SessionStore for Table {
    /// One transaction: the session, and its entry added to the user's list, under the
    /// generation the sign-in read. Ended entries are dropped after, by a write of their own
    /// (one attribute takes one action an update): missing it only leaves them to the next.
    async fn create_session(
        &self,
        id_hash: &str,
        session: &SessionRecord,
        holder: &Holder<'_>,
    ) -> Result<bool> {
        let item = SessionItem {
            session,
            expires_at: session.expires_at(),
        };
        let mut transaction = Transaction::new(self);
        transaction.put(to_item(session_key(id_hash), &item)?)?;
        let ends = session.created_at + crate::session::ABSOLUTE_TIMEOUT.as_secs() as i64;
        let entry = list_entry(id_hash, ends);
        transaction.update(
            |update| {
                let update = update
                    .set_key(Some(user_key(holder.username_key)))
                    .update_expression("ADD sessions :entry")
                    .expression_attribute_values(":entry", AttributeValue::Ss(vec![entry]));
                let (condition, update) = generation_is(update, holder.generation);
                update.condition_expression(condition)
            },
            (),
        )?;
        if self.transact(transaction).await?.is_err() {
            return Ok(false);
        }
        if !holder.ended.is_empty() {
            let dropped = self
                .update(user_key(holder.username_key))
                .update_expression("DELETE sessions :ended")
                .expression_attribute_values(":ended", AttributeValue::Ss(holder.ended.clone()))
                .send()
                .await;
            if let Err(error) = dropped {
                tracing::warn!(error = ?error, "ended sessions not dropped from the list; the next sign-in will");
            }
        }
        Ok(true)
    }

    async fn find_session(&self, id_hash: &str) -> Result<Option<SessionRecord>> {
        self.get(session_key(id_hash)).await
    }

    async fn touch_session(&self, id_hash: &str, session: &SessionRecord) -> Result<()> {
        // Only an existing session is extended: a concurrent sign-out must win.
        let touched = self
            .update(session_key(id_hash))
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
        self.delete(session_key(id_hash)).await
    }
}

impl ResetStore for Table {
    async fn user_by_email(&self, email: &str) -> Result<Option<String>> {
        let guard: Option<EmailItem> = self.get(email_key(email)).await?;
        Ok(guard.map(|guard| guard.username_key))
    }

    /// One transaction: the token's item, and the user's `reset_hash` naming it, under the
    /// generation the token carries.
    async fn create_reset(&self, hash: &str, token: &ResetToken) -> Result<bool> {
        let mut transaction = Transaction::new(self);
        transaction.put(to_item(reset_key(hash), token)?)?;
        transaction.update(
            |update| {
                let update = update
                    .set_key(Some(user_key(&token.username_key)))
                    .update_expression("SET reset_hash = :hash")
                    .expression_attribute_values(":hash", s(hash));
                let (condition, update) = generation_is(update, token.generation);
                update.condition_expression(condition)
            },
            (),
        )?;
        Ok(self.transact(transaction).await?.is_ok())
    }

    async fn find_reset(&self, hash: &str) -> Result<Option<ResetToken>> {
        self.get(reset_key(hash)).await
    }

    async fn delete_reset(&self, hash: &str) -> Result<()> {
        self.delete(reset_key(hash)).await
    }
}
