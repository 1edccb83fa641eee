//! Routes of the `links` function: the public home page `/`, the static assets under
//! `/static/`, and the signed-in user's links under `/links/`.

use lambda_http::http::StatusCode;
use lambda_http::{Body, Request, Response};

use crate::assets;
use crate::error::{Error, Result};
use crate::pages::HomePage;
use crate::session::{self, SessionStore};
use crate::web;

pub struct Links<S> {
    store: S,
}

impl<S: SessionStore> Links<S> {
    pub fn new(store: S) -> Self {
        Self { store }
    }

    #[tracing::instrument(name = "links", skip_all, fields(method = %request.method(), path = request.uri().path()))]
    pub async fn handle(&self, request: Request) -> Result<Response<Body>> {
        let path = request.uri().path();
        // Assets first: they need no session and are the most requested paths here.
        if path.starts_with(assets::ROUTE_PREFIX) {
            return assets::serve(&request);
        }
        match path {
            "/" => {
                Error::only_get_head(request.method())?;
                let user = session::current_user(&self.store, &request, crate::now()).await?;
                web::html(
                    StatusCode::OK,
                    &HomePage {
                        user: user.map(|u| u.username),
                    },
                )
            }
            // Link management (`/links/...`) arrives with the links issue; until then these
            // paths do not exist.
            _ => Err(Error::NotFound),
        }
    }
}
