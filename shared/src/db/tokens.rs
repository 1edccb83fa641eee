//! API tokens in the table (see "Data model" in the README).

use aws_sdk_dynamodb::types::builders::UpdateBuilder;

use super::items::{UserTokenItem, from_item, to_item, token_key, user_key, user_token_key, user_tokens_pk};
use super::{PK, Table, Transaction, n, s};
use crate::accounts::tokens::{CreateTokenError, MAX_TOKENS_PER_USER, Token, TokenOwner, TokenStore};
use crate::error::{Error, Result};

/// `token_count` of the owner's user item, which must exist; an increase only below the limit.
fn count_tokens(owner: &str, by: i64) -> impl FnOnce(UpdateBuilder) -> UpdateBuilder {
    move |update| {
        let update = update
            .set_key(Some(user_key(owner)))
            .update_expression("ADD token_count :by")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_values(":by", n(by));
        if by > 0 {
            update
                // Never on a deleted account's tombstone, whose tokens are gone.
                .condition_expression(
                    "attribute_exists(#pk) AND attribute_not_exists(deleted_at) AND (attribute_not_exists(token_count) OR token_count < :limit)",
                )
                .expression_attribute_values(":limit", n(MAX_TOKENS_PER_USER))
        } else {
            update.condition_expression("attribute_exists(#pk)")
        }
    }
}

/// What a transaction that revokes a token means when a condition fails: it is gone already.
struct Gone;

impl TokenStore for Table {
    /// One transaction: the item the API reads (under the hash), the one the list reads (under
    /// the owner), and the owner's `token_count`, raised only below the limit.
    async fn create_token(
        &self,
        owner: &TokenOwner,
        token: &Token,
        hash: &str,
    ) -> Result<(), CreateTokenError> {
        let mut transaction = Transaction::new(self);
        let clash = || CreateTokenError::Other(Error::internal("a new token's key is taken"));
        transaction.put_new(to_item(token_key(hash), owner)?, clash())?;
        let listed = UserTokenItem {
            token: token.clone(),
            hash: hash.to_string(),
        };
        transaction.put_new(
            to_item(user_token_key(&owner.owner, &token.id), &listed)?,
            clash(),
        )?;
        transaction.update(count_tokens(&owner.owner, 1), CreateTokenError::LimitReached)?;
        self.transact(transaction).await?
    }

    async fn list_tokens(&self, owner: &str) -> Result<Vec<Token>> {
        let mut tokens: Vec<Token> = self
            .listed_tokens(owner)
            .await?
            .into_iter()
            .map(|listed| listed.token)
            .collect();
        tokens.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.id.cmp(&b.id)));
        Ok(tokens)
    }

    /// The listed item names the hash; both go in one transaction with the count, so the API's
    /// next read of the hash finds nothing.
    async fn revoke_token(&self, owner: &str, id: &str) -> Result<bool> {
        let Some(listed) = self.get::<UserTokenItem>(user_token_key(owner, id)).await? else {
            return Ok(false);
        };
        let mut transaction = Transaction::new(self);
        transaction.delete_existing(user_token_key(owner, id), Gone)?;
        transaction.delete_existing(token_key(&listed.hash), Gone)?;
        transaction.update(count_tokens(owner, -1), Gone)?;
        Ok(self.transact(transaction).await?.is_ok())
    }
}

impl Table {
    /// The owner's list, each with the hash that names the other item: one strongly
    /// consistent query of at most 20 small items.
    pub(crate) async fn listed_tokens(&self, owner: &str) -> Result<Vec<UserTokenItem>> {
        let output = self
            .client
            .query()
            .table_name(self.name())
            .key_condition_expression("#pk = :pk")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_values(":pk", s(user_tokens_pk(owner)))
            .consistent_read(true)
            .send()
            .await?;
        output
            .items
            .unwrap_or_default()
            .into_iter()
            .map(from_item::<UserTokenItem>)
            .collect()
    }
}
