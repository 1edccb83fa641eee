//! The app's cookies: names, flags and parsing, in one place.
//!
//! Every cookie is `HttpOnly; SameSite=Lax; Path=/`, and in production `Secure` with the
//! `__Host-` prefix, which browsers accept only from HTTPS, for the whole host, with no
//! `Domain`. `SECURE_COOKIES=false` drops both for local http (the run and test scripts set it).

use std::sync::OnceLock;
use std::time::Duration;

use cookie::{Cookie, SameSite};
use lambda_http::Request;
use lambda_http::http::header;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieName {
    Session,
    Csrf,
    /// A one-time confirmation for the next page (`flash`).
    Flash,
}

impl CookieName {
    pub fn as_str(self) -> &'static str {
        match (self, secure()) {
            (CookieName::Session, true) => "__Host-session",
            (CookieName::Session, false) => "session",
            (CookieName::Csrf, true) => "__Host-csrf",
            (CookieName::Csrf, false) => "csrf",
            (CookieName::Flash, true) => "__Host-flash",
            (CookieName::Flash, false) => "flash",
        }
    }
}

static SECURE: OnceLock<bool> = OnceLock::new();

/// Sets whether cookies are `Secure`, once, at init (`Config::from_env`).
pub fn install_secure(secure: bool) {
    let _ = SECURE.set(secure);
}

/// Whether cookies are marked `Secure`: as installed at init, else yes.
pub fn secure() -> bool {
    SECURE.get().copied().unwrap_or(true)
}

/// The value of cookie `name` in the request, if any.
pub fn get(request: &Request, name: CookieName) -> Option<String> {
    request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| Cookie::split_parse(value.to_string()))
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name.as_str())
        .map(|cookie| cookie.value().to_string())
}

/// A `Set-Cookie` value. `max_age: None` makes a browser-session cookie.
pub fn build(name: CookieName, value: &str, max_age: Option<Duration>) -> String {
    let mut cookie = Cookie::build((name.as_str(), value.to_string()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure());
    if let Some(age) = max_age {
        cookie = cookie.max_age(cookie::time::Duration::seconds(age.as_secs() as i64));
    }
    cookie.build().to_string()
}

/// A `Set-Cookie` value that deletes the cookie.
pub fn removal(name: CookieName) -> String {
    build(name, "", Some(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_carry_the_protective_flags() {
        let value = build(CookieName::Session, "abc", Some(Duration::from_secs(60)));
        for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=60"] {
            assert!(value.contains(flag), "{value} lacks {flag}");
        }
        assert!(removal(CookieName::Csrf).contains("Max-Age=0"));
    }

    #[test]
    fn cookies_are_read_from_a_combined_header() {
        let name = CookieName::Csrf.as_str();
        let request = lambda_http::http::Request::builder()
            .header("cookie", format!("other=1; {name}=token; x=y"))
            .body(lambda_http::Body::Empty)
            .unwrap();
        assert_eq!(get(&request, CookieName::Csrf).as_deref(), Some("token"));
        assert_eq!(get(&request, CookieName::Session), None);
    }
}
