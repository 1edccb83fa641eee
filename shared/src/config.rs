//! Settings read once from the environment at cold start, every one of them: a bad value
//! fails init with one log line naming the variable, never a later request.

use std::time::Duration;

/// See [`Config::api_rate_limit`].
pub const DEFAULT_API_RATE_LIMIT: u32 = 120;

/// See [`Config::after_response_deadline`].
pub const DEFAULT_AFTER_RESPONSE_DEADLINE: Duration = Duration::from_secs(3);

/// What the functions need to know about their deployment.
#[derive(Debug, Clone)]
pub struct Config {
    /// Base URL of the published assets (`STATIC_URL`, default `/static/`): a path, or an
    /// absolute `http(s)` URL for a CDN; it always ends in `/`. It goes into pages and into the
    /// CSP header, so only characters safe in both are accepted.
    pub static_url: String,
    /// Whether cookies are `Secure` with the `__Host-` prefix (`SECURE_COOKIES`, `true` or
    /// `false`, default `true`; plain-http local runs set `false`).
    pub secure_cookies: bool,
    /// Whether the SDK trusts the system's CA store beside the Amazon roots
    /// (`TLS_NATIVE_ROOTS`, `true` or `false`, default `false`: see `db::tls_context`).
    pub tls_native_roots: bool,
    /// The single DynamoDB table (`TABLE_NAME`, set by `template.yaml`).
    pub table_name: String,
    /// Base URL of short links (`PUBLIC_URL`, e.g. `https://snip.example`). Unset: the
    /// scheme and host the request arrived with.
    pub public_url: Option<String>,
    /// How many proxies in front of API Gateway are trusted to set `X-Forwarded-For`
    /// (`TRUSTED_PROXY_HOPS`, default 0: the header is ignored and the connection's address
    /// is the client's).
    pub trusted_proxy_hops: usize,
    /// Whether a visit keeps only the client's network, IPv4 /24 or IPv6 /48 (`ANONYMIZE_IPS`,
    /// `true` or `false`, default `true`); `false` keeps whole addresses, for those who must.
    pub anonymize_ips: bool,
    /// Whether a CDN that sets `CloudFront-Viewer-Country` (and overwrites what a client sent)
    /// sits in front (`TRUST_CDN_HEADERS`, default `false`): only then does a click get a
    /// country. Any client can send the header otherwise.
    pub trust_cdn_headers: bool,
    /// `AWS_REGION`, which Lambda sets (part of the HTTP API's `execute-api` host name).
    pub region: Option<String>,
    /// How long work left for after a response may run (`AFTER_RESPONSE_DEADLINE_MS`, 1 to
    /// 8,000, default 3,000): well under the functions' 10 s timeout, so a struggling database
    /// costs a logged, counted click rather than a sandbox killed mid-write.
    pub after_response_deadline: Duration,
    /// Failed sign-ins allowed before further attempts are refused (`SIGN_IN_LIMIT_*`).
    pub sign_in_limits: SignInLimits,
    /// Requests one API token may make in a minute (`API_RATE_LIMIT`, 1 to 1,000,000, default
    /// [`DEFAULT_API_RATE_LIMIT`]).
    pub api_rate_limit: u32,
    /// How email leaves (`EMAIL_BACKEND`, `EMAIL_FROM`, ...): see [`EmailConfig`].
    pub email: EmailConfig,
    secret_key: Option<Secret>,
}

/// Email (`email`): `EMAIL_BACKEND=file` (the default) writes each message into
/// `EMAIL_OUTBOX` (default `.local/outbox`) as an `.eml` file; `EMAIL_BACKEND=ses` sends it
/// through Amazon SES v2, from `EMAIL_FROM`, in configuration set `SES_CONFIGURATION_SET` when
/// set. `EMAIL_FROM` defaults to `Snip <no-reply@localhost>`, fine for files only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailConfig {
    pub backend: EmailBackend,
    pub from: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailBackend {
    File { outbox: std::path::PathBuf },
    Ses { configuration_set: Option<String> },
}

impl EmailConfig {
    fn from_env() -> Result<Self, ConfigError> {
        let backend = match optional("EMAIL_BACKEND").as_deref() {
            None | Some("file") => EmailBackend::File {
                outbox: optional("EMAIL_OUTBOX")
                    .unwrap_or_else(|| ".local/outbox".into())
                    .into(),
            },
            Some("ses") => EmailBackend::Ses {
                configuration_set: optional("SES_CONFIGURATION_SET").filter(|set| !set.is_empty()),
            },
            Some(_) => return Err(ConfigError::Invalid("EMAIL_BACKEND", "expected ses or file")),
        };
        let from = optional("EMAIL_FROM").unwrap_or_else(|| "Snip <no-reply@localhost>".into());
        // One address, maybe with a display name; no line breaks (it becomes a header).
        let address = from
            .rsplit_once('<')
            .map_or(from.as_str(), |(_, rest)| rest.trim_end_matches('>'));
        if from.contains(['\r', '\n']) || !address.contains('@') {
            return Err(ConfigError::Invalid(
                "EMAIL_FROM",
                "expected an address, as Name <a@b> or a@b",
            ));
        }
        Ok(Self { backend, from })
    }
}

/// A value that never shows in a `Debug` (a logged or printed `Config`).
#[derive(Clone)]
struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// At most `max` failed attempts in a window of `window` seconds opened by the first one.
/// Written `5/15m` in the environment (`s`, `m` or `h`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
    pub window: u32,
}

impl Limit {
    fn parse(text: &str) -> Option<Self> {
        let (max, window) = text.trim().split_once('/')?;
        let unit = match window.chars().last()? {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            _ => return None,
        };
        let amount: u32 = window[..window.len() - 1].parse().ok()?;
        let limit = Self {
            max: max.parse().ok()?,
            window: amount.checked_mul(unit)?,
        };
        (limit.max > 0 && limit.window > 0).then_some(limit)
    }

    /// The window as people read it: "15 minutes", "1 hour".
    pub fn window_text(&self) -> String {
        match self.window {
            w if w % 3600 == 0 => plural(w / 3600, "hour"),
            w if w % 60 == 0 => plural(w / 60, "minute"),
            w => plural(w, "second"),
        }
    }
}

fn plural(n: u32, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// The three sign-in limits (README, "Sign in"). Failures are counted per account and client
/// address, so that a lock-out from one address leaves the owner free elsewhere; per address,
/// across accounts, against password spraying; and per account across all addresses, looser,
/// against a guess spread over many addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInLimits {
    /// `SIGN_IN_LIMIT_ACCOUNT_ADDRESS`, default `5/15m`.
    pub per_account_and_address: Limit,
    /// `SIGN_IN_LIMIT_ADDRESS`, default `50/15m`.
    pub per_address: Limit,
    /// `SIGN_IN_LIMIT_ACCOUNT`, default `100/1h`.
    pub per_account: Limit,
}

impl Default for SignInLimits {
    fn default() -> Self {
        Self {
            per_account_and_address: Limit {
                max: 5,
                window: 15 * 60,
            },
            per_address: Limit {
                max: 50,
                window: 15 * 60,
            },
            per_account: Limit {
                max: 100,
                window: 3600,
            },
        }
    }
}

impl SignInLimits {
    fn from_env() -> Result<Self, ConfigError> {
        let defaults = Self::default();
        let limit = |name: &'static str, default: Limit| match optional(name) {
            None => Ok(default),
            Some(text) => {
                Limit::parse(&text).ok_or(ConfigError::Invalid(name, "expected failures/window, e.g. 5/15m"))
            }
        };
        Ok(Self {
            per_account_and_address: limit(
                "SIGN_IN_LIMIT_ACCOUNT_ADDRESS",
                defaults.per_account_and_address,
            )?,
            per_address: limit("SIGN_IN_LIMIT_ADDRESS", defaults.per_address)?,
            per_account: limit("SIGN_IN_LIMIT_ACCOUNT", defaults.per_account)?,
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("environment variable {0} is required")]
    Missing(&'static str),
    #[error("environment variable {0} is invalid: {1}")]
    Invalid(&'static str, &'static str),
}

impl Config {
    /// Reads and checks every setting; a refusal is logged (naming the variable) before it
    /// is returned, so init fails with the reason in the function's log.
    pub fn from_env() -> Result<Self, ConfigError> {
        let config = Self::parse().inspect_err(|error| {
            tracing::error!(error = %error, "configuration refused: the function cannot start");
        })?;
        crate::assets::install_static_url(&config.static_url);
        crate::cookies::install_secure(config.secure_cookies);
        Ok(config)
    }

    fn parse() -> Result<Self, ConfigError> {
        let hops = match optional("TRUSTED_PROXY_HOPS") {
            None => 0,
            Some(value) => value
                .parse()
                .map_err(|_| ConfigError::Invalid("TRUSTED_PROXY_HOPS", "expected a small number"))?,
        };
        let after_response_deadline = match optional("AFTER_RESPONSE_DEADLINE_MS") {
            None => DEFAULT_AFTER_RESPONSE_DEADLINE,
            Some(value) => value
                .parse::<u64>()
                .ok()
                .filter(|ms| (1..=8_000).contains(ms))
                .map(Duration::from_millis)
                .ok_or(ConfigError::Invalid(
                    "AFTER_RESPONSE_DEADLINE_MS",
                    "expected milliseconds, 1 to 8000",
                ))?,
        };
        let api_rate_limit = match optional("API_RATE_LIMIT") {
            None => DEFAULT_API_RATE_LIMIT,
            Some(value) => value
                .parse::<u32>()
                .ok()
                .filter(|limit| (1..=1_000_000).contains(limit))
                .ok_or(ConfigError::Invalid(
                    "API_RATE_LIMIT",
                    "expected requests a minute, 1 to 1000000",
                ))?,
        };
        Ok(Self {
            static_url: static_url(optional("STATIC_URL"))?,
            api_rate_limit,
            secure_cookies: flag("SECURE_COOKIES", true)?,
            tls_native_roots: flag("TLS_NATIVE_ROOTS", false)?,
            table_name: required("TABLE_NAME")?,
            after_response_deadline,
            public_url: optional("PUBLIC_URL").map(|url| url.trim_end_matches('/').to_string()),
            trusted_proxy_hops: hops,
            anonymize_ips: flag("ANONYMIZE_IPS", true)?,
            trust_cdn_headers: flag("TRUST_CDN_HEADERS", false)?,
            region: optional("AWS_REGION"),
            sign_in_limits: SignInLimits::from_env()?,
            email: EmailConfig::from_env()?,
            secret_key: optional("SECRET_KEY").map(Secret),
        })
    }

    /// The key that signs tokens the app hands out and takes back (`SECRET_KEY`, at least 32
    /// characters). Only functions that sign anything ask for it.
    pub fn secret_key(&self) -> Result<Vec<u8>, ConfigError> {
        let key = self
            .secret_key
            .as_ref()
            .map(|secret| secret.0.as_str())
            .ok_or(ConfigError::Missing("SECRET_KEY"))?;
        if key.len() < 32 {
            return Err(ConfigError::Invalid("SECRET_KEY", "at least 32 characters"));
        }
        Ok(key.as_bytes().to_vec())
    }
}

/// `true` or `false` (any case), or `default` when unset.
fn flag(name: &'static str, default: bool) -> Result<bool, ConfigError> {
    match optional(name) {
        None => Ok(default),
        Some(value) if value.eq_ignore_ascii_case("true") => Ok(true),
        Some(value) if value.eq_ignore_ascii_case("false") => Ok(false),
        Some(_) => Err(ConfigError::Invalid(name, "expected true or false")),
    }
}

/// `/static/`, `/assets/` or `https://cdn.example.com/static/` (a missing final `/` is added).
fn static_url(value: Option<String>) -> Result<String, ConfigError> {
    let invalid = ConfigError::Invalid("STATIC_URL", "expected a path like /static/ or an https:// URL");
    let mut url = value.unwrap_or_else(|| crate::assets::ROUTE_PREFIX.to_string());
    if !url.ends_with('/') {
        url.push('/');
    }
    // Visible ASCII without quotes, commas, semicolons or backslashes: safe in an HTML
    // attribute and as one CSP source.
    let safe = url
        .bytes()
        .all(|b| b.is_ascii_graphic() && !b"\"'`,;<>\\".contains(&b));
    let shaped = match url.split_once("://") {
        Some((scheme, rest)) => {
            (scheme == "https" || scheme == "http")
                && rest.split('/').next().is_some_and(|host| !host.is_empty())
        }
        None => url.starts_with('/') && !url.starts_with("//"),
    };
    if safe && shaped { Ok(url) } else { Err(invalid) }
}

fn optional(name: &'static str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn required(name: &'static str) -> Result<String, ConfigError> {
    optional(name).ok_or(ConfigError::Missing(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_urls_are_paths_or_web_urls_safe_in_a_header() {
        let parsed = |v: &str| static_url(Some(v.to_string())).ok();
        assert_eq!(static_url(None).unwrap(), "/static/");
        assert_eq!(parsed("/assets").as_deref(), Some("/assets/"));
        assert_eq!(
            parsed("https://cdn.example.com/static/").as_deref(),
            Some("https://cdn.example.com/static/")
        );
        for bad in [
            "static/",
            "//cdn.example.com/",
            "ftp://cdn.example.com/",
            "https:///static/",
            "https://cdn.example.com/ 'unsafe-inline'",
            "https://cdn.example.com/;script-src *",
            "/static/\"onload=\"x",
        ] {
            assert_eq!(parsed(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_secret_never_shows_in_debug() {
        let secret = Secret("a-very-secret-signing-key-0123456789".into());
        assert_eq!(format!("{secret:?}"), "<redacted>");
    }

    #[test]
    fn limits_read_as_failures_per_window() {
        assert_eq!(Limit::parse("5/15m"), Some(Limit { max: 5, window: 900 }));
        assert_eq!(
            Limit::parse("100/1h"),
            Some(Limit {
                max: 100,
                window: 3600
            })
        );
        assert_eq!(Limit::parse(" 3/90s "), Some(Limit { max: 3, window: 90 }));
        for bad in [
            "",
            "5",
            "5/",
            "5/15",
            "0/15m",
            "5/0m",
            "x/15m",
            "5/15d",
            "5/99999999h",
        ] {
            assert_eq!(Limit::parse(bad), None, "{bad}");
        }
        assert_eq!(Limit { max: 5, window: 900 }.window_text(), "15 minutes");
        assert_eq!(Limit { max: 5, window: 3600 }.window_text(), "1 hour");
    }
}
