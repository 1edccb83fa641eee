//! The `?after=` token of the link list: where the next page starts, opaque to the browser
//! and signed (HMAC-SHA256 with `SECRET_KEY`, bound to the owner), so an edited or borrowed
//! token is refused instead of being interpreted.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::store::Cursor;

type HmacSha256 = Hmac<Sha256>;
/// Bytes of the MAC kept in the token: 128 bits.
const MAC_BYTES: usize = 16;

/// `<created_ms>.<slug>.<mac>`, hex-encoded as a whole so it is one opaque word.
pub fn sign(key: &[u8], owner: &str, cursor: &Cursor) -> String {
    let payload = format!("{}.{}", cursor.created_ms, cursor.slug);
    let mac = keyed(key, owner, &payload).finalize().into_bytes();
    crate::hex(format!("{payload}.{}", crate::hex(&mac[..MAC_BYTES])).as_bytes())
}

/// The position a request's token names: none without one, a 400 saying `refusal` for one this
/// server did not sign for `owner`.
pub fn position(
    key: &[u8],
    owner: &str,
    token: Option<&str>,
    refusal: &str,
) -> crate::Result<Option<Cursor>> {
    token
        .map(|token| verify(key, owner, token).ok_or_else(|| crate::error::Error::BadRequest(refusal.into())))
        .transpose()
}

/// The cursor in `token` if this server signed it for `owner`.
pub fn verify(key: &[u8], owner: &str, token: &str) -> Option<Cursor> {
    if token.len() > 512 {
        return None;
    }
    let bytes = unhex(token)?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let (payload, tag) = text.rsplit_once('.')?;
    let tag = unhex(tag).filter(|tag| tag.len() == MAC_BYTES)?;
    keyed(key, owner, payload).verify_truncated_left(&tag).ok()?;
    let (created_ms, slug) = payload.split_once('.')?;
    Some(Cursor {
        created_ms: created_ms.parse().ok()?,
        slug: slug.to_string(),
    })
}

fn keyed(key: &[u8], owner: &str, payload: &str) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(owner.as_bytes());
    mac.update(b"\n");
    mac.update(payload.as_bytes());
    mac
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_for_their_owner_only() {
        let cursor = Cursor {
            created_ms: 1_700_000_000_123,
            slug: "my-link".into(),
        };
        let token = sign(b"key", "alice", &cursor);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(verify(b"key", "alice", &token), Some(cursor.clone()));
        assert_eq!(verify(b"key", "bob", &token), None, "another user's token");
        assert_eq!(verify(b"other key", "alice", &token), None);

        let mut tampered = token.clone().into_bytes();
        tampered[2] = if tampered[2] == b'1' { b'2' } else { b'1' };
        assert_eq!(
            verify(b"key", "alice", std::str::from_utf8(&tampered).unwrap()),
            None
        );
        assert_eq!(verify(b"key", "alice", "zz"), None);
        assert_eq!(verify(b"key", "alice", ""), None);
    }
}
