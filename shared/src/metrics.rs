//! Product metrics as CloudWatch Embedded Metric Format: one JSON line on stdout per event,
//! which CloudWatch Logs turns into a metric of the stack's namespace (`METRICS_NAMESPACE`,
//! `Snip/<stage>` in `template.yaml`). No API call on any path, and nothing to flush: the
//! line is the metric.
//!
//! Lambda filters JSON log lines by their `level` against the function's application log level
//! (`LogLevel`), and counts a line without one as INFO: at `LogLevel=WARN` every INFO line, a
//! metric's too, would be dropped before CloudWatch saw it. So a metric line carries the
//! configured level when that is above INFO (`AWS_LAMBDA_LOG_LEVEL`), which keeps it whatever
//! the level. Lines are written only with JSON logs (in Lambda, and in the tests); a local run
//! with readable logs has no CloudWatch to read them.

use std::io::Write;
use std::sync::OnceLock;

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// A click (or a bot hit) counted after its redirect.
    ClicksRecorded,
    /// A click redirected but not counted: its write failed or was cut off at the
    /// after-response deadline. `ClicksNotRecordedAlarm` fires on any.
    ClicksNotRecorded,
    /// A sign-in (or a password confirmation, or a reset request) refused by a throttle.
    SignInsThrottled,
}

impl Metric {
    pub const ALL: [Metric; 3] = [
        Metric::ClicksRecorded,
        Metric::ClicksNotRecorded,
        Metric::SignInsThrottled,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Metric::ClicksRecorded => "ClicksRecorded",
            Metric::ClicksNotRecorded => "ClicksNotRecorded",
            Metric::SignInsThrottled => "SignInsThrottled",
        }
    }
}

/// Where lines go, read once from the environment (`None`: readable logs, no metrics).
struct Sink {
    /// As a JSON string, quotes included: escaped once, not per line.
    namespace: String,
    level: &'static str,
}

static SINK: OnceLock<Option<Sink>> = OnceLock::new();

fn sink() -> &'static Option<Sink> {
    SINK.get_or_init(|| {
        crate::telemetry::json_requested().then(|| Sink {
            namespace: json_string(
                &std::env::var("METRICS_NAMESPACE").unwrap_or_else(|_| "Snip/local".into()),
            ),
            level: line_level(std::env::var("AWS_LAMBDA_LOG_LEVEL").ok().as_deref()),
        })
    })
}

/// Counts `value` of `metric` now.
pub fn emit(metric: Metric, value: u64) {
    let Some(sink) = sink() else { return };
    let line = line(metric, value, &sink.namespace, sink.level, crate::now_ms());
    // One write of the whole line: the log stream never sees half of it.
    let _ = std::io::stdout().lock().write_all(line.as_bytes());
}

/// The level a metric line carries: Lambda's application level when it is above INFO, so
/// that Lambda's filter keeps the line; INFO otherwise.
pub fn line_level(lambda_level: Option<&str>) -> &'static str {
    match lambda_level.map(str::to_ascii_uppercase).as_deref() {
        Some("WARN") => "WARN",
        Some("ERROR") => "ERROR",
        Some("FATAL") => "FATAL",
        _ => "INFO",
    }
}

fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// One EMF line (with its newline): the metric, no dimensions, in `namespace` (a JSON string,
/// quotes included). Written out rather than built as a `serde_json::Value`: it runs after
/// every click, and every other part of it is a fixed word (the test parses it back).
fn line(metric: Metric, value: u64, namespace: &str, level: &str, timestamp_ms: i64) -> String {
    let name = metric.name();
    format!(
        "{{\"_aws\":{{\"Timestamp\":{timestamp_ms},\"CloudWatchMetrics\":[{{\"Namespace\":{namespace},\
         \"Dimensions\":[[]],\"Metrics\":[{{\"Name\":\"{name}\",\"Unit\":\"Count\"}}]}}]}},\
         \"{name}\":{value},\"level\":\"{level}\",\"message\":\"metric {name}\"}}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_metric_line_is_embedded_metric_format_at_a_level_lambda_keeps() {
        let text = line(
            Metric::ClicksRecorded,
            1,
            &json_string("Snip/\"prod\""),
            "WARN",
            1_700_000_000_000,
        );
        assert!(text.ends_with('\n') && text.matches('\n').count() == 1);
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        let directive = &parsed["_aws"]["CloudWatchMetrics"][0];
        assert_eq!(parsed["_aws"]["Timestamp"], 1_700_000_000_000i64);
        assert_eq!(directive["Namespace"], "Snip/\"prod\"");
        assert_eq!(directive["Dimensions"], serde_json::json!([[]]));
        assert_eq!(directive["Metrics"][0]["Unit"], "Count");
        assert_eq!(parsed["message"], "metric ClicksRecorded");
        assert_eq!(directive["Metrics"][0]["Name"], "ClicksRecorded");
        assert_eq!(parsed["ClicksRecorded"], 1);
        assert_eq!(parsed["level"], "WARN");

        for (configured, carried) in [
            (None, "INFO"),
            (Some("DEBUG"), "INFO"),
            (Some("INFO"), "INFO"),
            (Some("WARN"), "WARN"),
            (Some("error"), "ERROR"),
            (Some("FATAL"), "FATAL"),
        ] {
            assert_eq!(line_level(configured), carried, "{configured:?}");
        }
    }
}
