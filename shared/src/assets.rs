//! Static files, published at build time by `build.rs` and embedded in the binary.
//!
//! Templates link an asset by its logical name with `asset!("css/app.css")`, which expands to
//! its hashed URL (a build error for an unknown name). [`serve`] answers
//! `GET|HEAD /static/<hashed name>` with immutable caching, the best encoding the client
//! accepts, and a strong `ETag`. `STATIC_URL` moves the public URLs to a CDN; `cargo xtask
//! export-static DIR` writes the same files and manifest for uploading there.

use std::fmt;
use std::sync::OnceLock;

use lambda_http::http::header::{self, HeaderValue};
use lambda_http::http::{Method, StatusCode};
use lambda_http::{Body, Request, Response};

use crate::error::{Error, Result};

/// Where requests for assets arrive in this app.
pub const ROUTE_PREFIX: &str = "/static/";

/// One published file and its precompressed variants.
#[derive(Debug)]
pub struct Asset {
    /// Path under `static/`, as templates name it.
    pub logical: &'static str,
    /// The content-hashed path it is served at, below the static URL.
    pub hashed: &'static str,
    pub content_type: &'static str,
    /// Strong validator of the identity bytes; variants append their coding.
    pub etag: &'static str,
    pub identity: &'static [u8],
    pub gzip: Option<&'static [u8]>,
    pub br: Option<&'static [u8]>,
}

include!(concat!(env!("OUT_DIR"), "/assets.rs"));
// Path access for templates: `crate::assets::asset!("css/app.css")`.
pub(crate) use asset;

/// The public URL of an asset: its hashed path below `STATIC_URL` (default `/static/`).
#[derive(Debug, Clone, Copy)]
pub struct AssetUrl(pub &'static str);

impl fmt::Display for AssetUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", static_url(), self.0)
    }
}

static STATIC_URL: OnceLock<String> = OnceLock::new();

/// Sets the base URL of published assets, once, at init (`Config::from_env`, which has
/// checked it).
pub fn install_static_url(url: &str) {
    let _ = STATIC_URL.set(url.to_string());
}

/// The base URL of published assets, always ending in `/`: `STATIC_URL` as installed at
/// init, or `/static/` where nothing installed one (tools, unit tests).
pub fn static_url() -> &'static str {
    STATIC_URL.get().map_or(ROUTE_PREFIX, String::as_str)
}

/// The CDN origin when `STATIC_URL` is absolute (`https://cdn.example.com/static/` →
/// `https://cdn.example.com`), for the content security policy.
pub fn static_origin() -> Option<&'static str> {
    let url = static_url();
    let scheme_end = url.find("://")? + 3;
    let host_end = url[scheme_end..].find('/').map_or(url.len(), |i| scheme_end + i);
    Some(&url[..host_end])
}

pub fn find(hashed: &str) -> Option<&'static Asset> {
    ASSETS
        .binary_search_by(|a| a.hashed.cmp(hashed))
        .ok()
        .map(|i| &ASSETS[i])
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coding {
    Brotli,
    Gzip,
    Identity,
}

/// Serves `/static/<hashed name>`. Only exact hashed names exist: anything else, including
/// `..`, encoded slashes or an unhashed name, is a 404 (there is no filesystem behind this).
#[tracing::instrument(level = "debug", skip_all, fields(path = request.uri().path()))]
pub fn serve(request: &Request) -> Result<Response<Body>> {
    let name = request
        .uri()
        .path()
        .strip_prefix(ROUTE_PREFIX)
        .ok_or(Error::NotFound)?;
    let asset = find(name).ok_or(Error::NotFound)?;
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return Err(Error::MethodNotAllowed { allow: "GET, HEAD" });
    }
    let accept = request
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok());
    let (coding, bytes) = choose(asset, accept.unwrap_or(""));
    let etag = match coding {
        Coding::Brotli => format!("{}-br\"", &asset.etag[..asset.etag.len() - 1]),
        Coding::Gzip => format!("{}-gz\"", &asset.etag[..asset.etag.len() - 1]),
        Coding::Identity => asset.etag.to_string(),
    };
    let not_modified = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| etag_matches(tags, &etag));

    let mut builder = Response::builder()
        .header(header::CACHE_CONTROL, "public, max-age=31536000, immutable")
        .header(header::VARY, "Accept-Encoding")
        .header(header::ETAG, &etag);
    let body = if not_modified {
        builder = builder.status(StatusCode::NOT_MODIFIED);
        Body::Empty
    } else {
        builder = builder.header(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
        if let Some(encoding) = match coding {
            Coding::Brotli => Some("br"),
            Coding::Gzip => Some("gzip"),
            Coding::Identity => None,
        } {
            builder = builder.header(header::CONTENT_ENCODING, encoding);
        }
        Body::Binary(bytes.to_vec())
    };
    builder.body(body).map_err(Error::internal)
}

/// Picks brotli, then gzip, then identity, among the variants that exist and that the
/// client's `Accept-Encoding` allows (q-values honoured, `*` covering unnamed codings).
fn choose(asset: &Asset, accept_encoding: &str) -> (Coding, &'static [u8]) {
    let accepts = |coding: &str| crate::web::accepts_coding(accept_encoding, coding);
    match (asset.br, asset.gzip) {
        (Some(br), _) if accepts("br") => (Coding::Brotli, br),
        (_, Some(gzip)) if accepts("gzip") => (Coding::Gzip, gzip),
        _ => (Coding::Identity, asset.identity),
    }
}

/// `If-None-Match` uses the weak comparison: `W/` prefixes are ignored, `*` matches all.
fn etag_matches(if_none_match: &str, etag: &str) -> bool {
    if_none_match
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stylesheet() -> &'static Asset {
        ASSETS
            .iter()
            .find(|a| a.logical == "css/app.css")
            .expect("css/app.css is published")
    }

    #[test]
    fn hashed_names_carry_twelve_hex_digits_before_the_extension() {
        let name = stylesheet().hashed;
        let hash = name
            .strip_prefix("css/app.")
            .and_then(|n| n.strip_suffix(".css"))
            .unwrap();
        assert_eq!(hash.len(), 12);
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn encoding_follows_preference_and_q_values() {
        let css = stylesheet();
        assert_eq!(choose(css, "gzip, deflate, br").0, Coding::Brotli);
        assert_eq!(choose(css, "gzip").0, Coding::Gzip);
        assert_eq!(choose(css, "br;q=0, gzip").0, Coding::Gzip);
        assert_eq!(choose(css, "*").0, Coding::Brotli);
        assert_eq!(choose(css, "*;q=0").0, Coding::Identity);
        assert_eq!(choose(css, "").0, Coding::Identity);
        assert_eq!(choose(css, "identity").0, Coding::Identity);
    }

    #[test]
    fn fonts_are_not_recompressed() {
        let font = ASSETS.iter().find(|a| a.logical.ends_with(".woff2")).unwrap();
        assert!(font.br.is_none() && font.gzip.is_none());
        assert_eq!(font.content_type, "font/woff2");
    }

    #[test]
    fn css_references_point_at_hashed_fonts() {
        let icons = ASSETS
            .iter()
            .find(|a| a.logical.ends_with("bootstrap-icons.min.css"))
            .unwrap();
        let css = std::str::from_utf8(icons.identity).unwrap();
        let font = ASSETS.iter().find(|a| a.logical.ends_with(".woff2")).unwrap();
        let hashed_file = font.hashed.rsplit('/').next().unwrap();
        assert!(
            css.contains(&format!("url(\"fonts/{hashed_file}\")")),
            "{}",
            &css[..300]
        );
        assert!(!css.contains("sourceMappingURL"));
    }

    #[test]
    fn etags_match_weakly_and_by_list() {
        assert!(etag_matches("\"a\", \"b\"", "\"b\""));
        assert!(etag_matches("W/\"b\"", "\"b\""));
        assert!(etag_matches("*", "\"b\""));
        assert!(!etag_matches("\"a\"", "\"b\""));
    }
}
