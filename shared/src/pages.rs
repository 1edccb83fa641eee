//! Page types shared by every function: the home page and the branded error pages. Each
//! struct renders one template under `templates/`; all of them extend `base.html`.

use askama::Template;

use crate::error::Error;

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    /// The signed-in user's name, for the navigation bar (every page has it).
    pub user: Option<String>,
}

/// 404 and 500 have their own templates (the pages people meet most); the other statuses
/// share `error.html`. None of them shows the path asked for, a source error or a trace.
pub fn render_error(error: &Error) -> askama::Result<String> {
    let title = match error {
        Error::NotFound => return NotFoundPage { user: None }.render(),
        Error::Internal(_) => return ServerErrorPage { user: None }.render(),
        Error::PayloadTooLarge { .. } | Error::FileTooLarge(_) => "Request Too Large",
        Error::Gone => "This link has expired",
        other => other.status().canonical_reason().unwrap_or("Error"),
    };
    GenericErrorPage {
        user: None,
        status: error.status().as_u16(),
        title,
        message: error.public_message(),
    }
    .render()
}

#[derive(Template)]
#[template(path = "404.html")]
struct NotFoundPage {
    user: Option<String>,
}

#[derive(Template)]
#[template(path = "500.html")]
struct ServerErrorPage {
    user: Option<String>,
}

#[derive(Template)]
#[template(path = "error.html")]
struct GenericErrorPage<'a> {
    user: Option<String>,
    status: u16,
    title: &'static str,
    message: &'a str,
}
