//! The public `redirect` function: API Gateway's default route, so it receives every path no
//! other function claims. `GET|HEAD /{username}/{slug}/` (trailing slash optional) sends the
//! visitor on with a `302` and counts the visit; everything else is the branded 404.
//!
//! The visitor waits for one DynamoDB round trip: a read of the target (`ClickStore::find`).
//! No session lookup, no template. The click is recorded after the response has gone
//! ([`AfterResponse`]), before the sandbox takes its next event, so it is neither on the
//! visitor's path nor lost. `Cache-Control: private, no-store` makes browsers come back
//! through here, so every click is counted.

pub mod agent;
pub mod bots;
pub mod visitor;

use std::future::Future;
use std::sync::{Arc, Mutex};

use lambda_http::http::header::{self, HeaderValue};
use lambda_http::http::{HeaderMap, Method, StatusCode};
use lambda_http::{Body, Request, Response};

use crate::accounts::domain::Username;
use crate::client::ClientAddress;
use crate::config::Config;
use crate::db::keys::{self, Grant};
use crate::error::{Error, Result};
use crate::links::domain::{Slug, ValidUntil};
use crate::links::store::Visit;
use crate::metrics::{self, Metric};
use crate::web::AfterResponse;
use time::Date;
use visitor::{DayKey, VisitorId};

/// What is logged, at ERROR, when a click's write fails, beside the `ClicksNotRecorded` metric
/// (`crate::metrics`), which `template.yaml`'s `ClicksNotRecordedAlarm` watches.
pub const CLICK_NOT_RECORDED: &str = "click not recorded";

/// Referrer and user agent are stored up to this many characters (they are attacker-chosen).
const MAX_HEADER_CHARS: usize = 512;

/// A link found for a redirect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub target: String,
    /// Which of the link's counters the visit goes to (the store's choice).
    pub shard: usize,
    /// When the link was created: its day aggregates are kept under it, so a new link with a
    /// deleted one's slug starts from zero.
    pub created_ms: i64,
    /// Whether the visitor asked about was read to have clicked this link today already.
    pub seen: bool,
    /// Epoch seconds after which the link answers 410 (`links::domain::ValidUntil`).
    pub valid_until: Option<i64>,
}

/// What [`ClickStore`] needs in the table: the read of one counter shard, with the owner's
/// `GONE` item and the visitor's marker beside it (and, in init, the sentinel read that opens
/// the connection), the `ADD` to
/// that shard's counters and nothing else of it (never its target), the day's aggregate, the
/// visit, the marker and the day's key.
pub const GRANTS: &[Grant] = &[
    Grant::on("GetItem", &[keys::HEALTH, keys::DAY_KEY]),
    Grant::on("BatchGetItem", &[keys::HITS, keys::GONE, keys::SEEN]),
    Grant::on("PutItem", &[keys::SEEN, keys::DAY_KEY]),
    Grant::on("UpdateItem", &[keys::HITS]).only(&["pk", "sk", "clicks", "bot_hits"], &["NONE"]),
    // A day aggregate's counters are named by the values they count (`db::items::DayItem`), so
    // no list of attributes can hold them; the item holds counts and nothing else.
    Grant::on("UpdateItem", &[keys::DAYS]),
    Grant::on("PutItem", &[keys::VISITS]),
];

/// What the redirect needs from the database. Cloned into the after-response work.
pub trait ClickStore: Clone + Send + Sync + 'static {
    /// The owner's link `slug`, if it exists, and (in the same read) whether `visitor` has
    /// clicked it today already.
    fn find(
        &self,
        owner: &str,
        slug: &str,
        visitor: Option<&VisitorId>,
    ) -> impl Future<Output = Result<Option<Found>>> + Send;
    /// Counts `visit` (as a click or a bot hit, in the link's total and its day) and records a
    /// click's details; `visitor`, unless `found` says it was seen today, is counted as a new
    /// one if its marker is written first.
    fn record(
        &self,
        owner: &str,
        slug: &str,
        found: &Found,
        visit: &Visit,
        visitor: Option<&VisitorId>,
    ) -> impl Future<Output = Result<()>> + Send;
    /// The key visitors are hashed with on `day`, created if it does not exist yet.
    fn day_key(&self, day: Date) -> impl Future<Output = Result<DayKey>> + Send;
}

pub struct Redirect<S> {
    store: S,
    trusted_proxy_hops: usize,
    anonymize_ips: bool,
    trust_cdn_headers: bool,
    after: AfterResponse,
    /// Today's key, once a click has fetched it: later clicks hash their visitor before the
    /// read, so the read also says whether the visitor was seen (no write for a repeat).
    day_key: Arc<Mutex<Option<DayKey>>>,
}

impl<S: ClickStore> Redirect<S> {
    pub fn new(store: S, config: &Config, after: AfterResponse) -> Self {
        Self {
            store,
            trusted_proxy_hops: config.trusted_proxy_hops,
            anonymize_ips: config.anonymize_ips,
            trust_cdn_headers: config.trust_cdn_headers,
            after,
            day_key: Arc::default(),
        }
    }

    #[tracing::instrument(name = "redirect", skip_all, fields(method = %request.method(), path = request.uri().path()))]
    pub async fn handle(&self, request: Request) -> Result<Response<Body>> {
        let Some((username, slug)) = short_link(request.uri().path()) else {
            return crate::web::append_slash(&request, crate::web::SLASH_ROUTES).ok_or(Error::NotFound);
        };
        let head = request.method() == Method::HEAD;
        if !head && request.method() != Method::GET {
            return Err(Error::MethodNotAllowed { allow: "GET, HEAD" });
        }
        let headers = request.headers();
        let client = ClientAddress::of(&request, self.trusted_proxy_hops);
        let visit = Visit {
            at_ms: crate::now_ms(),
            referrer: header_text(headers, header::REFERER),
            user_agent: header_text(headers, header::USER_AGENT),
            ip: client
                .map(|c| {
                    if self.anonymize_ips {
                        c.anonymised()
                    } else {
                        c.full()
                    }
                    .to_string()
                })
                .unwrap_or_default(),
            country: agent::country(headers, self.trust_cdn_headers),
            bot: head || bots::is_automated(headers),
        };
        let owner = username.key();
        // People only, and only with an address to tell them apart.
        let address = client.filter(|_| !visit.bot).map(|c| c.full());
        let today = crate::links::stats::utc_day(visit.at_ms);
        let cached = self
            .day_key
            .lock()
            .expect("day key lock")
            .clone()
            .filter(|key| key.day == today);
        let visitor = address
            .zip(cached)
            .map(|(address, key)| VisitorId::of(&key, address, &visit.user_agent));
        let Some(found) = self.store.find(&owner, slug.as_str(), visitor.as_ref()).await? else {
            tracing::info!(owner = %owner, slug = %slug, "short link not found");
            return Err(Error::NotFound);
        };
        if ValidUntil::stored(found.valid_until).has_passed(visit.at_ms / 1000) {
            // Switched off, not gone for good: nothing is counted, and nothing may cache it.
            tracing::info!(link = format!("{owner}/{slug}"), "short link expired");
            return Ok(expired(&request));
        }
        tracing::info!(
            link = format!("{owner}/{slug}"),
            slug = %slug,
            target_url = %found.target,
            client_net = client.map(ClientAddress::for_logs),
            bot = visit.bot,
            "redirected"
        );
        let location = HeaderValue::from_str(&found.target).map_err(Error::internal)?;
        let store = self.store.clone();
        let day_key = self.day_key.clone();
        self.after.defer(async move {
            // The first click of the day in this sandbox fetches the day's key now, after the
            // response, and claims the visitor's marker without having read it.
            let visitor = match (visitor, address) {
                (Some(visitor), _) => Some(visitor),
                (None, Some(address)) => match store.day_key(today).await {
                    Ok(key) => {
                        let visitor = VisitorId::of(&key, address, &visit.user_agent);
                        *day_key.lock().expect("day key lock") = Some(key);
                        Some(visitor)
                    }
                    Err(error) => {
                        tracing::warn!(error = ?error, "day key not available: this click is not told apart as a visitor");
                        None
                    }
                },
                (None, None) => None,
            };
            match store
                .record(&owner, slug.as_str(), &found, &visit, visitor.as_ref())
                .await
            {
                Ok(()) => metrics::emit(Metric::ClicksRecorded, 1),
                Err(error) => {
                    // The visitor has been sent on; the click is lost, and said so.
                    tracing::error!(error = ?error, link = format!("{owner}/{slug}"), "{CLICK_NOT_RECORDED}");
                    metrics::emit(Metric::ClicksNotRecorded, 1);
                }
            }
        });
        let mut response = Response::new(Body::Empty);
        *response.status_mut() = StatusCode::FOUND;
        let headers = response.headers_mut();
        headers.insert(header::LOCATION, location);
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
        Ok(response)
    }
}

/// `410 Gone` for an expired link: the branded page, or problem details for a JSON client.
fn expired(request: &Request) -> Response<Body> {
    let format = match crate::web::Format::of(request) {
        crate::web::Format::Html => crate::web::Format::Html,
        _ => crate::web::Format::Problem,
    };
    let mut response = crate::web::error_response(Error::Gone, format);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `/{username}/{slug}/` or `/{username}/{slug}`, both parts well-formed; anything else is
/// not a short link and costs no database call.
fn short_link(path: &str) -> Option<(Username, Slug)> {
    let inner = path.strip_prefix('/')?;
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    let (username, slug) = inner.split_once('/')?;
    Some((Username::parse(username).ok()?, Slug::existing(slug).ok()?))
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> String {
    headers
        .get(name)
        .map(|v| {
            String::from_utf8_lossy(v.as_bytes())
                .chars()
                .take(MAX_HEADER_CHARS)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_short_links_reach_the_database() {
        let parsed = |p| short_link(p).map(|(u, s)| (u.key(), s.as_str().to_string()));
        assert_eq!(parsed("/Alice/AbC-1/"), Some(("alice".into(), "abc-1".into())));
        assert_eq!(parsed("/alice/abc1"), Some(("alice".into(), "abc1".into())));
        for path in [
            "/",
            "/alice/",
            "/alice",
            "/alice/abc/x/",
            "/alice//",
            "/a/abc/",
            "/accounts/abc/",
            "/alice/a_b/",
        ] {
            assert_eq!(parsed(path), None, "{path}");
        }
    }
}
