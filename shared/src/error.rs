//! The one error type every handler returns. `web` turns it into the branded HTML page or a
//! JSON body: this is the only place a failure becomes a status code, and the only place
//! that decides what a user may see of it (never a source error, an internal name or a path).

use lambda_http::http::StatusCode;

pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    /// `allow` is the `Allow` header value: the methods the resource does answer.
    #[error("method not allowed")]
    MethodNotAllowed { allow: &'static str },
    /// The message is shown to the user, so it must say what was wrong with *their* input.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The message is shown to the user (e.g. why a form submission was refused).
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// A short link past its `valid_until`: it was there, and is switched off.
    #[error("gone")]
    Gone,
    /// No credentials, or ones that name nobody (the API answers it with
    /// `WWW-Authenticate: Bearer`). The message is shown.
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    /// The request conflicts with what is stored. The message is shown.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A body in a format the resource does not take.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// Well-formed but invalid: what is wrong, and each field with its message (shown).
    #[error("unprocessable: {detail}")]
    Unprocessable {
        detail: String,
        fields: Vec<(String, String)>,
    },
    /// Over a rate limit; `retry_after` seconds until the next window.
    #[error("too many requests")]
    TooManyRequests { retry_after: u64 },
    /// A request body over the limit of what it carries (`limit` in bytes), refused unread.
    #[error("payload too large (over {limit} bytes)")]
    PayloadTooLarge { limit: usize },
    /// An uploaded file over its own limits (size or rows), refused before its rows are
    /// read. The message is shown: it names the limits.
    #[error("file too large: {0}")]
    FileTooLarge(&'static str),
    /// A dependency (the database) did not answer in time; retrying later may work.
    #[error("service unavailable")]
    Unavailable(#[source] BoxError),
    #[error("internal error")]
    Internal(#[source] BoxError),
}

impl Error {
    pub fn status(&self) -> StatusCode {
        match self {
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::Gone => StatusCode::GONE,
            Error::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Error::Conflict(_) => StatusCode::CONFLICT,
            Error::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Error::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::PayloadTooLarge { .. } | Error::FileTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Error::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the user is told, in one sentence.
    pub fn public_message(&self) -> &str {
        match self {
            Error::NotFound => "The page you asked for does not exist or has been removed.",
            Error::MethodNotAllowed { .. } => "This address does not accept that kind of request.",
            Error::BadRequest(message) => message,
            Error::Forbidden(reason) => reason,
            Error::Gone => {
                "This link has expired. Its owner set it to stop working after a date that has passed."
            }
            Error::Unauthorized(reason) => reason,
            Error::Conflict(message) => message,
            Error::UnsupportedMediaType => "Send the body as JSON, with Content-Type: application/json.",
            Error::Unprocessable { detail, .. } => detail,
            Error::TooManyRequests { .. } => {
                "Too many requests. Wait for the time Retry-After gives, then try again."
            }
            Error::PayloadTooLarge { .. } => {
                "What you sent is far larger than this form accepts. Please shorten it and try again."
            }
            Error::FileTooLarge(message) => message,
            Error::Unavailable(_) => "The service is briefly unavailable. Please try again in a moment.",
            Error::Internal(_) => {
                "Something went wrong on our side. It has been logged and we will look into it."
            }
        }
    }

    /// Wraps any failure as an internal error, keeping it as the source for the logs.
    pub fn internal(error: impl Into<BoxError>) -> Self {
        Error::Internal(error.into())
    }

    /// The method guard every route starts with.
    pub fn only_get_head(method: &lambda_http::http::Method) -> Result<()> {
        use lambda_http::http::Method;
        if method == Method::GET || method == Method::HEAD {
            Ok(())
        } else {
            Err(Error::MethodNotAllowed { allow: "GET, HEAD" })
        }
    }
}
