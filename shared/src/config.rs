//! Settings read once from the environment at cold start.

/// What the functions need to know about their deployment.
#[derive(Debug, Clone)]
pub struct Config {
    /// The single DynamoDB table (`TABLE_NAME`, set by `template.yaml`).
    pub table_name: String,
    /// Base URL of short links (`PUBLIC_URL`, e.g. `https://snip.example`). Unset: the
    /// scheme and host the request arrived with.
    pub public_url: Option<String>,
    /// How many proxies in front of API Gateway are trusted to set `X-Forwarded-For`
    /// (`TRUSTED_PROXY_HOPS`, default 0: the header is ignored and the connection's address
    /// is the client's).
    pub trusted_proxy_hops: usize,
    /// `AWS_REGION`, which Lambda sets (part of the HTTP API's `execute-api` host name).
    pub region: Option<String>,
    secret_key: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("environment variable {0} is required")]
    Missing(&'static str),
    #[error("environment variable {0} is invalid: {1}")]
    Invalid(&'static str, &'static str),
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let hops = match optional("TRUSTED_PROXY_HOPS") {
            None => 0,
            Some(value) => value
                .parse()
                .map_err(|_| ConfigError::Invalid("TRUSTED_PROXY_HOPS", "expected a small number"))?,
        };
        Ok(Self {
            table_name: required("TABLE_NAME")?,
            public_url: optional("PUBLIC_URL").map(|url| url.trim_end_matches('/').to_string()),
            trusted_proxy_hops: hops,
            region: optional("AWS_REGION"),
            secret_key: optional("SECRET_KEY"),
        })
    }

    /// The key that signs tokens the app hands out and takes back (`SECRET_KEY`, at least 32
    /// characters). Only functions that sign anything ask for it.
    pub fn secret_key(&self) -> Result<Vec<u8>, ConfigError> {
        let key = self
            .secret_key
            .as_deref()
            .ok_or(ConfigError::Missing("SECRET_KEY"))?;
        if key.len() < 32 {
            return Err(ConfigError::Invalid("SECRET_KEY", "at least 32 characters"));
        }
        Ok(key.as_bytes().to_vec())
    }
}

fn optional(name: &'static str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn required(name: &'static str) -> Result<String, ConfigError> {
    optional(name).ok_or(ConfigError::Missing(name))
}
