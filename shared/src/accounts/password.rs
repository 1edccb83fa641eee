//! Password hashing: argon2id with the OWASP parameters (m = 19 MiB, t = 2, p = 1; the
//! `argon2` crate's defaults), PHC strings stored. Hashing takes tens of milliseconds of pure
//! CPU, so it runs on tokio's blocking pool, never on the async threads.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::{Error, Result};

/// Longest input ever hashed or verified: a sign-in form cannot make us hash megabytes.
pub const MAX_INPUT_BYTES: usize = 1024;

/// Hashes a new password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`).
pub async fn hash(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(Error::internal)
    })
    .await
    .map_err(Error::internal)?
}

/// Whether `password` matches `stored`. With `stored: None` (no such user) it verifies
/// against a fixed dummy hash and answers false, so an unknown username costs the same time
/// as a wrong password and cannot be told apart.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool> {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let phc = stored.unwrap_or_else(|| DUMMY_HASH.to_string());
        let parsed = PasswordHash::new(&phc).map_err(Error::internal)?;
        let input = if password.len() > MAX_INPUT_BYTES {
            &password[..0]
        } else {
            password.as_str()
        };
        let matches = Argon2::default()
            .verify_password(input.as_bytes(), &parsed)
            .is_ok();
        Ok(known && matches && password.len() <= MAX_INPUT_BYTES)
    })
    .await
    .map_err(Error::internal)?
}

/// The hash of a random password nobody knows, at the same parameters as real hashes (a
/// test checks they match), so verifying against it costs what a real verification costs.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$2boADNFPwppLykx9TmB0dg$+reKNU6RThYBy97F2ILZFSOpazu2Otyzb0A2/OCKPlA";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_are_argon2id_with_owasp_parameters() {
        let phc = hash("correct horse battery".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(
            verify("correct horse battery".into(), Some(phc.clone()))
                .await
                .unwrap()
        );
        assert!(!verify("correct horse battery!".into(), Some(phc)).await.unwrap());
    }

    #[tokio::test]
    async fn the_dummy_hash_costs_what_a_real_one_costs() {
        let real = hash("x".repeat(20)).await.unwrap();
        let parameters = |phc: &str| phc.split('$').nth(3).unwrap().to_string();
        assert_eq!(parameters(DUMMY_HASH), parameters(&real));
    }

    #[tokio::test]
    async fn unknown_users_never_verify() {
        assert!(!verify("anything".into(), None).await.unwrap());
    }
}
