//! What the API needs of the table beside the links (`links::api::ApiStore`): tokens by hash,
//! rate windows, and `Idempotency-Key` claims (see "Data model" in the README).

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::ReturnValue;

use super::items::{from_item, idempotency_key, rate_key, to_item, token_key, user_token_key};
use super::{PK, Table, n, s, unless_condition_failed};
use crate::accounts::tokens::TokenOwner;
use crate::error::Result;
use crate::links::api::idempotency::{Claim, REPLAY_SECONDS, STALE_CLAIM_SECONDS};
use crate::links::api::{ApiStore, WINDOW_SECONDS};

/// A claim as stored, with its expiry (DynamoDB's TTL) an hour past its 24 hours.
#[derive(serde::Serialize)]
struct ClaimItem<'a> {
    #[serde(flatten)]
    claim: &'a Claim,
    expires_at: i64,
}

impl ApiStore for Table {
    async fn token_owner(&self, hash: &str) -> Result<Option<TokenOwner>> {
        self.get(token_key(hash)).await
    }

    /// One `ADD` that creates the window's item on its first request; it expires a minute
    /// after its window (TTL: the count is only ever read back by the update that makes it).
    async fn count_request(&self, token_id: &str, window_start: i64) -> Result<i64> {
        #[derive(serde::Deserialize)]
        struct Counted {
            requests: i64,
        }
        let output = self
            .update(rate_key(token_id, window_start))
            .update_expression("ADD requests :one SET expires_at = if_not_exists(expires_at, :expires)")
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":expires", n(window_start + 2 * WINDOW_SECONDS))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await?;
        Ok(from_item::<Counted>(output.attributes.unwrap_or_default())?.requests)
    }

    async fn token_used(&self, owner: &str, token_id: &str, now: i64) -> Result<()> {
        let noted = self
            .update(user_token_key(owner, token_id))
            .update_expression("SET last_used = :now")
            .condition_expression("attribute_exists(#pk)")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_values(":now", n(now))
            .send()
            .await;
        // Revoked meanwhile: nothing to note.
        unless_condition_failed(noted)
    }

    async fn key_claim(&self, owner: &str, key_hash: &str) -> Result<Option<Claim>> {
        self.get(idempotency_key(owner, key_hash)).await
    }

    /// A conditional put: free, or expired (TTL deletes late), or a claim that made nothing
    /// and is stale.
    async fn claim_key(&self, owner: &str, key_hash: &str, claim: &Claim, now: i64) -> Result<bool> {
        let item = ClaimItem {
            claim,
            expires_at: claim.created_at + REPLAY_SECONDS + 3600,
        };
        let put = self
            .client
            .put_item()
            .table_name(self.name())
            .set_item(Some(to_item(idempotency_key(owner, key_hash), &item)?))
            .condition_expression(
                "attribute_not_exists(#pk) OR created_at <= :day_ago \
                 OR (attribute_not_exists(slug) AND claimed_at <= :stale)",
            )
            .expression_attribute_names("#pk", PK)
            .expression_attribute_values(":day_ago", n(now - REPLAY_SECONDS))
            .expression_attribute_values(":stale", n(now - STALE_CLAIM_SECONDS))
            .send()
            .await;
        match put {
            Ok(_) => Ok(true),
            Err(error) if error.code() == Some("ConditionalCheckFailedException") => Ok(false),
            Err(error) => Err(error.into()),
        }
    }

    async fn release_key(&self, owner: &str, key_hash: &str, claim: &str) -> Result<()> {
        let deleted = self
            .client
            .delete_item()
            .table_name(self.name())
            .set_key(Some(idempotency_key(owner, key_hash)))
            .condition_expression("claim = :claim AND attribute_not_exists(slug)")
            .expression_attribute_values(":claim", s(claim))
            .send()
            .await;
        unless_condition_failed(deleted)
    }
}
