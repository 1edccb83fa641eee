//! The HTTP edge shared by all functions: [`run`] is the Lambda entry point, and the only
//! place where a handler's [`Error`] or panic becomes a response and where security headers
//! are added.

use std::future::Future;
use std::marker::PhantomData;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use askama::Template;
use futures_util::FutureExt;
use futures_util::future::{BoxFuture, LocalBoxFuture};
use lambda_http::http::header::{self, HeaderName, HeaderValue};
use lambda_http::http::{Method, StatusCode};
use lambda_http::{Body, Request, Response};
use lambda_runtime::{LambdaInvocation, tower};
use tracing::Instrument;

use crate::error::{BoxError, Error, Result};
use crate::pages::render_error;

/// Runs a function's handler on the Lambda runtime until the sandbox is shut down.
///
/// `handler` gets every request; what it returns, including any `Err` and any panic inside
/// it, is turned into a response here, so API Gateway never shows its bare error JSON.
/// `after` holds the work the handler left for after its response (see [`AfterResponse`]).
pub async fn run<'a, F, Fut>(handler: F, after: AfterResponse) -> Result<(), lambda_http::Error>
where
    F: Fn(Request) -> Fut + 'a,
    Fut: Future<Output = Result<Response<Body>>> + Send + 'a,
{
    announce();
    // Layers run outermost last-added: the runtime's span (with `requestId`) wraps the
    // after-response work too, so its log lines name their request.
    // No `_X_AMZN_TRACE_ID` in the environment per invocation: each `setenv` of it leaked the
    // value it replaced, ~150 bytes per request forever (README, "A patched `lambda_runtime`").
    lambda_runtime::Runtime::new(lambda_http::Adapter::from(pages(&handler)))
        .with_trace_id_env(false)
        .layer(FinishLayer(after, PhantomData))
        .layer(lambda_runtime::layers::TracingLayer::new())
        .run()
        .await
}

/// As [`run`], for a function that EventBridge also invokes on a schedule: those events go to
/// `scheduled`, with the instant the invocation must have answered by, and what it returns
/// is the invocation's answer (and logged). Only `links` takes one (`links::purge`).
pub async fn run_with_schedule<'a, F, Fut, G, GFut>(
    handler: F,
    scheduled: G,
    after: AfterResponse,
) -> Result<(), lambda_http::Error>
where
    F: Fn(Request) -> Fut + 'a,
    Fut: Future<Output = Result<Response<Body>>> + Send + 'a,
    G: Fn(tokio::time::Instant) -> GFut + 'a,
    GFut: Future<Output = Result<serde_json::Value>> + 'a,
{
    announce();
    let service = WithSchedule {
        pages: lambda_http::Adapter::from(pages(&handler)),
        scheduled: &scheduled,
    };
    lambda_runtime::Runtime::new(service)
        .with_trace_id_env(false)
        .layer(FinishLayer(after, PhantomData))
        .layer(lambda_runtime::layers::TracingLayer::new())
        .run()
        .await
}

fn announce() {
    tracing::info!(
        function = std::env::var("AWS_LAMBDA_FUNCTION_NAME")
            .as_deref()
            .unwrap_or("local"),
        version = env!("CARGO_PKG_VERSION"),
        "function initialised, waiting for requests"
    );
}

/// The handler as a service of requests, every outcome made a response ([`respond`]).
fn pages<'h, F, Fut>(
    handler: &'h F,
) -> impl tower::Service<
    Request,
    Response = Response<Body>,
    Error = lambda_http::Error,
    Future = impl Future<Output = Result<Response<Body>, lambda_http::Error>> + Send + 'h,
> + 'h
where
    F: Fn(Request) -> Fut + 'h,
    Fut: Future<Output = Result<Response<Body>>> + Send + 'h,
{
    lambda_http::service_fn(move |request: Request| {
        let format = if request.uri().path().starts_with(crate::links::api::PREFIX) {
            Format::Problem
        } else {
            Format::of(&request)
        };
        let head = request.method() == Method::HEAD;
        let flash = crate::flash::Flash::of(&request);
        let coding = Coding::for_pages(&request);
        let response = respond(handler(request), format, head, flash, coding);
        async move { Ok::<_, lambda_http::Error>(response.await) }
    })
}

/// An event of a function with a schedule, as it came: API Gateway's request (tried first, as
/// the `lambda_http` adapter would) or EventBridge's [`Scheduled`] one. (`LambdaRequest` reads
/// itself from the raw text, so no derived enum of both can hold it.)
#[derive(serde::Deserialize)]
#[serde(transparent)]
struct Event(Box<serde_json::value::RawValue>);

/// What an EventBridge rule's schedule sends, as far as it is checked.
#[derive(serde::Deserialize)]
struct Scheduled {
    #[serde(rename = "detail-type")]
    detail_type: String,
    source: String,
}

struct WithSchedule<'g, P, G> {
    pages: P,
    scheduled: &'g G,
}

impl<'g, P, G, GFut> tower::Service<lambda_runtime::LambdaEvent<Event>> for WithSchedule<'g, P, G>
where
    P: tower::Service<
            lambda_runtime::LambdaEvent<lambda_http::request::LambdaRequest>,
            Error = lambda_http::Error,
        >,
    P::Response: serde::Serialize,
    P::Future: 'g,
    G: Fn(tokio::time::Instant) -> GFut,
    GFut: Future<Output = Result<serde_json::Value>> + 'g,
{
    type Response = Answer<P::Response>;
    type Error = lambda_http::Error;
    type Future = LocalBoxFuture<'g, Result<Self::Response, lambda_http::Error>>;

    fn poll_ready(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), Self::Error>> {
        self.pages.poll_ready(cx)
    }

    fn call(&mut self, event: lambda_runtime::LambdaEvent<Event>) -> Self::Future {
        let lambda_runtime::LambdaEvent { payload, context } = event;
        let raw = payload.0.get();
        if let Ok(request) = serde_json::from_str::<lambda_http::request::LambdaRequest>(raw) {
            let answered = self
                .pages
                .call(lambda_runtime::LambdaEvent::new(request, context));
            return Box::pin(async move { Ok(Answer::Page(answered.await?)) });
        }
        match serde_json::from_str::<Scheduled>(raw) {
            Ok(scheduled)
                if scheduled.source == "aws.events" && scheduled.detail_type == "Scheduled Event" => {}
            _ => {
                tracing::error!("an event this function does not take");
                return Box::pin(async { Err("an event this function does not take".into()) });
            }
        }
        // The runtime's deadline is wall-clock milliseconds; the work's is an instant.
        let left = context
            .deadline()
            .duration_since(std::time::SystemTime::now())
            .unwrap_or_default();
        let done = (self.scheduled)(tokio::time::Instant::now() + left);
        Box::pin(async move {
            done.await.map(Answer::Scheduled).map_err(|error| {
                tracing::error!(error = ?error, "scheduled work failed");
                error.to_string().into()
            })
        })
    }
}

/// What an invocation of a function with a schedule answers: the page as API Gateway takes it,
/// serialized once by the runtime (a page can be a 4 MB export), or the scheduled work's report.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Answer<R> {
    Page(R),
    Scheduled(serde_json::Value),
}

/// Where this service is reached, for links it hands out (short URLs, reset links):
/// `PUBLIC_URL` when set, else the scheme and host the request came with.
pub fn public_base(public_url: Option<&str>, request: &Request) -> String {
    if let Some(url) = public_url {
        return url.to_string();
    }
    let proto = request
        .headers()
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .filter(|p| *p == "http" || *p == "https")
        .unwrap_or("https");
    format!("{proto}://{}", own_host(request).unwrap_or("localhost"))
}

/// The `Host` the request arrived at, the service's own address.
pub fn own_host(request: &Request) -> Option<&str> {
    request
        .headers()
        .get(lambda_http::http::header::HOST)
        .and_then(|v| v.to_str().ok())
}

/// What is logged, at ERROR, when after-response work is cut off at its deadline (the redirect
/// also counts it as `ClicksNotRecorded`: [`AfterResponse::counting_abandoned_as`]).
pub const WORK_ABANDONED: &str = "after-response work abandoned at its deadline";

/// Work the client should not wait for (recording a click). It starts once the response has
/// been handed to Lambda, so it takes no CPU from the response, and the sandbox asks Lambda
/// for its next event only when it has finished: Lambda freezes a sandbox between events, so
/// work left running then could be lost. Cloning shares the same list.
///
/// The work has a deadline (`AFTER_RESPONSE_DEADLINE_MS`, well under the function's
/// timeout): past it, what is left is dropped and [`WORK_ABANDONED`] logged. Without one, a
/// write retrying against a struggling database could run into the timeout, and Lambda would
/// then kill the sandbox mid-work and count an error against a request that was answered.
#[derive(Clone)]
pub struct AfterResponse {
    work: Arc<Mutex<Vec<BoxFuture<'static, ()>>>>,
    deadline: std::time::Duration,
    /// What a piece of work cut off at the deadline is counted as, if anything.
    abandoned: Option<crate::metrics::Metric>,
}

impl Default for AfterResponse {
    fn default() -> Self {
        Self::new(crate::config::DEFAULT_AFTER_RESPONSE_DEADLINE)
    }
}

impl AfterResponse {
    pub fn new(deadline: std::time::Duration) -> Self {
        Self {
            work: Arc::default(),
            deadline,
            abandoned: None,
        }
    }

    /// Counts each piece of work cut off at the deadline as `metric` (the redirect's are
    /// clicks not recorded).
    pub fn counting_abandoned_as(mut self, metric: crate::metrics::Metric) -> Self {
        self.abandoned = Some(metric);
        self
    }

    pub fn defer(&self, work: impl Future<Output = ()> + Send + 'static) {
        let work = work.in_current_span().boxed();
        self.work
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(work);
    }

    async fn finish(&self) {
        let work = std::mem::take(&mut *self.work.lock().unwrap_or_else(PoisonError::into_inner));
        if work.is_empty() {
            return;
        }
        let pieces = work.len();
        // A panic here must not take the runtime loop down with it (the hook logged it).
        let guarded = work.into_iter().map(|w| AssertUnwindSafe(w).catch_unwind());
        match tokio::time::timeout(self.deadline, futures_util::future::join_all(guarded)).await {
            Ok(outcomes) => {
                for outcome in outcomes {
                    if outcome.is_err() {
                        tracing::error!("after-response work panicked");
                    }
                }
            }
            Err(_) => {
                tracing::error!(
                    deadline_ms = self.deadline.as_millis() as u64,
                    pieces,
                    "{WORK_ABANDONED}"
                );
                if let Some(metric) = self.abandoned {
                    crate::metrics::emit(metric, pieces as u64);
                }
            }
        }
    }
}

/// Awaits the [`AfterResponse`] work once the runtime has sent the response, before it
/// polls for the next event.
struct FinishLayer<'a>(AfterResponse, PhantomData<&'a ()>);

impl<'a, S> tower::Layer<S> for FinishLayer<'a> {
    type Service = Finish<'a, S>;

    fn layer(&self, inner: S) -> Finish<'a, S> {
        Finish {
            inner,
            after: self.0.clone(),
            handler: PhantomData,
        }
    }
}

/// `'a`: the handler's borrows, which the runtime's futures carry.
struct Finish<'a, S> {
    inner: S,
    after: AfterResponse,
    handler: PhantomData<&'a ()>,
}

impl<'a, S> tower::Service<LambdaInvocation> for Finish<'a, S>
where
    S: tower::Service<LambdaInvocation, Response = (), Error = BoxError>,
    S::Future: 'a,
{
    type Response = ();
    type Error = BoxError;
    type Future = LocalBoxFuture<'a, Result<(), BoxError>>;

    fn poll_ready(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, invocation: LambdaInvocation) -> Self::Future {
        let sent = self.inner.call(invocation);
        let after = self.after.clone();
        Box::pin(async move {
            let result = sent.await;
            after.finish().await;
            result
        })
    }
}

/// Awaits a handler and turns whatever comes out of it, an `Err` or a panic included, into the
/// response the client gets.
async fn respond(
    handler: impl Future<Output = Result<Response<Body>>>,
    format: Format,
    head: bool,
    flash: Option<crate::flash::Flash>,
    coding: Coding,
) -> Response<Body> {
    let response = match AssertUnwindSafe(handler).catch_unwind().await {
        Ok(Ok(mut response)) => {
            // A HEAD answer is as long as its GET, and leaves the confirmation for the GET.
            crate::flash::show(&mut response, flash.filter(|_| !head));
            response
        }
        Ok(Err(error)) => error_response(error, format),
        // The panic hook (telemetry::init) has already logged it with its location.
        Err(_) => error_response(Error::internal("handler panicked"), format),
    };
    finish(response, head, coding)
}

/// A content coding of a page's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Gzip,
    Identity,
}

impl Coding {
    /// The coding a page for `request` gets: gzip when its `Accept-Encoding` allows it. (The
    /// static files, compressed once at build time, are brotli first: `assets`.)
    fn for_pages(request: &Request) -> Self {
        let accept = request
            .headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if accepts_coding(accept, "gzip") {
            Coding::Gzip
        } else {
            Coding::Identity
        }
    }
}

/// Whether an `Accept-Encoding` value allows `coding` (q-values honoured, `*` covering a coding
/// it does not name).
pub fn accepts_coding(accept_encoding: &str, coding: &str) -> bool {
    let mut named = None;
    let mut wildcard = None;
    for item in accept_encoding.split(',') {
        let mut parts = item.split(';');
        let token = parts.next().unwrap_or("").trim();
        if token.eq_ignore_ascii_case(coding) {
            named = Some(q_value(parts));
        } else if token == "*" {
            wildcard = Some(q_value(parts));
        }
    }
    named.or(wildcard).is_some_and(|q| q > 0.0)
}

/// HTML bodies shorter than this go as they are: compression would save too little to pay
/// for its own CPU and headers.
pub const COMPRESS_FROM_BYTES: usize = 1024;

/// `html` compressed with `coding` (gzip level 6: a page is compressed on every request, so
/// speed matters more than the last percent; BENCHMARKS.md, "Compressed pages").
pub fn compress(html: &[u8], coding: Coding) -> Option<Vec<u8>> {
    use std::io::Write;
    match coding {
        Coding::Identity => None,
        Coding::Gzip => {
            let mut encoder = flate2::write::GzEncoder::new(
                Vec::with_capacity(html.len() / 3),
                flate2::Compression::new(6),
            );
            encoder.write_all(html).ok()?;
            encoder.finish().ok()
        }
    }
}

/// How the client wants errors: browsers get the branded page, JSON clients JSON, and the
/// API (`/api/`) RFC 9457 problem details whatever the client asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Json,
    Problem,
}

impl Format {
    /// JSON when the client prefers `application/json` over `text/html` in `Accept`
    /// (q-values honoured), or sends JSON and states no preference.
    pub fn of(request: &Request) -> Self {
        let headers = request.headers();
        let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
            let sends_json = headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/json"));
            return if sends_json { Format::Json } else { Format::Html };
        };
        let quality = |wanted: &str| {
            accept
                .split(',')
                .filter_map(|item| {
                    let mut parts = item.split(';');
                    let media = parts.next()?.trim();
                    (media.eq_ignore_ascii_case(wanted)).then(|| q_value(parts))
                })
                .fold(0.0_f32, f32::max)
        };
        let json = quality("application/json");
        if json > 0.0 && json > quality("text/html") {
            Format::Json
        } else {
            Format::Html
        }
    }
}

/// The `q=` parameter of one `Accept`-style list item (1 when absent, 0 when malformed).
pub fn q_value<'a>(params: impl Iterator<Item = &'a str>) -> f32 {
    for param in params {
        if let Some((name, value)) = param.split_once('=')
            && name.trim().eq_ignore_ascii_case("q")
        {
            return value
                .trim()
                .parse::<f32>()
                .ok()
                .filter(|q| (0.0..=1.0).contains(q))
                .unwrap_or(0.0);
        }
    }
    1.0
}

/// A page response. Rendering only fails on a template bug, which is a 500.
pub fn html(status: StatusCode, page: &impl Template) -> Result<Response<Body>> {
    Ok(html_body(status, page.render().map_err(Error::internal)?))
}

pub(crate) fn html_body(status: StatusCode, body: String) -> Response<Body> {
    let mut response = Response::new(Body::Text(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// `302 Found` to a path of this site (never to a URL taken from the request unchecked).
pub fn redirect(location: &str) -> Response<Body> {
    let mut response = Response::new(Body::Empty);
    *response.status_mut() = StatusCode::FOUND;
    // Callers pass checked paths; should one not be a valid header value, home is safe.
    let value = HeaderValue::from_str(location).unwrap_or(HeaderValue::from_static("/"));
    response.headers_mut().insert(header::LOCATION, value);
    response
}

include!(concat!(env!("OUT_DIR"), "/slash_routes.rs"));

/// Django's `APPEND_SLASH`: a `GET` or `HEAD` of `path` where `path/` is one of `routes`
/// answers `308 Permanent Redirect` to `path/`, query kept (308, unlike 301, keeps the
/// method). Each function passes the routes it owns; the redirect function, which gets the
/// slash-less forms of the router's own exact routes, passes [`SLASH_ROUTES`].
pub fn append_slash(request: &Request, routes: &[&str]) -> Option<Response<Body>> {
    let path = request.uri().path();
    if path.ends_with('/') || !routes.iter().any(|route| route.strip_suffix('/') == Some(path)) {
        return None;
    }
    slash_redirect(request)
}

/// The `308` of [`append_slash`] for a path known to be a route's slash-less form (`None` for
/// methods other than `GET` and `HEAD`, whose body a client might not send again).
pub fn slash_redirect(request: &Request) -> Option<Response<Body>> {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return None;
    }
    let path = request.uri().path();
    let location = match request.uri().query() {
        Some(query) => format!("{path}/?{query}"),
        None => format!("{path}/"),
    };
    let value = HeaderValue::from_str(&location).ok()?;
    let mut response = Response::new(Body::Empty);
    *response.status_mut() = StatusCode::PERMANENT_REDIRECT;
    response.headers_mut().insert(header::LOCATION, value);
    Some(response)
}

pub fn json(status: StatusCode, value: &serde_json::Value) -> Response<Body> {
    let mut response = Response::new(Body::Text(value.to_string()));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// The response a failure gets in `format`, its headers (`Allow`, `WWW-Authenticate`,
/// `Retry-After`) included; 5xx sources are logged here and go no further.
pub fn error_response(error: Error, format: Format) -> Response<Body> {
    let status = error.status();
    if status.is_server_error() {
        // Sources (SDK errors, panics) go to the logs only, never to the client.
        tracing::error!(error = ?error, status = status.as_u16(), "request failed");
    } else {
        tracing::debug!(status = status.as_u16(), "request refused: {error}");
    }
    let mut response = match format {
        Format::Json => json(
            status,
            &serde_json::json!({
                "status": status.as_u16(),
                "error": status.canonical_reason().unwrap_or("Error"),
                "message": error.public_message(),
            }),
        ),
        Format::Problem => problem(&error),
        Format::Html => match render_error(&error) {
            Ok(page) => html_body(status, page),
            Err(render_error) => {
                tracing::error!(error = ?render_error, "error page failed to render");
                html_body(StatusCode::INTERNAL_SERVER_ERROR, "<h1>Server Error</h1>".into())
            }
        },
    };
    let headers = response.headers_mut();
    match error {
        Error::MethodNotAllowed { allow } => {
            headers.insert(header::ALLOW, HeaderValue::from_static(allow));
        }
        Error::Unauthorized(_) => {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        Error::TooManyRequests { retry_after } => {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        _ => {}
    }
    response
}

/// RFC 9457 problem details: `type` is `about:blank` (the status says what kind of problem it
/// is), `title` the status's phrase, `detail` what was wrong with this request, and for a
/// validation failure `errors`, each `field` with its `message`.
fn problem(error: &Error) -> Response<Body> {
    let status = error.status();
    let detail = match error {
        Error::NotFound => "There is nothing at this address, or it is not yours.",
        Error::MethodNotAllowed { .. } => "This address does not take that method: see Allow.",
        other => other.public_message(),
    };
    let mut body = serde_json::json!({
        "type": "about:blank",
        "title": status.canonical_reason().unwrap_or("Error"),
        "status": status.as_u16(),
        "detail": detail,
    });
    if let Error::Unprocessable { fields, .. } = error {
        body["errors"] = fields
            .iter()
            .map(|(field, message)| serde_json::json!({"field": field, "message": message}))
            .collect();
    }
    let mut response = json(status, &body);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

/// Adds the headers every response carries and empties the body of a `HEAD` response.
fn finish(mut response: Response<Body>, head: bool, coding: Coding) -> Response<Body> {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if is_html {
        compress_page(&mut response, coding);
    }
    let headers = response.headers_mut();
    for (name, value) in EVERY_RESPONSE {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    }
    if is_html {
        headers
            .entry(header::CONTENT_SECURITY_POLICY)
            .or_insert(content_security_policy().clone());
        for (name, value) in HTML_RESPONSES {
            headers.entry(name).or_insert(HeaderValue::from_static(value));
        }
    }
    if head {
        // The length a GET of the same resource would have (RFC 9110, 9.3.2), which a client
        // may use to decide whether to fetch it.
        let length = match response.body() {
            Body::Empty => 0,
            Body::Text(text) => text.len(),
            Body::Binary(bytes) => bytes.len(),
            _ => 0,
        };
        response
            .headers_mut()
            .entry(header::CONTENT_LENGTH)
            .or_insert(HeaderValue::from(length));
        *response.body_mut() = Body::Empty;
    }
    response
}

/// A page over [`COMPRESS_FROM_BYTES`] in the coding the client asked for (a HEAD too, so its
/// `Content-Length` is its GET's). Every page says it varies by `Accept-Encoding`.
fn compress_page(response: &mut Response<Body>, coding: Coding) {
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if response.headers().contains_key(header::CONTENT_ENCODING) {
        return;
    }
    let Body::Text(html) = response.body() else {
        return;
    };
    if html.len() < COMPRESS_FROM_BYTES {
        return;
    }
    let Some(compressed) = compress(html.as_bytes(), coding) else {
        return;
    };
    response
        .headers_mut()
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    *response.body_mut() = Body::Binary(compressed);
}

/// Defaults: a handler that sets one of these keeps its own value.
const EVERY_RESPONSE: [(HeaderName, &str); 4] = [
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "same-origin"),
    (
        header::STRICT_TRANSPORT_SECURITY,
        "max-age=63072000; includeSubDomains",
    ),
    // Responses are personal (sessions) unless a handler says otherwise.
    (header::CACHE_CONTROL, "no-store"),
];

const HTML_RESPONSES: [(HeaderName, &str); 3] = [
    (header::X_FRAME_OPTIONS, "DENY"),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
    (
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=()",
    ),
];

/// No inline script or style anywhere: the pages load only their own hashed assets (from
/// `STATIC_URL`'s origin when assets are on a CDN). Bootstrap's form controls use `data:`
/// SVG backgrounds, hence `img-src data:`.
fn content_security_policy() -> &'static HeaderValue {
    static CSP: OnceLock<HeaderValue> = OnceLock::new();
    CSP.get_or_init(|| {
        let assets = match crate::assets::static_origin() {
            Some(origin) => format!("'self' {origin}"),
            None => "'self'".to_string(),
        };
        let policy = format!(
            "default-src 'self'; script-src {assets}; style-src {assets}; font-src {assets}; \
             img-src {assets} data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'none'"
        );
        HeaderValue::from_str(&policy).expect("STATIC_URL must be a valid header value")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(accept: Option<&str>) -> Request {
        let mut builder = lambda_http::http::Request::builder();
        if let Some(accept) = accept {
            builder = builder.header("accept", accept);
        }
        builder.body(Body::Empty).unwrap()
    }

    /// Drops its flag when the work is dropped, finished or not.
    struct Finished(Arc<std::sync::atomic::AtomicBool>, bool);
    impl Drop for Finished {
        fn drop(&mut self) {
            self.0.store(self.1, std::sync::atomic::Ordering::SeqCst);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn after_response_work_is_abandoned_at_its_deadline() {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::time::Duration;
        let after = AfterResponse::new(Duration::from_secs(3));
        let (quick, slow) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicBool::new(false)));
        let (quick_flag, slow_flag) = (quick.clone(), slow.clone());
        after.defer(async move {
            let mut done = Finished(quick_flag, false);
            tokio::time::sleep(Duration::from_secs(1)).await;
            done.1 = true;
        });
        after.defer(async move {
            let mut done = Finished(slow_flag, false);
            tokio::time::sleep(Duration::from_secs(60)).await;
            done.1 = true;
        });

        let started = tokio::time::Instant::now();
        after.finish().await;

        assert_eq!(
            started.elapsed(),
            Duration::from_secs(3),
            "no longer than the deadline"
        );
        assert!(quick.load(Ordering::SeqCst), "work within the deadline finishes");
        assert!(!slow.load(Ordering::SeqCst), "work past it is dropped unfinished");
        assert!(after.work.lock().unwrap().is_empty());
    }

    #[test]
    fn browsers_get_html_and_api_clients_json() {
        let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert_eq!(Format::of(&request(Some(browser))), Format::Html);
        assert_eq!(Format::of(&request(None)), Format::Html);
        assert_eq!(Format::of(&request(Some("*/*"))), Format::Html);
        assert_eq!(Format::of(&request(Some("application/json"))), Format::Json);
        assert_eq!(
            Format::of(&request(Some("text/html;q=0.5, application/json"))),
            Format::Json
        );
        assert_eq!(
            Format::of(&request(Some("application/json;q=0, text/html"))),
            Format::Html
        );
    }

    fn text(response: &Response<Body>) -> &str {
        match response.body() {
            Body::Text(text) => text,
            _ => panic!("expected a text body"),
        }
    }

    #[tokio::test]
    async fn a_panicking_handler_gets_the_branded_500_page() {
        let response = respond(
            async { panic!("boom at /secret/path") },
            Format::Html,
            false,
            None,
            Coding::Identity,
        )
        .await;

        assert_eq!(response.status(), 500);
        assert_eq!(response.headers()["content-type"], "text/html; charset=utf-8");
        assert!(response.headers().contains_key("content-security-policy"));
        let page = text(&response);
        assert!(page.contains("Server Error") && page.contains(r#"href="/""#));
        assert!(!page.contains("boom") && !page.contains("/secret/path") && !page.contains("panicked"));
    }

    #[tokio::test]
    async fn internal_errors_never_reach_the_client() {
        let failing = async {
            Err(Error::internal(
                "DynamoDB table snip-prod: AccessDenied for arn:aws:iam::1",
            ))
        };

        let response = respond(failing, Format::Json, false, None, Coding::Identity).await;

        assert_eq!(response.status(), 500);
        let body: serde_json::Value = serde_json::from_str(text(&response)).unwrap();
        assert_eq!(body["status"], 500);
        assert!(!text(&response).contains("snip-prod") && !text(&response).contains("arn:"));
    }

    #[tokio::test]
    async fn unavailable_dependencies_get_the_branded_503_page() {
        let response = respond(
            async { Err(Error::Unavailable("timeout".into())) },
            Format::Html,
            false,
            None,
            Coding::Identity,
        )
        .await;

        assert_eq!(response.status(), 503);
        assert!(text(&response).contains("Service Unavailable"));
        assert!(!text(&response).contains("timeout"));
    }

    #[test]
    fn head_responses_lose_their_body_but_keep_headers() {
        let response = finish(
            json(StatusCode::OK, &serde_json::json!({"a": 1})),
            true,
            Coding::Gzip,
        );
        assert!(matches!(response.body(), Body::Empty));
        assert_eq!(response.headers()["content-type"], "application/json");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    }
}
