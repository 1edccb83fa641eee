//! Logging for every function: JSON lines in Lambda, readable text locally.
//!
//! Lambda's JSON log format (`LoggingConfig.LogFormat: JSON` in `template.yaml`) sets
//! `AWS_LAMBDA_LOG_FORMAT=JSON`; `LOG_FORMAT=json` asks for the same anywhere else. Each JSON
//! line has `timestamp` (RFC 3339), `level`, `target`, the event's fields flattened
//! (`message` among them) and, inside a request, `spans`: the open spans from the outermost,
//! the Lambda runtime's, whose `requestId` thus lands on every line of an invocation.
//!
//! The level comes from `RUST_LOG` (`level` and `target=level` directives, comma-separated,
//! as `tracing_subscriber::filter::Targets` reads them), else Lambda's `AWS_LAMBDA_LOG_LEVEL`,
//! else INFO. The crates in `NOISY_CRATES` are capped at INFO whatever the level.
//!
//! Never log passwords, session ids or CSRF tokens: the types that hold them
//! redact themselves in `Debug`.

use std::io::IsTerminal;

use tracing::Level;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::prelude::*;

/// Installs the global subscriber and a panic hook that logs through it. Call once, first
/// thing in `main`.
pub fn init() {
    let filter = filter(
        std::env::var("RUST_LOG").ok().as_deref(),
        std::env::var("AWS_LAMBDA_LOG_LEVEL").ok().as_deref(),
    );
    let registry = tracing_subscriber::registry().with(filter);
    if json_requested() {
        registry
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .flatten_event(true)
                    // The whole list, not just the innermost span: the Lambda runtime's span
                    // (with `requestId`) is the outermost one, and handlers open their own
                    // inside it.
                    .with_current_span(false)
                    .with_span_list(true)
                    .with_target(true)
                    .with_ansi(false),
            )
            .init();
    } else {
        registry
            .with(
                tracing_subscriber::fmt::layer()
                    .with_target(true)
                    .with_ansi(std::io::stdout().is_terminal()),
            )
            .init();
    }
    // The default hook prints plain text to stderr, which would break the JSON log stream.
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| format!("{}:{}", l.file(), l.line()));
        tracing::error!(panic = %info, location = location.as_deref().unwrap_or("unknown"), "handler panicked");
    }));
}

/// What `RUST_LOG` (else Lambda's level) enables, with the noisy crates capped at INFO.
fn filter(rust_log: Option<&str>, lambda_level: Option<&str>) -> Targets {
    let configured = rust_log
        .and_then(|v| v.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(level_of_lambda(lambda_level)));
    let mut filter = configured.clone();
    // Directives for their modules too (`aws_smithy_runtime::client=trace`), not only the crates.
    for (target, level) in configured.iter() {
        if NOISY_CRATES.iter().any(|krate| target.starts_with(krate)) {
            filter = filter.with_target(target, level.min(LevelFilter::INFO));
        }
    }
    for krate in NOISY_CRATES {
        let most_verbose = [Level::TRACE, Level::DEBUG, Level::INFO, Level::WARN, Level::ERROR]
            .into_iter()
            .find(|level| configured.would_enable(krate, level))
            .map_or(LevelFilter::OFF, LevelFilter::from_level);
        filter = filter.with_target(krate, most_verbose.min(LevelFilter::INFO));
    }
    filter
}

/// At debug and trace these crates log raw events and requests: form bodies (passwords),
/// cookies (session ids, CSRF tokens) and signed AWS headers. Never below INFO.
const NOISY_CRATES: [&str; 10] = [
    "lambda_runtime",
    "lambda_http",
    "aws_smithy_runtime",
    "aws_smithy_runtime_api",
    "aws_smithy_http_client",
    "aws_sdk_dynamodb",
    "aws_config",
    "hyper",
    "hyper_util",
    "h2",
];

/// Whether logs are JSON lines (in Lambda, and wherever `LOG_FORMAT=json`).
pub fn json_requested() -> bool {
    ["AWS_LAMBDA_LOG_FORMAT", "LOG_FORMAT"]
        .iter()
        .any(|name| std::env::var(name).is_ok_and(|v| v.eq_ignore_ascii_case("json")))
}

/// Lambda's levels are TRACE, DEBUG, INFO, WARN, ERROR and FATAL; tracing has no FATAL.
fn level_of_lambda(level: Option<&str>) -> LevelFilter {
    match level.map(str::to_ascii_lowercase).as_deref() {
        Some("fatal") => LevelFilter::ERROR,
        Some(level) => level.parse().unwrap_or(LevelFilter::INFO),
        None => LevelFilter::INFO,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_level_comes_from_rust_log_then_lambda_and_noisy_crates_stay_at_info_or_above() {
        let debug = filter(Some("debug"), Some("ERROR"));
        assert!(debug.would_enable("shared::links", &Level::DEBUG));
        assert!(
            !debug.would_enable("lambda_http", &Level::DEBUG),
            "never below info"
        );
        assert!(debug.would_enable("lambda_http", &Level::INFO));

        let trace = filter(Some("trace"), None);
        assert!(!trace.would_enable("aws_smithy_runtime::client::interceptors", &Level::TRACE));
        assert!(!trace.would_enable("hyper_util::client::legacy::pool", &Level::DEBUG));

        let warn = filter(None, Some("WARN"));
        assert!(!warn.would_enable("shared", &Level::INFO));
        assert!(
            !warn.would_enable("aws_config", &Level::INFO),
            "a cap, not a floor"
        );

        let fatal = filter(None, Some("FATAL"));
        assert!(fatal.would_enable("shared", &Level::ERROR) && !fatal.would_enable("shared", &Level::WARN));
        let default = filter(None, None);
        assert!(
            default.would_enable("shared", &Level::INFO) && !default.would_enable("shared", &Level::DEBUG)
        );
        let sneaky = filter(Some("info,aws_smithy_runtime::client=trace"), None);
        assert!(!sneaky.would_enable("aws_smithy_runtime::client::orchestrator", &Level::DEBUG));
        let targeted = filter(Some("info,shared::redirect=trace"), None);
        assert!(targeted.would_enable("shared::redirect", &Level::TRACE));
        assert!(!targeted.would_enable("shared::links", &Level::DEBUG));
    }
}
