//! `GET|HEAD /health/`: what load balancers, Route 53 and the synthetic canary poll.
//!
//! 200 `{"status": "healthy", "database": "connected", ...}` when the table answers a cheap
//! read within [`CHECK_TIMEOUT`], otherwise 503 `{"status": "unhealthy", "database":
//! "disconnected", ...}`. Both also carry `version` and `check_ms` for operators, and are
//! never cached. Nothing is kept between checks, so the first check after the database comes
//! back is healthy again.

use std::future::Future;
use std::time::{Duration, Instant};

use lambda_http::http::StatusCode;
use lambda_http::http::header::{self, HeaderValue};
use lambda_http::{Body, Request, Response};
use serde_json::json;

use crate::db::keys::{self, Grant};
use crate::error::{BoxError, Error, Result};
use crate::web;

/// Monitors give up after 2 s; the check answers 503 well before that.
pub const CHECK_TIMEOUT: Duration = Duration::from_millis(1000);

/// What [`DatabaseProbe`] needs in the table: its one sentinel read.
pub const GRANTS: &[Grant] = &[Grant::on("GetItem", &[keys::HEALTH])];

/// The one thing health needs from the database.
pub trait DatabaseProbe {
    fn probe(&self) -> impl Future<Output = Result<(), BoxError>> + Send;
}

pub struct Health<D> {
    database: D,
    timeout: Duration,
}

impl<D: DatabaseProbe + Sync> Health<D> {
    pub fn new(database: D) -> Self {
        Self {
            database,
            timeout: CHECK_TIMEOUT,
        }
    }

    #[tracing::instrument(name = "health", skip_all)]
    pub async fn handle(&self, request: Request) -> Result<Response<Body>> {
        if request.uri().path() != "/health/" {
            return Err(Error::NotFound);
        }
        Error::only_get_head(request.method())?;
        let started = Instant::now();
        let outcome = tokio::time::timeout(self.timeout, self.database.probe()).await;
        let check_ms = started.elapsed().as_millis() as u64;
        let healthy = match outcome {
            Ok(Ok(())) => true,
            Ok(Err(error)) => {
                tracing::error!(error = %error, check_ms, "health check failed: database unreachable");
                false
            }
            Err(_) => {
                tracing::error!(check_ms, "health check failed: database did not answer in time");
                false
            }
        };
        let (status, body) = if healthy {
            tracing::debug!(check_ms, "health check passed");
            (
                StatusCode::OK,
                json!({ "status": "healthy", "database": "connected" }),
            )
        } else {
            (
                StatusCode::SERVICE_UNAVAILABLE,
                json!({ "status": "unhealthy", "database": "disconnected" }),
            )
        };
        let mut body = body;
        body["version"] = env!("CARGO_PKG_VERSION").into();
        body["check_ms"] = check_ms.into();
        let mut response = web::json(status, &body);
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        Ok(response)
    }
}
