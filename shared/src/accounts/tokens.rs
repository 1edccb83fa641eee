//! API tokens: what a script presents as `Authorization: Bearer <token>` to `/api/v1/`.
//!
//! A token is `snip_` and 256 random bits (43 characters of URL-safe base64), shown to its
//! owner once, when it is made. Only its SHA-256 is stored, so the table never holds a
//! usable credential; a fast hash is enough, since the token is random rather than chosen
//! (nothing to guess in a dictionary) and every request hashes it again. The owner sees each
//! token by its name, scope, dates and a short prefix, which does not help anyone forge it.

use std::future::Future;

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::db::keys::{self, Grant};
use crate::error::{Error, Result};

/// What every token starts with: a secret scanner can recognise a leaked one.
pub const TOKEN_PREFIX: &str = "snip_";
/// Tokens a user may hold at once.
pub const MAX_TOKENS_PER_USER: u32 = 20;
pub const MAX_TOKEN_NAME_CHARS: usize = 50;
/// Characters of a token shown in the list (`snip_` and 6 more): 36 of its 256 bits, so two of
/// a user's tokens are told apart, and not one bit that matters to guessing the rest.
const SHOWN_PREFIX_CHARS: usize = TOKEN_PREFIX.len() + 6;

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Only `GET`.
    Read,
    /// Everything its owner can do with links.
    Write,
}

impl Scope {
    /// The form's `scope`: `write` (also when absent) or `read`.
    pub fn parse(input: &str) -> std::result::Result<Self, String> {
        match input {
            "" | "write" => Ok(Scope::Write),
            "read" => Ok(Scope::Read),
            _ => Err("Choose read or write.".into()),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
        }
    }
}

/// What the owner calls a token: 1 to 50 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenName(String);

impl TokenName {
    pub fn parse(input: &str) -> std::result::Result<Self, String> {
        let name = input.trim();
        if name.is_empty() {
            return Err("Give the token a name, e.g. where it is used.".into());
        }
        if name.len() > 4 * MAX_TOKEN_NAME_CHARS || name.chars().count() > MAX_TOKEN_NAME_CHARS {
            return Err(format!(
                "Token names are at most {MAX_TOKEN_NAME_CHARS} characters long."
            ));
        }
        if name.chars().any(char::is_control) {
            return Err("Token names cannot contain control characters.".into());
        }
        Ok(Self(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A token as made: the secret, which is shown once and never stored.
pub struct NewSecret(String);

impl NewSecret {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("the operating system's random source");
        Self(format!(
            "{TOKEN_PREFIX}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        ))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> String {
        hash(&self.0)
    }

    pub fn shown_prefix(&self) -> String {
        self.0.chars().take(SHOWN_PREFIX_CHARS).collect()
    }
}

/// What is stored of a presented token, and looked up by.
pub fn hash(token: &str) -> String {
    crate::hex(&Sha256::digest(token.as_bytes()))
}

/// Whether `token` could be one of ours at all: checked before any hashing or lookup.
pub fn well_formed(token: &str) -> bool {
    token.len() == TOKEN_PREFIX.len() + 43
        && token.starts_with(TOKEN_PREFIX)
        && token[TOKEN_PREFIX.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A token as its owner sees it in the list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Token {
    /// Names it in the revoke form's path: 64 random bits, hex.
    pub id: String,
    pub name: String,
    pub scope: Scope,
    /// Epoch seconds.
    pub created_at: i64,
    /// Epoch seconds of its first request in the latest rate-limit window (so, to the minute).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used: Option<i64>,
    /// The first characters of the token (`snip_` and 6 more).
    pub prefix: String,
}

impl Token {
    pub fn new_id() -> String {
        crate::random_hex(8)
    }
}

/// Who a presented token acts for, as the API reads it on every request.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TokenOwner {
    /// The case-folded username, every store key's owner.
    pub owner: String,
    /// As the user typed it at registration, for short URLs.
    pub username: String,
    pub id: String,
    pub scope: Scope,
}

#[derive(Debug)]
pub enum CreateTokenError {
    /// The owner has [`MAX_TOKENS_PER_USER`] tokens already.
    LimitReached,
    Other(Error),
}

impl From<Error> for CreateTokenError {
    fn from(error: Error) -> Self {
        CreateTokenError::Other(error)
    }
}

/// What [`TokenStore`] needs in the table: a token is two items written and deleted together
/// (one under its hash, which the API reads; one under its owner, which lists it), with the
/// owner's `token_count`, of which it may change nothing else.
pub const GRANTS: &[Grant] = &[
    Grant::on("GetItem", &[keys::USER_TOKEN]),
    Grant::on("Query", &[keys::USER_TOKEN]),
    Grant::on("PutItem", &[keys::TOKEN, keys::USER_TOKEN]),
    Grant::on("DeleteItem", &[keys::TOKEN, keys::USER_TOKEN]),
    Grant::on("UpdateItem", &[keys::USER]).only(&["pk", "sk", "token_count", "deleted_at"], &["NONE"]),
];

/// `owner` is always the signed-in user's case-folded username.
pub trait TokenStore: Send + Sync {
    /// Stores the token under `hash` unless the owner has [`MAX_TOKENS_PER_USER`] already.
    fn create_token(
        &self,
        owner: &TokenOwner,
        token: &Token,
        hash: &str,
    ) -> impl Future<Output = Result<(), CreateTokenError>> + Send;
    /// The owner's tokens, newest first.
    fn list_tokens(&self, owner: &str) -> impl Future<Output = Result<Vec<Token>>> + Send;
    /// `false` when the owner has no token with this id. Once it returns, the token is refused.
    fn revoke_token(&self, owner: &str, id: &str) -> impl Future<Output = Result<bool>> + Send;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_snip_and_256_random_bits_and_only_its_hash_is_kept() {
        let first = NewSecret::generate();
        let second = NewSecret::generate();
        assert_ne!(first.expose(), second.expose());
        assert!(well_formed(first.expose()), "{}", first.expose());
        assert_eq!(first.expose().len(), 48);
        assert_eq!(first.hash().len(), 64);
        assert_eq!(first.hash(), hash(first.expose()));
        assert!(first.expose().starts_with(&first.shown_prefix()));
        assert_eq!(first.shown_prefix().len(), 11);
        for bad in [
            "",
            "snip_",
            "snip_short",
            &format!("snop_{}", &first.expose()[5..]),
        ] {
            assert!(!well_formed(bad), "{bad}");
        }
        assert!(!well_formed(&format!("{}!", &first.expose()[..47])));
    }

    #[test]
    fn names_and_scopes_are_checked() {
        assert_eq!(TokenName::parse("  CI deploys ").unwrap().as_str(), "CI deploys");
        assert!(TokenName::parse("   ").is_err());
        assert!(TokenName::parse(&"x".repeat(50)).is_ok());
        assert!(TokenName::parse(&"x".repeat(51)).is_err());
        assert!(TokenName::parse(&"é".repeat(50)).is_ok());
        assert!(TokenName::parse("a\u{7}b").is_err());
        assert_eq!(Scope::parse("").unwrap(), Scope::Write);
        assert_eq!(Scope::parse("read").unwrap(), Scope::Read);
        assert!(Scope::parse("admin").is_err());
    }
}
