//! CSRF protection for every state-changing form, signed in or not (the sign-in form too).
//!
//! Double-submit token: a random token lives in a cookie (`__Host-csrf` in production, so no
//! sibling subdomain can plant one) and in a hidden `csrf_token` input of each form; a POST
//! is accepted only when both are present and equal (compared in constant time). On top,
//! browsers that say where a request comes from (`Sec-Fetch-Site`, `Origin`) must say "this
//! site". The token is rotated on sign-in and sign-out. No database round trip is needed.

use lambda_http::Request;
use lambda_http::http::header;

use crate::cookies::{self, CookieName};
use crate::error::{Error, Result};

pub const FORM_FIELD: &str = "csrf_token";
const TOKEN_BYTES: usize = 32;
const REFUSED: &str =
    "This form has expired or did not come from this site. Go back, reload the page and try again.";

/// A token to put into the forms of a page. `set_cookie` says whether the response must
/// (re)issue the cookie, because the browser had none or it is being rotated.
#[derive(Clone)]
pub struct CsrfToken {
    value: String,
    pub set_cookie: bool,
}

impl std::fmt::Debug for CsrfToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsrfToken(<redacted>)")
    }
}

impl CsrfToken {
    /// The browser's current token, or a new one.
    pub fn for_page(request: &Request) -> Self {
        match cookies::get(request, CookieName::Csrf).filter(|v| is_well_formed(v)) {
            Some(value) => Self {
                value,
                set_cookie: false,
            },
            None => Self::fresh(),
        }
    }

    /// A new token, replacing any the browser has (sign-in, sign-out).
    pub fn fresh() -> Self {
        Self {
            value: crate::random_hex(TOKEN_BYTES),
            set_cookie: true,
        }
    }

    /// For the hidden input of a form.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The `Set-Cookie` value when the cookie must be (re)issued.
    pub fn cookie(&self) -> Option<String> {
        self.set_cookie
            .then(|| cookies::build(CookieName::Csrf, &self.value, None))
    }
}

/// Refuses a state-changing request that does not carry this browser's token, or that the
/// browser says comes from another site. Nothing has been read or written yet when it fails.
pub fn verify(request: &Request, submitted: Option<&str>) -> Result<()> {
    let headers = request.headers();
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if site.is_some_and(|s| s != "same-origin" && s != "none") {
        return Err(Error::Forbidden(REFUSED));
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let origin_host = origin.split_once("://").map_or("", |(_, rest)| rest);
        if origin == "null" || origin_host != host {
            return Err(Error::Forbidden(REFUSED));
        }
    }
    let cookie = cookies::get(request, CookieName::Csrf);
    match (cookie, submitted) {
        (Some(cookie), Some(submitted))
            if is_well_formed(&cookie) && constant_time_eq(&cookie, submitted) =>
        {
            Ok(())
        }
        _ => Err(Error::Forbidden(REFUSED)),
    }
}

fn is_well_formed(token: &str) -> bool {
    token.len() == TOKEN_BYTES * 2 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Equal in a time that does not depend on where the two first differ.
fn constant_time_eq(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(cookie: Option<&str>, headers: &[(&str, &str)]) -> Request {
        let mut builder = lambda_http::http::Request::builder()
            .method("POST")
            .header("host", "snip.test");
        if let Some(token) = cookie {
            builder = builder.header("cookie", format!("{}={token}", CookieName::Csrf.as_str()));
        }
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(lambda_http::Body::Empty).unwrap()
    }

    #[test]
    fn a_matching_token_from_this_site_passes() {
        let token = CsrfToken::fresh();
        let request = post(
            Some(token.value()),
            &[("sec-fetch-site", "same-origin"), ("origin", "https://snip.test")],
        );
        assert!(verify(&request, Some(token.value())).is_ok());
    }

    #[test]
    fn missing_wrong_or_cross_site_tokens_are_refused() {
        let token = CsrfToken::fresh();
        let other = CsrfToken::fresh();
        assert!(verify(&post(None, &[]), Some(token.value())).is_err());
        assert!(verify(&post(Some(token.value()), &[]), None).is_err());
        assert!(verify(&post(Some(token.value()), &[]), Some(other.value())).is_err());
        assert!(verify(&post(Some("short"), &[]), Some("short")).is_err());
        let cross_site = post(Some(token.value()), &[("sec-fetch-site", "cross-site")]);
        assert!(verify(&cross_site, Some(token.value())).is_err());
        let other_origin = post(Some(token.value()), &[("origin", "https://evil.test")]);
        assert!(verify(&other_origin, Some(token.value())).is_err());
    }

    #[test]
    fn tokens_never_show_in_debug_output() {
        let token = CsrfToken::fresh();
        assert!(!format!("{token:?}").contains(token.value()));
    }
}
