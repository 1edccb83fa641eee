//! Logging for every function: JSON lines in Lambda, readable text locally.
//!
//! Lambda's JSON log format (`LoggingConfig.LogFormat: JSON` in `template.yaml`) sets
//! `AWS_LAMBDA_LOG_FORMAT=JSON`; `LOG_FORMAT=json` asks for the same anywhere else. Each JSON
//! line has `timestamp` (RFC 3339), `level`, `target`, the event's fields flattened
//! (`message` among them) and, inside a request, `spans`: the open spans from the outermost,
//! the Lambda runtime's, whose `requestId` thus lands on every line of an invocation.
//!
//! The level comes from `RUST_LOG` (full `EnvFilter` syntax), else Lambda's
//! `AWS_LAMBDA_LOG_LEVEL`, else INFO.
//!
//! Never log passwords, session ids or CSRF tokens: the types that hold them
//! redact themselves in `Debug`.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber and a panic hook that logs through it. Call once, first
/// thing in `main`.
pub fn init() {
    let mut filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(lambda_level()));
    // At debug and trace these crates log raw events and requests: form bodies (passwords),
    // cookies (session ids, CSRF tokens) and signed AWS headers. Never below info, whatever
    // the configured level.
    for directive in NOISY_CRATES {
        filter = filter.add_directive(directive.parse().expect("valid directive"));
    }
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(true);
    if json_requested() {
        builder
            .json()
            .flatten_event(true)
            // The whole list, not just the innermost span: the Lambda runtime's span (with
            // `requestId`) is the outermost one, and handlers open their own inside it.
            .with_current_span(false)
            .with_span_list(true)
            .with_ansi(false)
            .init();
    } else {
        builder.with_ansi(std::io::stdout().is_terminal()).init();
    }
    // The default hook prints plain text to stderr, which would break the JSON log stream.
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| format!("{}:{}", l.file(), l.line()));
        tracing::error!(panic = %info, location = location.as_deref().unwrap_or("unknown"), "handler panicked");
    }));
}

const NOISY_CRATES: [&str; 7] = [
    "lambda_runtime=info",
    "lambda_http=info",
    "aws_smithy_runtime=info",
    "aws_smithy_runtime_api=info",
    "aws_sdk_dynamodb=info",
    "aws_config=info",
    "hyper=info",
];

fn json_requested() -> bool {
    ["AWS_LAMBDA_LOG_FORMAT", "LOG_FORMAT"]
        .iter()
        .any(|name| std::env::var(name).is_ok_and(|v| v.eq_ignore_ascii_case("json")))
}

/// Lambda's levels are TRACE, DEBUG, INFO, WARN, ERROR and FATAL; tracing has no FATAL.
fn lambda_level() -> String {
    match std::env::var("AWS_LAMBDA_LOG_LEVEL").map(|v| v.to_ascii_lowercase()) {
        Ok(level) if level == "fatal" => "error".into(),
        Ok(level) if ["trace", "debug", "info", "warn", "error"].contains(&level.as_str()) => level,
        _ => "info".into(),
    }
}
