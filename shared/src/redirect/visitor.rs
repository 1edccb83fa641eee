//! Unique visitors without knowing who they are.
//!
//! A visitor is a keyed hash of the client's whole address and its user agent, made with a key
//! of the UTC day: a random key, created by the first click of the day that needs it (a
//! conditional write, so every sandbox gets the same one) and deleted by DynamoDB's TTL two
//! days later. Once it is gone no one, the operator included, can tell whether an address
//! visited that day: a key derived from a lasting secret could be derived again. The hash goes
//! into a marker per link, day and visitor (also gone after two days), whose first write counts
//! the visitor in the day's aggregate; no address and no lasting identifier is stored for it.
//! A period's "unique visitors" is the sum of its days' (visitor-days).

use std::net::IpAddr;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::Date;

/// The random key of one UTC day.
#[derive(Clone, PartialEq, Eq)]
pub struct DayKey {
    pub day: Date,
    key: [u8; 32],
}

impl std::fmt::Debug for DayKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DayKey")
            .field("day", &self.day)
            .finish_non_exhaustive()
    }
}

impl DayKey {
    /// A new random key for `day`.
    pub fn generate(day: Date) -> Self {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).expect("the operating system's random source");
        Self { day, key }
    }

    /// The key as stored (hex), or `None` if `stored` is not one.
    pub fn from_hex(day: Date, stored: &str) -> Option<Self> {
        let bytes = ::hex::decode(stored).ok()?;
        Some(Self {
            day,
            key: bytes.try_into().ok()?,
        })
    }

    pub fn to_hex(&self) -> String {
        crate::hex(&self.key)
    }
}

/// One visitor on one day: 128 bits of HMAC-SHA256, in hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitorId {
    pub day: Date,
    hash: String,
}

impl VisitorId {
    pub fn of(key: &DayKey, address: IpAddr, user_agent: &str) -> Self {
        let mut mac = Hmac::<Sha256>::new_from_slice(&key.key).expect("HMAC takes any key length");
        mac.update(address.to_string().as_bytes());
        mac.update(&[0]);
        mac.update(user_agent.as_bytes());
        Self {
            day: key.day,
            hash: crate::hex(&mac.finalize().into_bytes()[..16]),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.hash
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn a_visitor_is_the_same_all_day_and_another_with_another_key() {
        let today = DayKey::generate(date!(2026 - 12 - 06));
        let address: IpAddr = "203.0.113.7".parse().unwrap();
        let firefox = VisitorId::of(&today, address, "Firefox");
        assert_eq!(firefox, VisitorId::of(&today, address, "Firefox"));
        assert_eq!(firefox.as_str().len(), 32);
        assert_ne!(
            firefox,
            VisitorId::of(&today, address, "Chrome"),
            "another browser"
        );
        assert_ne!(
            firefox,
            VisitorId::of(&today, "203.0.113.8".parse().unwrap(), "Firefox")
        );
        let tomorrow = DayKey::generate(date!(2026 - 12 - 07));
        assert_ne!(
            firefox,
            VisitorId::of(&tomorrow, address, "Firefox"),
            "a new key a day"
        );
        let stored = DayKey::from_hex(today.day, &today.to_hex()).unwrap();
        assert_eq!(firefox, VisitorId::of(&stored, address, "Firefox"));
        assert!(DayKey::from_hex(today.day, "abcd").is_none());
        assert!(
            !format!("{today:?}").contains(&today.to_hex()),
            "the key stays out of logs"
        );
    }
}
