//! `Idempotency-Key` on `POST /api/v1/links`: clients retry on timeouts, and a retry must not
//! make a second link.
//!
//! A key (1–255 visible ASCII characters, one user's) is claimed before the link is made, with
//! a conditional put; the transaction that makes the link also marks the claim done with the
//! link, so a crash between them leaves a claim and never a link without its key. Within 24
//! hours of the first request, the same key and body get the first answer again and make
//! nothing; another body is a 422; the same key while the first request is still running is a
//! 409. A claim left by a request that died is taken over after [`STALE_CLAIM_SECONDS`]. The
//! item expires by TTL a day after; since TTL deletes late, the 24 hours are checked on read.

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// How long a replay is answered from the first request.
pub const REPLAY_SECONDS: i64 = 24 * 3600;
/// A claim older than this with no link belongs to a request that died (the function's
/// timeout is 10 s): another request with the key may take it over.
pub const STALE_CLAIM_SECONDS: i64 = 60;
pub const MAX_KEY_CHARS: usize = 255;

/// A key as sent, checked: what the table stores is its SHA-256, so a key of any allowed
/// characters makes a fixed-size, `#`-free sort key.
pub struct IdempotencyKey {
    pub hash: String,
}

impl IdempotencyKey {
    /// `None` without the header; a 400 for a malformed one.
    pub fn of(request: &lambda_http::Request) -> Result<Option<Self>> {
        let Some(value) = request.headers().get("idempotency-key") else {
            return Ok(None);
        };
        let key = value.as_bytes();
        if key.is_empty() || key.len() > MAX_KEY_CHARS || !key.iter().all(|b| (0x21..=0x7e).contains(b)) {
            return Err(Error::BadRequest(format!(
                "Idempotency-Key is 1 to {MAX_KEY_CHARS} visible ASCII characters."
            )));
        }
        Ok(Some(Self {
            hash: crate::hex(&Sha256::digest(key)),
        }))
    }
}

/// The SHA-256 of a request body as parsed (`serde_json` writes an object's keys in order),
/// so the same JSON with other spacing or key order is the same request.
pub fn body_hash(body: &serde_json::Map<String, serde_json::Value>) -> String {
    let canonical = serde_json::Value::Object(body.clone()).to_string();
    crate::hex(&Sha256::digest(canonical.as_bytes()))
}

/// A link as the first request made it, kept to answer its replays.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Made {
    pub slug: String,
    pub target: String,
    pub title: String,
    pub created_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<i64>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A key's record as stored.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Claim {
    /// [`body_hash`] of the request that claimed it.
    pub request_hash: String,
    /// Random: names the request that holds the claim.
    pub claim: String,
    /// Epoch seconds of the first request with the key (the 24 hours count from it).
    pub created_at: i64,
    /// Epoch seconds of the latest claim (a takeover renews it).
    pub claimed_at: i64,
    /// What the claim made, once it has.
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub made: Option<Made>,
}

/// What a request with a key finds.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// Nothing live: the request may claim the key.
    Free,
    /// The first request with this key and body made this link.
    Replay(Made),
}

impl Claim {
    /// What a request with body `request_hash` at `now` may do about this record.
    pub fn decide(&self, request_hash: &str, now: i64) -> Result<Found> {
        if now >= self.created_at + REPLAY_SECONDS {
            return Ok(Found::Free);
        }
        if self.request_hash != request_hash {
            return Err(Error::Unprocessable {
                detail: "This Idempotency-Key was used with another body: use a new key for a new request."
                    .into(),
                fields: Vec::new(),
            });
        }
        match &self.made {
            Some(made) => Ok(Found::Replay(made.clone())),
            None if now >= self.claimed_at + STALE_CLAIM_SECONDS => Ok(Found::Free),
            None => Err(Error::Conflict(
                "A request with this Idempotency-Key is still being answered: retry in a moment.".into(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(made: bool) -> Claim {
        Claim {
            request_hash: "body".into(),
            claim: "c".into(),
            created_at: 1_000,
            claimed_at: 1_000,
            made: made.then(|| Made {
                slug: "s".into(),
                target: "https://example.com/".into(),
                title: String::new(),
                created_ms: 1_000_000,
                valid_until: None,
                tags: Vec::new(),
            }),
        }
    }

    #[test]
    fn a_key_replays_for_a_day_refuses_another_body_and_waits_for_a_running_request() {
        assert!(matches!(claim(true).decide("body", 1_001), Ok(Found::Replay(_))));
        assert!(matches!(
            claim(true).decide("other", 1_001),
            Err(Error::Unprocessable { .. })
        ));
        assert!(matches!(
            claim(true).decide("other", 1_000 + REPLAY_SECONDS),
            Ok(Found::Free)
        ));
        assert_eq!(
            claim(true).decide("body", 1_000 + REPLAY_SECONDS).unwrap(),
            Found::Free
        );
        assert!(matches!(
            claim(false).decide("body", 1_030),
            Err(Error::Conflict(_))
        ));
        assert_eq!(
            claim(false).decide("body", 1_000 + STALE_CLAIM_SECONDS).unwrap(),
            Found::Free
        );
    }

    #[test]
    fn the_same_json_is_the_same_body() {
        let parse = |text: &str| match serde_json::from_str(text).unwrap() {
            serde_json::Value::Object(object) => object,
            _ => unreachable!(),
        };
        assert_eq!(
            body_hash(&parse(r#"{"a": 1, "b": "x"}"#)),
            body_hash(&parse(r#"{ "b":"x","a":1 }"#))
        );
        assert_ne!(body_hash(&parse(r#"{"a": 1}"#)), body_hash(&parse(r#"{"a": 2}"#)));
    }
}
