//! HTML forms, for every function that has them: reading a submitted form (after its CSRF
//! check), the errors shown next to fields, and the cookies a form page sets.
//!
//! # Limits: the rule every form follows
//! Cheap checks first, and a failed cheap check skips the expensive ones:
//! 1. the body: a urlencoded body over [`MAX_FORM_BODY_BYTES`] is refused with a 413 before
//!    it is parsed (file uploads will carry their own limit);
//! 2. every field: its domain type's `parse` checks its length before anything else and
//!    returns at once when it fails, so similarity checks, the common-password lookup,
//!    hashing and DynamoDB only ever see bounded values. The per-field limits live beside
//!    their types (`accounts::domain`, `links::domain`).

use std::collections::BTreeMap;

use lambda_http::http::header::{self, HeaderValue};
use lambda_http::{Body, Request, RequestPayloadExt, Response};
use serde::Deserialize;

use crate::csrf;
use crate::error::{Error, Result};

/// The largest urlencoded form body read. Every form of ours fits in a fraction of it (the
/// longest, a link, is at most about 2.5 KB of text); 16 KB leaves room for encoding.
pub const MAX_FORM_BODY_BYTES: usize = 16 * 1024;

/// A submitted form, after its CSRF check: a body that cannot be read carries no token, so it
/// is refused as a forgery (403) like any other request without one. A body over
/// [`MAX_FORM_BODY_BYTES`] is refused (413) before either.
pub fn read<T: Form>(request: &Request) -> Result<T> {
    if request.body().len() > MAX_FORM_BODY_BYTES {
        return Err(Error::PayloadTooLarge {
            limit: MAX_FORM_BODY_BYTES,
        });
    }
    let form = request.payload::<T>().ok().flatten();
    csrf::verify(request, form.as_ref().map(Form::csrf_token))?;
    form.ok_or_else(|| {
        Error::BadRequest("The form could not be read. Please reload the page and try again.".into())
    })
}

/// A form struct with its `csrf_token` field (see [`form_with_token!`]).
pub trait Form: for<'de> Deserialize<'de> {
    fn csrf_token(&self) -> &str;
}

/// Implements [`Form`] for structs that have a `csrf_token: String` field.
macro_rules! form_with_token {
    ($($form:ty),*) => {$(
        impl $crate::forms::Form for $form {
            fn csrf_token(&self) -> &str {
                &self.csrf_token
            }
        }
    )*};
}
pub(crate) use form_with_token;

/// A form with nothing but its token (sign-out, delete confirmations).
#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    csrf_token: String,
}
form_with_token!(TokenForm);

/// A one-time id carried by a form that creates something (the new-link form), so that a
/// double submit (a double click, a resent POST) creates it once: the second submission
/// finds the first's result under the same id and lands on it. 128 random bits, hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormId(String);

impl FormId {
    const HEX_CHARS: usize = 32;

    pub fn generate() -> Self {
        Self(crate::random_hex(Self::HEX_CHARS / 2))
    }

    /// As the form page wrote it; anything else means an altered or outdated form.
    pub fn parse(input: &str) -> Result<Self> {
        let hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
        if input.len() == Self::HEX_CHARS && input.bytes().all(hex) {
            Ok(Self(input.to_string()))
        } else {
            Err(Error::BadRequest(
                "This form is out of date. Reload the page and submit it again.".into(),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Errors of a submitted form, by field, plus those that belong to no field.
#[derive(Debug, Default)]
pub struct FormErrors {
    by_field: BTreeMap<&'static str, Vec<String>>,
    pub general: Vec<String>,
}

impl FormErrors {
    pub fn add(&mut self, field: &'static str, message: String) {
        self.by_field.entry(field).or_default().push(message);
    }

    pub fn has(&self, field: &str) -> bool {
        self.by_field.contains_key(field)
    }

    pub fn field(&self, field: &str) -> &[String] {
        self.by_field.get(field).map_or(&[], Vec::as_slice)
    }

    pub fn is_empty(&self) -> bool {
        self.by_field.is_empty() && self.general.is_empty()
    }

    /// The names of the invalid fields (for logs: never their values).
    pub fn fields(&self) -> Vec<&'static str> {
        self.by_field.keys().copied().collect()
    }
}

/// A page with a form: `render` gets the CSRF token its form must carry (the browser's own,
/// or a new one, then set as a cookie) and renders the page (`Page { csrf, .. }.render()`),
/// which is sent with `status`.
pub fn page(
    request: &Request,
    status: lambda_http::http::StatusCode,
    render: impl FnOnce(&str) -> askama::Result<String>,
) -> Result<Response<Body>> {
    let csrf = crate::csrf::CsrfToken::for_page(request);
    let html = render(csrf.value()).map_err(Error::internal)?;
    with_cookies(crate::web::html_body(status, html), csrf.cookie())
}

pub fn with_cookies(mut response: Response<Body>, cookie: Option<String>) -> Result<Response<Body>> {
    add_cookies(&mut response, [cookie])?;
    Ok(response)
}

pub fn add_cookies<const N: usize>(
    response: &mut Response<Body>,
    cookies: [Option<String>; N],
) -> Result<()> {
    for cookie in cookies.into_iter().flatten() {
        let value = HeaderValue::from_str(&cookie).map_err(Error::internal)?;
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(())
}
