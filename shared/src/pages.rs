//! Page types shared by every function: the home page and the branded error pages. Each
//! struct renders one template under `templates/`; all of them extend `base.html`.

use askama::Template;

use crate::error::Error;

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage;

/// 404 and 500 have their own templates (the pages people meet most); the other statuses
/// share `error.html`. None of them shows the path asked for, a source error or a trace.
pub fn render_error(error: &Error) -> askama::Result<String> {
    let title = match error {
        Error::NotFound => return NotFoundPage.render(),
        Error::Internal(_) => return ServerErrorPage.render(),
        Error::MethodNotAllowed { .. } => "Method Not Allowed",
        Error::BadRequest(_) => "Bad Request",
        Error::Forbidden(_) => "Forbidden",
        Error::Unavailable(_) => "Service Unavailable",
    };
    GenericErrorPage {
        status: error.status().as_u16(),
        title,
        message: error.public_message(),
    }
    .render()
}

#[derive(Template)]
#[template(path = "404.html")]
struct NotFoundPage;

#[derive(Template)]
#[template(path = "500.html")]
struct ServerErrorPage;

#[derive(Template)]
#[template(path = "error.html")]
struct GenericErrorPage<'a> {
    status: u16,
    title: &'static str,
    message: &'a str,
}
