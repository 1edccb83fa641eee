//! Sign-in throttling that an attacker cannot turn against an account's owner.
//!
//! Usernames are public (every short link shows one), so counting failures per username
//! alone would let anyone lock anyone out. Each attempt is counted against three limits
//! ([`SignInLimits`]), kept in the table because many sandboxes answer sign-ins:
//!
//! 1. the account from this client address (5 in 15 minutes): the everyday lock-out, which
//!    leaves the owner free to sign in from anywhere else;
//! 2. this client address, whatever the account (50 in 15 minutes): password spraying, a few
//!    guesses at each of many accounts;
//! 3. the account from every address (100 in an hour): a guess spread over many addresses.
//!
//! The first two are checked together; the account-wide one only for an attempt both let
//! through, so refused attempts from a locked-out address never count towards the owner's
//! lock. An attempt is counted before its password is checked (parallel guesses cannot slip
//! past a limit), whether or not the account exists (the answer and its timing reveal
//! nothing); a successful sign-in then gives its count back, and clears the first counter.
//! A client address is an IPv4 address or an IPv6 /64 ([`ClientAddress::throttle_key`]).

use super::store::AccountStore;
use crate::client::ClientAddress;
use crate::config::{Limit, SignInLimits};
use crate::error::Result;

/// Which limit refused an attempt: each says what to wait for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    AccountFromAddress,
    Address,
    Account,
}

impl Refusal {
    pub fn message(self, limits: &SignInLimits) -> String {
        let (whose, limit) = match self {
            Refusal::AccountFromAddress => (
                "for this account from your address",
                limits.per_account_and_address,
            ),
            Refusal::Address => ("from your address", limits.per_address),
            Refusal::Account => ("for this account", limits.per_account),
        };
        format!(
            "Too many failed sign-in attempts {whose}. Please wait {} and try again.",
            limit.window_text()
        )
    }
}

/// The counter of every failed sign-in to `account`, from anywhere (deleted with the account).
pub fn account_counter(account: &str) -> String {
    format!("U#{account}")
}

/// The counters of one attempt: `account` is the case-folded username as typed (bounded,
/// perhaps no account at all), `client` where it came from.
pub struct Attempt {
    per_account_and_address: String,
    per_address: String,
    per_account: String,
}

impl Attempt {
    /// Counter names start with a tag, and the address comes before the typed account, so no
    /// username, whatever is typed, can name another client's counter.
    pub fn new(account: &str, client: Option<ClientAddress>) -> Self {
        let address = client.map_or_else(|| "unknown".to_string(), |c| c.throttle_key());
        Self {
            per_account_and_address: format!("AU#{address}#{account}"),
            per_address: format!("A#{address}"),
            per_account: account_counter(account),
        }
    }

    /// Counts the attempt against each limit in turn; `Err` names the limit that refused it.
    pub async fn reserve(
        &self,
        store: &impl AccountStore,
        limits: &SignInLimits,
        now: i64,
    ) -> Result<Result<(), Refusal>> {
        let reserve = |counter, limit: Limit| {
            store.reserve_sign_in_attempt(counter, limit.max, now, now + i64::from(limit.window))
        };
        let (pair, address) = tokio::try_join!(
            reserve(&self.per_account_and_address, limits.per_account_and_address),
            reserve(&self.per_address, limits.per_address),
        )?;
        if !pair {
            return Ok(Err(Refusal::AccountFromAddress));
        }
        if !address {
            return Ok(Err(Refusal::Address));
        }
        if !reserve(&self.per_account, limits.per_account).await? {
            return Ok(Err(Refusal::Account));
        }
        Ok(Ok(()))
    }

    /// After a correct password: the attempt was no failure.
    pub async fn succeeded(&self, store: &impl AccountStore) -> Result<()> {
        tokio::try_join!(
            store.clear_failed_sign_ins(&self.per_account_and_address),
            store.release_sign_in_attempt(&self.per_address),
            store.release_sign_in_attempt(&self.per_account),
        )?;
        Ok(())
    }
}
