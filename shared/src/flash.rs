//! One-time confirmations ("Link created", "Saved", "Deleted") that survive the redirect after
//! a form: a short-lived cookie naming one of a fixed set of messages (never text from the
//! request, so nothing can be injected), shown once by the next HTML page in its
//! [`SLOT`] and cleared in the same response. No server-side write: a session item is not
//! touched for it.

use std::time::Duration;

use lambda_http::http::header::{self, HeaderValue};
use lambda_http::{Body, Request, Response};

use crate::cookies::{self, CookieName};

/// Where `base.html` shows a confirmation; replaced by it, or by nothing.
pub const SLOT: &str = "<!--flash-->";
/// Long enough for the redirect it rides on, short enough not to surprise later.
const LIFETIME: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flash {
    LinkCreated,
    Saved,
    Deleted,
    TokenRevoked,
    PasswordChanged,
    EmailChanged,
    PasswordReset,
    AccountDeleted,
}

impl Flash {
    const ALL: [Flash; 8] = [
        Flash::LinkCreated,
        Flash::Saved,
        Flash::Deleted,
        Flash::TokenRevoked,
        Flash::PasswordChanged,
        Flash::EmailChanged,
        Flash::PasswordReset,
        Flash::AccountDeleted,
    ];

    fn code(self) -> &'static str {
        match self {
            Flash::LinkCreated => "created",
            Flash::Saved => "saved",
            Flash::Deleted => "deleted",
            Flash::TokenRevoked => "revoked",
            Flash::PasswordChanged => "password",
            Flash::EmailChanged => "email",
            Flash::PasswordReset => "reset",
            Flash::AccountDeleted => "account-deleted",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Flash::LinkCreated => "Link created.",
            Flash::Saved => "Saved.",
            Flash::Deleted => "Deleted.",
            Flash::TokenRevoked => "Token revoked: it no longer works.",
            Flash::PasswordChanged => {
                "Password changed. Every other browser signed in to your account is signed out."
            }
            Flash::EmailChanged => "Email address changed.",
            Flash::PasswordReset => "Your password is set. Sign in with it.",
            Flash::AccountDeleted => {
                "Your account is deleted. Its short links no longer work, and everything of it is being removed."
            }
        }
    }

    /// Sets it on `response` (a redirect), for the page it leads to.
    pub fn on(self, mut response: Response<Body>) -> Response<Body> {
        let cookie = cookies::build(CookieName::Flash, self.code(), Some(LIFETIME));
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
        response
    }

    /// The confirmation the request carries, if it names one.
    pub fn of(request: &Request) -> Option<Self> {
        let code = cookies::get(request, CookieName::Flash)?;
        Flash::ALL.into_iter().find(|flash| flash.code() == code)
    }
}

/// Shows `flash` in an HTML page's [`SLOT`] and clears its cookie; a page without the slot
/// (an error, a redirect) leaves it for the next one.
pub fn show(response: &mut Response<Body>, flash: Option<Flash>) {
    let Body::Text(html) = response.body_mut() else {
        return;
    };
    if !html.contains(SLOT) {
        return;
    }
    let shown = flash.map_or(String::new(), |flash| {
        format!(
            r#"<div class="alert alert-success flash" role="status">{}</div>"#,
            flash.message()
        )
    });
    *html = html.replacen(SLOT, &shown, 1);
    if flash.is_some()
        && let Ok(value) = HeaderValue::from_str(&cookies::removal(CookieName::Flash))
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}
