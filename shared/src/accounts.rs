//! Routes of the `accounts` function (`/accounts/...`). Registration, sign-in, sign-out and
//! the profile page arrive with the accounts issue; until then every path here is unknown.

use lambda_http::{Body, Request, Response};

use crate::error::{Error, Result};

#[tracing::instrument(name = "accounts", skip_all, fields(method = %request.method(), path = request.uri().path()))]
pub async fn handle(request: Request) -> Result<Response<Body>> {
    Err(Error::NotFound)
}
