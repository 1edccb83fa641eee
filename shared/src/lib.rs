//! Everything the four Lambda functions share, split by domain:
//!
//! - [`web`]: the one place a handler's result becomes an HTTP response (errors, panics,
//!   security headers, HTML or JSON), and the Lambda entry point every `main.rs` calls.
//! - [`error`]: the app-wide [`Error`] and [`Result`].
//! - [`telemetry`]: logging set-up (JSON in Lambda, text locally).
//! - [`config`] and [`db`]: settings from the environment and all DynamoDB access.
//! - [`assets`] and [`pages`]: the embedded static files and the askama page types.
//! - [`health`], [`links`], [`accounts`], [`redirect`]: each function's routes.

pub mod accounts;
pub mod assets;
pub mod client;
pub mod config;
pub mod cookies;
pub mod csrf;
pub mod db;
pub mod email;
pub mod error;
pub mod flash;
pub mod forms;
pub mod health;
pub mod links;
pub mod metrics;
pub mod pages;
pub mod redirect;
pub mod routes;
pub mod session;
pub mod telemetry;
pub mod web;

pub use error::{Error, Result};

/// Every binary that links this crate allocates through mimalloc. glibc's allocator spent 9% of
/// a click's CPU in `malloc`/`free`, and up to 18% once the heap is fragmented, most of it in
/// `malloc_consolidate` and `unlink_chunk` merging freed chunks each time a request asks for
/// a large buffer (BENCHMARKS.md, "Cutting a click's CPU").
#[global_allocator]
pub static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Everything `function` (a binary's name) may do in the table: the grants declared beside
/// each store trait it takes. `tests/api/iam.rs` holds `template.yaml`'s policies to exactly
/// this.
pub fn table_grants(function: &str) -> Option<Vec<db::keys::Grant>> {
    let parts: &[&[db::keys::Grant]] = match function {
        "health" => &[health::GRANTS],
        "redirect" => &[redirect::GRANTS],
        "accounts" => &[
            accounts::store::GRANTS,
            accounts::tokens::GRANTS,
            accounts::reset::GRANTS,
            session::READ_GRANTS,
            session::SIGN_IN_GRANTS,
        ],
        "links" => &[
            links::store::GRANTS,
            links::api::GRANTS,
            links::purge::GRANTS,
            session::READ_GRANTS,
        ],
        _ => return None,
    };
    Some(parts.concat())
}

/// `bytes` random bytes from the operating system's CSPRNG, hex-encoded.
pub fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).expect("the operating system's random source");
    hex(&buffer)
}

pub fn hex(bytes: &[u8]) -> String {
    ::hex::encode(bytes)
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// A time as pages show it: `25 Nov 2026, 15:04 UTC` for the text, which the site's script
/// turns into the reader's own time zone, and RFC 3339 for `<time datetime>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moment {
    pub text: String,
    pub iso: String,
}

impl Moment {
    pub fn at(epoch_seconds: i64) -> Self {
        Self {
            text: format_time(epoch_seconds),
            iso: rfc3339(epoch_seconds),
        }
    }
}

/// `2026-12-06T14:03:00Z`, for machines (`<time datetime>`, CSV exports); empty if out of range.
pub fn rfc3339(epoch_seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(epoch_seconds)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

/// `25 Nov 2026, 15:04 UTC`, for pages.
pub fn format_time(epoch_seconds: i64) -> String {
    format_epoch(
        epoch_seconds,
        time::macros::format_description!(
            "[day padding:none] [month repr:short] [year], [hour]:[minute] UTC"
        ),
    )
}

fn format_epoch(epoch_seconds: i64, format: &[time::format_description::BorrowedFormatItem<'_>]) -> String {
    time::OffsetDateTime::from_unix_timestamp(epoch_seconds)
        .ok()
        .and_then(|t| t.format(format).ok())
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_read_as_people_write_them() {
        // 2026-11-25 15:04:05 UTC
        assert_eq!(super::format_time(1_795_619_045), "25 Nov 2026, 15:04 UTC");
        assert_eq!(super::format_time(1_767_225_600), "1 Jan 2026, 00:00 UTC");
        assert_eq!(super::format_time(i64::MAX), "unknown");
    }
}
