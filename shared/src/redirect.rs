//! The public `redirect` function: API Gateway's default route, so it receives every path no
//! other function claims, `/{username}/{slug}/` among them. Until the links issue lands there
//! are no links to follow, and everything it receives answers the branded 404.

use lambda_http::{Body, Request, Response};

use crate::error::{Error, Result};

#[tracing::instrument(name = "redirect", skip_all, fields(method = %request.method(), path = request.uri().path()))]
pub async fn handle(request: Request) -> Result<Response<Body>> {
    Err(Error::NotFound)
}
