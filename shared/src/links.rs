//! Routes of the `links` function: the public home page `/`, the static assets under
//! `/static/`, and the signed-in user's links under `/links/`.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

use crate::assets;
use crate::error::{Error, Result};
use crate::pages::HomePage;
use crate::web;

#[tracing::instrument(name = "links", skip_all, fields(method = %request.method(), path = request.uri().path()))]
pub async fn handle(request: Request) -> Result<Response<Body>> {
    let path = request.uri().path();
    if path.starts_with(assets::ROUTE_PREFIX) {
        return assets::serve(&request);
    }
    match path {
        "/" => {
            Error::only_get_head(request.method())?;
            web::html(StatusCode::OK, &HomePage { user: None })
        }
        // Link management (`/links/...`) arrives with the links issue; until then these
        // paths do not exist.
        _ => Err(Error::NotFound),
    }
}
