//! The JSON API under `/api/v1/`, for scripts and tools: the caller's links and their
//! clicks, with the same rules as the pages (one domain layer: `domain`, `store`).
//!
//! Every request carries `Authorization: Bearer <token>` (`accounts::tokens`); a session
//! cookie is never API auth, so the API needs no CSRF check. Every failure is RFC 9457
//! problem details (`web::Format::Problem`), never a page. `openapi.json` beside this file
//! describes it all, and `make test` runs schemathesis against it.

use std::future::Future;

use lambda_http::http::header::{self, HeaderValue};
use lambda_http::http::{Method, StatusCode};
use lambda_http::{Body, Request, RequestExt, Response};
use serde::Serialize;

pub mod idempotency;

use self::idempotency::{Claim, Found, IdempotencyKey, Made};
use super::Links;
use super::MAX_LINKS_PER_USER;
use super::domain::{Slug, Tags, TargetUrl, Title, ValidUntil};
use super::page_token;
use super::stats::{Daily, Dimension, Period};
use super::store::{CreateLinkError, Cursor, KeyClaim, Link, LinkStore, NewLink};
use crate::accounts::tokens::{self, Scope, TokenOwner};
use crate::db::keys::{self, Grant};
use crate::error::{Error, Result};
use crate::forms::FormId;
use crate::session::SessionStore;
use crate::web;

/// Where the API's paths start: `web` answers every failure under it as problem details.
pub const PREFIX: &str = "/api/";
/// The OpenAPI 3.1 document, served as it is at `/api/v1/openapi.json`.
pub const OPENAPI: &str = include_str!("api/openapi.json");
/// Links a list page holds by default, and at most.
pub const DEFAULT_LIMIT: usize = 20;
pub const MAX_LIMIT: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Links,
    Link,
    Stats,
    OpenApi,
}

/// Each path, what it is, and the methods it takes (its `Allow`).
const ROUTES: &[(&str, Endpoint, &str)] = &[
    ("/api/v1/links", Endpoint::Links, "GET, POST"),
    ("/api/v1/links/{slug}", Endpoint::Link, "GET, PATCH, DELETE"),
    ("/api/v1/links/{slug}/stats", Endpoint::Stats, "GET"),
    ("/api/v1/openapi.json", Endpoint::OpenApi, "GET"),
];

/// The rate limit's window.
pub const WINDOW_SECONDS: i64 = 60;

/// What the API needs of the table beyond the links: who a token acts for, its requests in
/// the current minute, and when it was last used (of its listed item, nothing else).
pub const GRANTS: &[Grant] = &[
    Grant::on("GetItem", &[keys::TOKEN, keys::IDEMPOTENCY]),
    Grant::on("PutItem", &[keys::IDEMPOTENCY]),
    Grant::on("DeleteItem", &[keys::IDEMPOTENCY]),
    Grant::on("UpdateItem", &[keys::RATE]).only(&["pk", "sk", "requests", "expires_at"], &["UPDATED_NEW"]),
    Grant::on("UpdateItem", &[keys::USER_TOKEN]).only(&["pk", "sk", "last_used"], &["NONE"]),
];

pub trait ApiStore: Send + Sync {
    /// The record of `owner`'s `Idempotency-Key` with this SHA-256, if there is one.
    fn key_claim(&self, owner: &str, key_hash: &str) -> impl Future<Output = Result<Option<Claim>>> + Send;
    /// Stores `claim` unless a live one holds the key (one made in the last 24 hours that has
    /// made its link or is not yet stale); `false` when one does.
    fn claim_key(
        &self,
        owner: &str,
        key_hash: &str,
        claim: &Claim,
        now: i64,
    ) -> impl Future<Output = Result<bool>> + Send;
    /// Gives the key back when its request made nothing (so a retry may try again).
    fn release_key(
        &self,
        owner: &str,
        key_hash: &str,
        claim: &str,
    ) -> impl Future<Output = Result<()>> + Send;
    /// Who the token with this SHA-256 acts for; `None` once it is revoked.
    fn token_owner(&self, hash: &str) -> impl Future<Output = Result<Option<TokenOwner>>> + Send;
    /// Counts one request of the token in the window that starts at `window_start` (epoch
    /// seconds), and returns the window's count so far, this one included.
    fn count_request(&self, token_id: &str, window_start: i64) -> impl Future<Output = Result<i64>> + Send;
    /// Notes that the token was used at `now` (epoch seconds), unless it has been revoked.
    fn token_used(&self, owner: &str, token_id: &str, now: i64) -> impl Future<Output = Result<()>> + Send;
}

/// A link as the API shows it.
#[derive(Debug, Serialize)]
struct ApiLink {
    slug: String,
    short_url: String,
    target_url: String,
    title: String,
    /// RFC 3339, UTC.
    created_at: String,
    /// RFC 3339, UTC, after which the short URL answers 410; `null` for never.
    valid_until: Option<String>,
    tags: Vec<String>,
    clicks: i64,
    bot_hits: i64,
}

impl ApiLink {
    fn new(link: Link, base: &str, username: &str) -> Self {
        Self {
            short_url: super::short_url(base, username, &link.slug),
            created_at: rfc3339(link.created_ms),
            valid_until: link.valid_until.map(|at| rfc3339(at.saturating_mul(1000))),
            tags: link.tags,
            clicks: link.clicks.human,
            bot_hits: link.clicks.bot,
            slug: link.slug,
            target_url: link.target,
            title: link.title,
        }
    }
}

fn rfc3339(epoch_ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(epoch_ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

impl<S: LinkStore + SessionStore + ApiStore> Links<S> {
    /// Everything under [`PREFIX`]: the route, then the token, then the endpoint.
    pub(super) async fn api(&self, request: &Request) -> Result<Response<Body>> {
        let (endpoint, allow, slug) = route(request.uri().path())?;
        if endpoint == Endpoint::OpenApi {
            if request.method() != Method::GET {
                return Err(Error::MethodNotAllowed { allow });
            }
            return Ok(json_text(StatusCode::OK, OPENAPI.to_string()));
        }
        let caller = self.caller(request).await?;
        // Counted before anything else the token asks: a throttled client costs one write.
        let now = crate::now();
        let window_start = now - now.rem_euclid(WINDOW_SECONDS);
        let count = self.store.count_request(&caller.id, window_start).await?;
        let limit = i64::from(self.api_rate_limit);
        let reset = (window_start + WINDOW_SECONDS - now).max(1);
        let answered = async {
            if count > limit {
                return Err(Error::TooManyRequests {
                    retry_after: reset as u64,
                });
            }
            self.endpoint(request, endpoint, allow, &caller, &slug).await
        };
        // The first request of a minute notes the token as used: "last used" is to the minute,
        // for one write a minute at most.
        let noted = async {
            if count == 1
                && let Err(error) = self.store.token_used(&caller.owner, &caller.id, now).await
            {
                tracing::warn!(%error, "token's last use not noted");
            }
        };
        let (answered, ()) = tokio::join!(answered, noted);
        let mut response = answered.unwrap_or_else(|error| web::error_response(error, web::Format::Problem));
        let headers = response.headers_mut();
        headers.insert("ratelimit-limit", HeaderValue::from(limit));
        headers.insert("ratelimit-remaining", HeaderValue::from((limit - count).max(0)));
        headers.insert("ratelimit-reset", HeaderValue::from(reset));
        Ok(response)
    }

    async fn endpoint(
        &self,
        request: &Request,
        endpoint: Endpoint,
        allow: &'static str,
        caller: &TokenOwner,
        slug: &str,
    ) -> Result<Response<Body>> {
        let (caller, slug) = (caller.clone(), slug.to_string());
        match (endpoint, request.method().clone()) {
            (Endpoint::Links, Method::GET) => self.api_list(request, &caller).await,
            (Endpoint::Links, Method::POST) => self.api_create(request, &caller).await,
            (Endpoint::Link, Method::GET) => self.api_get(request, &caller, &slug).await,
            (Endpoint::Link, Method::PATCH) => self.api_update(request, &caller, &slug).await,
            (Endpoint::Link, Method::DELETE) => self.api_delete(&caller, &slug).await,
            (Endpoint::Stats, Method::GET) => self.api_stats(request, &caller, &slug).await,
            _ => Err(Error::MethodNotAllowed { allow }),
        }
    }

    /// `201` with the link and its `Location`. The rules are the new-link form's; with an
    /// `Idempotency-Key`, a retry gets the first answer (`idempotency`).
    async fn api_create(&self, request: &Request, caller: &TokenOwner) -> Result<Response<Body>> {
        caller.may_write()?;
        let key = IdempotencyKey::of(request)?;
        let mut body = JsonBody::read(request, &["target_url", "slug", "title", "valid_until", "tags"])?;
        let request_hash = idempotency::body_hash(&body.object);
        let hosts = self.own_hosts(request);
        let hosts: Vec<&str> = hosts.iter().map(String::as_str).collect();
        let target = body
            .string("target_url", true)
            .and_then(|url| body.check("target_url", TargetUrl::parse(&url.unwrap_or_default(), &hosts)));
        let slug = body
            .string("slug", false)
            .map(|slug| slug.filter(|slug| !slug.trim().is_empty()))
            .and_then(|slug| match slug {
                None => Some(None),
                Some(slug) => body.check("slug", Slug::parse(&slug)).map(Some),
            });
        let title = body
            .string("title", false)
            .and_then(|title| body.check("title", Title::parse(&title.unwrap_or_default())));
        let valid_until = body
            .string("valid_until", false)
            .and_then(|at| body.check("valid_until", ValidUntil::parse_rfc3339(at.as_deref())));
        let tags = body
            .string_list("tags")
            .and_then(|tags| body.check("tags", Tags::from_list(tags.iter().flatten().map(String::as_str))));
        let (Some(target), Some(custom), Some(title), Some(valid_until), Some(tags), true) =
            (target, slug, title, valid_until, tags, body.fields.is_empty())
        else {
            return Err(body.invalid("The link is not valid."));
        };
        let claim = match &key {
            None => None,
            Some(key) => match self.claim(caller, key, &request_hash).await? {
                Ok(claim) => Some(claim),
                Err(made) => {
                    tracing::info!(owner = %caller.username, slug = %made.slug, "idempotent create replayed");
                    let link = Link {
                        slug: made.slug,
                        target: made.target,
                        title: made.title,
                        created_ms: made.created_ms,
                        valid_until: made.valid_until,
                        tags: made.tags,
                        clicks: Default::default(),
                        recent_clicks: 0,
                    };
                    return created(link, &self.public_base(request), &caller.username);
                }
            },
        };
        let form_id = FormId::generate();
        let link = NewLink {
            owner: &caller.owner,
            form_id: &form_id,
            target: &target,
            title: &title,
            valid_until,
            tags: &tags,
            created_ms: crate::now_ms(),
            idempotency: key.as_ref().zip(claim.as_deref()).map(|(key, claim)| KeyClaim {
                key_hash: &key.hash,
                claim,
            }),
        };
        let outcome = super::create(&self.store, &link, custom, Slug::generate).await;
        if let (Err(_), Some(key), Some(claim)) = (&outcome, &key, &claim) {
            // Nothing was made: a retry may try again (and get the same refusal, or not).
            self.store.release_key(&caller.owner, &key.hash, claim).await?;
        }
        let slug = match outcome {
            Ok(slug) => slug,
            Err(CreateLinkError::ClaimLost) => {
                return Err(Error::Conflict(
                    "A request with this Idempotency-Key is still being answered: retry in a moment.".into(),
                ));
            }
            Err(CreateLinkError::SlugTaken) => {
                return Err(Error::Conflict("You already have a link with this slug.".into()));
            }
            Err(CreateLinkError::LimitReached) => {
                return Err(Error::Unprocessable {
                    detail: format!(
                        "You have {MAX_LINKS_PER_USER} links, the most an account can have. Delete some to make room."
                    ),
                    fields: Vec::new(),
                });
            }
            Err(CreateLinkError::AlreadySubmitted) => {
                return Err(Error::internal("a fresh form id was taken"));
            }
            Err(CreateLinkError::Other(error)) => return Err(error),
        };
        tracing::info!(owner = %caller.username, slug = %slug, token_id = %caller.id, "link created through the API");
        let made = Link {
            slug: slug.as_str().to_string(),
            target: target.as_str().to_string(),
            title: title.as_str().to_string(),
            created_ms: link.created_ms,
            valid_until: valid_until.epoch_seconds(),
            tags: tags.as_slice().to_vec(),
            clicks: Default::default(),
            recent_clicks: 0,
        };
        created(made, &self.public_base(request), &caller.username)
    }

    /// The key claimed for this request (`Ok`, with the claim's name), or the link its first
    /// request made (`Err`, to answer again). A 422 for another body, a 409 while the first
    /// request runs.
    async fn claim(
        &self,
        caller: &TokenOwner,
        key: &IdempotencyKey,
        request_hash: &str,
    ) -> Result<std::result::Result<String, Made>> {
        // Twice at most: a claim refused means another request holds or just made it, which
        // the second read shows.
        for _ in 0..2 {
            let now = crate::now();
            let stored = self.store.key_claim(&caller.owner, &key.hash).await?;
            let created_at = match &stored {
                None => now,
                Some(stored) => match stored.decide(request_hash, now)? {
                    Found::Replay(made) => return Ok(Err(made)),
                    // A stale claim keeps its first request's day; an expired one starts anew.
                    Found::Free if now < stored.created_at + idempotency::REPLAY_SECONDS => stored.created_at,
                    Found::Free => now,
                },
            };
            let claim = Claim {
                request_hash: request_hash.to_string(),
                claim: crate::random_hex(16),
                created_at,
                claimed_at: now,
                made: None,
            };
            if self
                .store
                .claim_key(&caller.owner, &key.hash, &claim, now)
                .await?
            {
                return Ok(Ok(claim.claim));
            }
        }
        Err(Error::Conflict(
            "A request with this Idempotency-Key is still being answered: retry in a moment.".into(),
        ))
    }

    /// Changes `target_url` and/or `title` (`null` or `""` clears the title).
    async fn api_update(&self, request: &Request, caller: &TokenOwner, slug: &str) -> Result<Response<Body>> {
        caller.may_write()?;
        let mut body = JsonBody::read(request, &["target_url", "title", "valid_until", "tags"])?;
        if body.is_empty() {
            body.fields.push((
                "body".into(),
                "Give target_url, title, valid_until, tags or any of them.".into(),
            ));
        }
        let hosts = self.own_hosts(request);
        let hosts: Vec<&str> = hosts.iter().map(String::as_str).collect();
        let target = match body.string("target_url", false) {
            None => None,
            Some(None) if body.has("target_url") => {
                body.fields
                    .push(("target_url".into(), "target_url cannot be null.".into()));
                None
            }
            Some(None) => Some(None),
            Some(Some(url)) => body.check("target_url", TargetUrl::parse(&url, &hosts)).map(Some),
        };
        let title = match body.string("title", false) {
            None => None,
            Some(None) if body.has("title") => Some(Some(Title::default())),
            Some(None) => Some(None),
            Some(Some(title)) => body.check("title", Title::parse(&title)).map(Some),
        };
        // Absent: unchanged; null: never; a time: that time.
        let valid_until = match body.string("valid_until", false) {
            None => None,
            Some(None) if body.has("valid_until") => Some(Some(ValidUntil::NEVER)),
            Some(None) => Some(None),
            Some(Some(at)) => body
                .check("valid_until", ValidUntil::parse_rfc3339(Some(&at)))
                .map(Some),
        };
        // Absent: unchanged; null or []: none.
        let tags = match body.string_list("tags") {
            None => None,
            Some(None) if body.has("tags") => Some(Some(Tags::default())),
            Some(None) => Some(None),
            Some(Some(tags)) => body
                .check("tags", Tags::from_list(tags.iter().map(String::as_str)))
                .map(Some),
        };
        let (Some(target), Some(title), Some(valid_until), Some(tags), true) =
            (target, title, valid_until, tags, body.fields.is_empty())
        else {
            return Err(body.invalid("The change is not valid."));
        };
        let link = self.api_link(caller, slug).await?;
        // What is not changed stays as stored (valid when stored: parsed again, it still is).
        let target = match target {
            Some(target) => target,
            None => TargetUrl::parse(&link.target, &[]).map_err(Error::internal)?,
        };
        let title = match title {
            Some(title) => title,
            None => Title::parse(&link.title).map_err(Error::internal)?,
        };
        let valid_until = valid_until.unwrap_or(ValidUntil::stored(link.valid_until));
        let tags = match tags {
            Some(tags) => tags,
            None => Tags::from_list(link.tags.iter().map(String::as_str)).map_err(Error::internal)?,
        };
        if !self
            .store
            .update_link(&caller.owner, &link.slug, &target, &title, valid_until, &tags)
            .await?
        {
            return Err(Error::NotFound);
        }
        tracing::info!(owner = %caller.username, slug = %link.slug, token_id = %caller.id, "link changed through the API");
        let changed = Link {
            target: target.as_str().to_string(),
            title: title.as_str().to_string(),
            valid_until: valid_until.epoch_seconds(),
            tags: tags.as_slice().to_vec(),
            ..link
        };
        json(
            StatusCode::OK,
            &ApiLink::new(changed, &self.public_base(request), &caller.username),
        )
    }

    /// The link page's figures (`rollup`, `stats`): all-time totals, the period's totals, every
    /// day of it, and the breakdowns, each its top 10 and the rest as `other`.
    async fn api_stats(&self, request: &Request, caller: &TokenOwner, slug: &str) -> Result<Response<Body>> {
        let period = Period::parse(request.query_string_parameters().first("days"))?;
        let link = self.api_link(caller, slug).await?;
        let now_ms = crate::now_ms();
        let counted = super::rollup::period_counts(&self.store, &caller.owner, &link, period, now_ms).await?;
        let daily = Daily::zero_filled(period, super::stats::utc_day(now_ms), &counted.per_day);
        let total = daily.total();
        let days: Vec<serde_json::Value> = daily
            .days
            .iter()
            .map(|day| {
                serde_json::json!({
                    "date": day.day.to_string(),
                    "clicks": day.clicks.human,
                    "bot_hits": day.clicks.bot,
                    "visitors": day.visitors,
                })
            })
            .collect();
        let mut breakdowns = serde_json::Map::new();
        for dimension in Dimension::ALL {
            let ranked = counted.breakdowns.ranked(dimension);
            let top: Vec<serde_json::Value> = ranked
                .rows
                .iter()
                .map(|(value, clicks)| serde_json::json!({"value": value, "clicks": clicks}))
                .collect();
            breakdowns.insert(
                dimension.title().to_ascii_lowercase(),
                serde_json::json!({"top": top, "other": ranked.other}),
            );
        }
        json(
            StatusCode::OK,
            &serde_json::json!({
                "slug": link.slug,
                "days": period.days(),
                "all_time": {"clicks": link.clicks.human, "bot_hits": link.clicks.bot},
                "totals": {"clicks": total.human, "bot_hits": total.bot, "visitors": daily.visitors()},
                "daily": days,
                "breakdowns": breakdowns,
            }),
        )
    }

    async fn api_delete(&self, caller: &TokenOwner, slug: &str) -> Result<Response<Body>> {
        caller.may_write()?;
        let slug = Slug::existing(slug).map_err(|_| Error::NotFound)?;
        if !self.store.delete_link(&caller.owner, slug.as_str()).await? {
            return Err(Error::NotFound);
        }
        tracing::info!(owner = %caller.username, slug = %slug, token_id = %caller.id, "link deleted through the API");
        let mut response = Response::new(Body::Empty);
        *response.status_mut() = StatusCode::NO_CONTENT;
        Ok(response)
    }

    /// Who the bearer token acts for. Anything but a well-formed token of ours is refused
    /// before it is hashed or looked up.
    async fn caller(&self, request: &Request) -> Result<TokenOwner> {
        let header = request
            .headers()
            .get(header::AUTHORIZATION)
            .ok_or(Error::Unauthorized("Send a token: Authorization: Bearer snip_…"))?;
        let token = header
            .to_str()
            .ok()
            .and_then(|value| {
                let (scheme, token) = value.split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .filter(|token| tokens::well_formed(token))
            .ok_or(Error::Unauthorized(
                "The Authorization header is not a Snip token: Authorization: Bearer snip_…",
            ))?;
        self.store
            .token_owner(&tokens::hash(token))
            .await?
            .ok_or(Error::Unauthorized("This token is unknown or has been revoked."))
    }

    async fn api_list(&self, request: &Request, caller: &TokenOwner) -> Result<Response<Body>> {
        let params = request.query_string_parameters();
        let limit = match params.first("limit") {
            None => DEFAULT_LIMIT,
            Some(limit) => limit
                .parse::<usize>()
                .ok()
                .filter(|limit| (1..=MAX_LIMIT).contains(limit))
                .ok_or_else(|| {
                    Error::BadRequest(format!("limit is a whole number from 1 to {MAX_LIMIT}."))
                })?,
        };
        let after = page_token::position(
            &self.secret_key,
            &caller.owner,
            params.first("cursor"),
            "That cursor is not one this API gave you: start again without it.",
        )?;
        let page = self
            .store
            .list_links(&caller.owner, after.as_ref(), limit, &Default::default())
            .await?;
        let base = self.public_base(request);
        let next_cursor = page
            .next
            .as_ref()
            .map(|cursor: &Cursor| page_token::sign(&self.secret_key, &caller.owner, cursor));
        let items: Vec<ApiLink> = page
            .links
            .into_iter()
            .map(|link| ApiLink::new(link, &base, &caller.username))
            .collect();
        json(
            StatusCode::OK,
            &serde_json::json!({"items": items, "next_cursor": next_cursor}),
        )
    }

    async fn api_get(&self, request: &Request, caller: &TokenOwner, slug: &str) -> Result<Response<Body>> {
        let link = self.api_link(caller, slug).await?;
        json(
            StatusCode::OK,
            &ApiLink::new(link, &self.public_base(request), &caller.username),
        )
    }

    /// The caller's link `slug`, or 404 (whether or not someone else has one).
    async fn api_link(&self, caller: &TokenOwner, slug: &str) -> Result<Link> {
        let slug = Slug::existing(slug).map_err(|_| Error::NotFound)?;
        self.store
            .find_link(&caller.owner, slug.as_str())
            .await?
            .ok_or(Error::NotFound)
    }
}

impl TokenOwner {
    /// `403` unless the token may write.
    fn may_write(&self) -> Result<()> {
        match self.scope {
            Scope::Write => Ok(()),
            Scope::Read => Err(Error::Forbidden(
                "This token can only read. Make a write token to change links.",
            )),
        }
    }
}

/// The largest JSON body read: a link is at most about 2.5 KB of text.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// A JSON object body, read with its checks in the order a client can fix them: size (413),
/// media type (415), syntax (400), then fields (422, every one with its message).
struct JsonBody {
    object: serde_json::Map<String, serde_json::Value>,
    /// `(field, message)` of every rule broken so far.
    fields: Vec<(String, String)>,
}

impl JsonBody {
    fn read(request: &Request, known: &[&str]) -> Result<Self> {
        if request.body().len() > MAX_BODY_BYTES {
            return Err(Error::PayloadTooLarge {
                limit: MAX_BODY_BYTES,
            });
        }
        let json_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(|value| {
                value
                    .split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            })
            .is_some_and(|media| {
                media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"))
            });
        if !json_type {
            return Err(Error::UnsupportedMediaType);
        }
        let value: serde_json::Value = serde_json::from_slice(request.body().as_ref())
            .map_err(|e| Error::BadRequest(format!("The body is not valid JSON: {e}.")))?;
        let serde_json::Value::Object(object) = value else {
            return Err(Error::Unprocessable {
                detail: "The body must be a JSON object.".into(),
                fields: Vec::new(),
            });
        };
        let fields = object
            .keys()
            .filter(|name| !known.contains(&name.as_str()))
            .map(|name| {
                (
                    name.clone(),
                    format!("Unknown field: this takes {}.", known.join(", ")),
                )
            })
            .collect();
        Ok(Self { object, fields })
    }

    fn is_empty(&self) -> bool {
        self.object.is_empty()
    }

    fn has(&self, name: &str) -> bool {
        self.object.contains_key(name)
    }

    /// `Some(Some(text))` for a string, `Some(None)` for absent or `null` (an error when
    /// `required`), `None` (the error noted) for anything else.
    fn string(&mut self, name: &str, required: bool) -> Option<Option<String>> {
        match self.object.get(name) {
            Some(serde_json::Value::String(text)) => Some(Some(text.clone())),
            None | Some(serde_json::Value::Null) if !required => Some(None),
            None | Some(serde_json::Value::Null) => {
                self.fields
                    .push((name.to_string(), format!("{name} is required.")));
                None
            }
            Some(_) => {
                self.fields
                    .push((name.to_string(), format!("{name} must be a string.")));
                None
            }
        }
    }

    /// Like [`Self::string`] for an array of strings, never required.
    fn string_list(&mut self, name: &str) -> Option<Option<Vec<String>>> {
        match self.object.get(name) {
            None | Some(serde_json::Value::Null) => Some(None),
            Some(serde_json::Value::Array(items)) => {
                let strings: Option<Vec<String>> = items
                    .iter()
                    .map(|item| item.as_str().map(str::to_string))
                    .collect();
                if strings.is_none() {
                    self.fields
                        .push((name.to_string(), format!("{name} must be a list of strings.")));
                }
                strings.map(Some)
            }
            Some(_) => {
                self.fields
                    .push((name.to_string(), format!("{name} must be a list of strings.")));
                None
            }
        }
    }

    /// The parsed value, or `None` with its message noted.
    fn check<T>(&mut self, name: &str, parsed: std::result::Result<T, String>) -> Option<T> {
        parsed
            .map_err(|message| self.fields.push((name.to_string(), message)))
            .ok()
    }

    fn invalid(self, detail: &str) -> Error {
        Error::Unprocessable {
            detail: detail.to_string(),
            fields: self.fields,
        }
    }
}

/// [`ROUTES`] as a matcher, built once.
static ROUTER: std::sync::LazyLock<matchit::Router<usize>> = std::sync::LazyLock::new(|| {
    let mut router = matchit::Router::new();
    for (index, (pattern, _, _)) in ROUTES.iter().enumerate() {
        router
            .insert(*pattern, index)
            .unwrap_or_else(|e| panic!("route {pattern}: {e}"));
    }
    router
});

/// The endpoint of `path`, its `Allow`, and its slug (empty where it has none).
fn route(path: &str) -> Result<(Endpoint, &'static str, String)> {
    let found = ROUTER.at(path).map_err(|_| Error::NotFound)?;
    let (_, endpoint, allow) = ROUTES[*found.value];
    let slug = found.params.get("slug").unwrap_or_default().to_string();
    Ok((endpoint, allow, slug))
}

/// `201 Created` with the link and its API address in `Location`.
fn created(link: Link, base: &str, username: &str) -> Result<Response<Body>> {
    let location = HeaderValue::from_str(&format!("/api/v1/links/{}", link.slug)).map_err(Error::internal)?;
    let mut response = json(StatusCode::CREATED, &ApiLink::new(link, base, username))?;
    response.headers_mut().insert(header::LOCATION, location);
    Ok(response)
}

fn json(status: StatusCode, value: &impl Serialize) -> Result<Response<Body>> {
    Ok(json_text(
        status,
        serde_json::to_string(value).map_err(Error::internal)?,
    ))
}

fn json_text(status: StatusCode, body: String) -> Response<Body> {
    let mut response = Response::new(Body::Text(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_found_with_its_methods() {
        assert_eq!(route("/api/v1/links").unwrap().0, Endpoint::Links);
        let (endpoint, allow, slug) = route("/api/v1/links/abc").unwrap();
        assert_eq!(
            (endpoint, allow, slug.as_str()),
            (Endpoint::Link, "GET, PATCH, DELETE", "abc")
        );
        assert_eq!(route("/api/v1/links/abc/stats").unwrap().0, Endpoint::Stats);
        assert!(matches!(route("/api/v1/links/"), Err(Error::NotFound)));
        assert!(matches!(route("/api/v2/links"), Err(Error::NotFound)));
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_500), "1970-01-01T00:00:01.5Z");
        let document: serde_json::Value = serde_json::from_str(OPENAPI).unwrap();
        assert_eq!(document["openapi"], "3.1.0");
    }
}
