//! A local stand-in for API Gateway (HTTP API, payload 2.0) in front of the Lambda Runtime
//! API, so tests and the bench drive the real function binaries through HTTP, the way
//! production does: [`LocalApi::start`] spawns each binary with `AWS_LAMBDA_RUNTIME_API`
//! pointing at a runtime server of its own, and one front server routes every request by the
//! router table in `Cargo.toml` (the same table `cargo lambda watch` uses).
//!
//! What it does like API Gateway: `$default` stage, `rawPath`/`rawQueryString`, lower-case
//! headers, the `Cookie` header moved to `cookies`, base64 bodies for non-UTF-8 payloads,
//! `x-forwarded-*` headers, 500 `{"message":"Internal Server Error"}` when a function fails,
//! 503 when it does not answer within 30 s. What it does not: authorisers, throttling, TLS.
//!
//! Every request comes from 127.0.0.1, so tests that need clients at other addresses (the
//! sign-in throttle's) start it with [`LocalApi::start_for_tests`]: it then takes a request's
//! `sourceIp` from [`SOURCE_IP_HEADER`], which it strips. Nothing else honours that header,
//! and API Gateway has no such thing.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpListener;
use tokio::process::{Child, Command};
use tokio::sync::{mpsc, oneshot};

/// The header a test sets to send a request from another address (only under
/// [`LocalApi::start_for_tests`]).
pub const SOURCE_IP_HEADER: &str = "x-local-test-source-ip";

/// The event an EventBridge rule's schedule sends (`template.yaml`'s `Purge`), for
/// [`LocalApi::invoke`]; `make purge` sends the same file to `make run`'s functions.
pub fn scheduled_event() -> Value {
    serde_json::from_str(include_str!("../../events/scheduled.json")).expect("the scheduled event is JSON")
}

/// API Gateway's integration timeout.
const INTEGRATION_TIMEOUT: Duration = Duration::from_secs(30);

/// One function to run: its binary and the environment it gets beside the Lambda variables.
#[derive(Debug, Clone)]
pub struct FunctionSpec {
    pub name: String,
    pub binary: PathBuf,
    pub env: Vec<(String, String)>,
    /// Concurrent sandboxes (each answers one request at a time, as in Lambda).
    pub instances: usize,
}

impl FunctionSpec {
    pub fn new(name: &str, binary: PathBuf) -> Self {
        Self {
            name: name.to_string(),
            binary,
            env: Vec::new(),
            instances: 1,
        }
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_string(), value.to_string()));
        self
    }
}

enum Outcome {
    Response(Bytes),
    Error,
}

struct Invocation {
    id: String,
    event: Vec<u8>,
    reply: oneshot::Sender<Outcome>,
}

/// The Runtime API of one function, shared by its sandboxes.
struct Runtime {
    name: String,
    queue: mpsc::UnboundedSender<Invocation>,
    next: tokio::sync::Mutex<mpsc::UnboundedReceiver<Invocation>>,
    /// Invocations handed to a sandbox: where to reply, and when the event was handed over.
    pending: Mutex<HashMap<String, (oneshot::Sender<Outcome>, Instant)>>,
    /// Event handed over → response posted, for every answered invocation.
    responded: Mutex<Vec<Duration>>,
    logs: Arc<Mutex<Vec<String>>>,
    started: Mutex<Vec<Instant>>,
    ready: Mutex<Vec<Duration>>,
    children: Mutex<Vec<Child>>,
}

/// A running local API: functions spawned, front server listening on 127.0.0.1.
pub struct LocalApi {
    pub url: String,
    runtimes: HashMap<String, Arc<Runtime>>,
}

static REQUEST_IDS: AtomicU64 = AtomicU64::new(1);

impl LocalApi {
    /// Spawns every function and serves the routes of `router` (path pattern → function).
    pub async fn start(functions: Vec<FunctionSpec>, routes: &[(String, String)]) -> std::io::Result<Self> {
        Self::start_with(functions, routes, false).await
    }

    /// As [`start`](Self::start), and a request's source address is [`SOURCE_IP_HEADER`]
    /// when it carries one.
    pub async fn start_for_tests(
        functions: Vec<FunctionSpec>,
        routes: &[(String, String)],
    ) -> std::io::Result<Self> {
        Self::start_with(functions, routes, true).await
    }

    async fn start_with(
        functions: Vec<FunctionSpec>,
        routes: &[(String, String)],
        source_ip_header: bool,
    ) -> std::io::Result<Self> {
        let mut runtimes = HashMap::new();
        for spec in functions {
            let runtime = spawn_function(&spec).await?;
            runtimes.insert(spec.name.clone(), runtime);
        }
        let mut router = matchit::Router::new();
        for (pattern, function) in routes {
            router
                .insert(pattern.clone(), function.clone())
                .map_err(|e| std::io::Error::other(format!("route {pattern}: {e}")))?;
        }
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let front = Arc::new(Front {
            router,
            runtimes: runtimes.clone(),
            addr,
            source_ip_header,
        });
        let app = Router::new().fallback(front_handler).with_state(front);
        tokio::spawn(async move { axum::serve(listener, app).await });
        Ok(Self {
            url: format!("http://{addr}"),
            runtimes,
        })
    }

    /// Everything the function's sandboxes have printed so far, one line each.
    pub fn logs(&self, function: &str) -> Vec<String> {
        self.runtimes[function].logs.lock().unwrap().clone()
    }

    /// For each sandbox that has asked for its first event: time from exec to that request.
    pub fn init_durations(&self, function: &str) -> Vec<Duration> {
        self.runtimes[function].ready.lock().unwrap().clone()
    }

    /// For each answered invocation: from the event handed to the sandbox to its response,
    /// the part of a request's latency that the function itself decides.
    pub fn response_times(&self, function: &str) -> Vec<Duration> {
        self.runtimes[function].responded.lock().unwrap().clone()
    }

    /// The process id of each of the function's sandboxes.
    pub fn pids(&self, function: &str) -> Vec<u32> {
        let children = self.runtimes[function].children.lock().unwrap();
        children.iter().filter_map(Child::id).collect()
    }

    /// Invokes `function` with `event` as Lambda's `Invoke` would (an EventBridge schedule's
    /// event, say): its answer, or `Err` when the function reported an error.
    pub async fn invoke(&self, function: &str, event: &Value) -> Result<Value, String> {
        let runtime = &self.runtimes[function];
        let id = format!("local-{:016x}", REQUEST_IDS.fetch_add(1, Ordering::Relaxed));
        let (reply, outcome) = oneshot::channel();
        let invocation = Invocation {
            id,
            event: serde_json::to_vec(event).unwrap(),
            reply,
        };
        runtime
            .queue
            .send(invocation)
            .map_err(|_| "the function is gone".to_string())?;
        match tokio::time::timeout(INTEGRATION_TIMEOUT, outcome).await {
            Ok(Ok(Outcome::Response(payload))) => serde_json::from_slice(&payload).map_err(|e| e.to_string()),
            Ok(Ok(Outcome::Error)) | Ok(Err(_)) => Err(format!("{function} reported an error")),
            Err(_) => Err(format!("{function} did not answer in time")),
        }
    }

    /// Kills the sandboxes (they are also killed when the `LocalApi` is dropped).
    pub async fn stop(&self) {
        for runtime in self.runtimes.values() {
            let children: Vec<Child> = std::mem::take(&mut *runtime.children.lock().unwrap());
            for mut child in children {
                let _ = child.kill().await;
            }
        }
    }
}

async fn spawn_function(spec: &FunctionSpec) -> std::io::Result<Arc<Runtime>> {
    let (queue, receiver) = mpsc::unbounded_channel();
    let runtime = Arc::new(Runtime {
        name: spec.name.clone(),
        queue,
        next: tokio::sync::Mutex::new(receiver),
        pending: Mutex::new(HashMap::new()),
        responded: Mutex::new(Vec::new()),
        logs: Arc::new(Mutex::new(Vec::new())),
        started: Mutex::new(Vec::new()),
        ready: Mutex::new(Vec::new()),
        children: Mutex::new(Vec::new()),
    });
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let api = listener.local_addr()?;
    let app = Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next_invocation))
        .route(
            "/2018-06-01/runtime/invocation/{id}/response",
            post(invocation_response),
        )
        .route(
            "/2018-06-01/runtime/invocation/{id}/error",
            post(invocation_error),
        )
        .route("/2018-06-01/runtime/init/error", post(init_error))
        .with_state(runtime.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });

    for instance in 0..spec.instances.max(1) {
        let mut command = Command::new(&spec.binary);
        command
            .env("AWS_LAMBDA_RUNTIME_API", api.to_string())
            .env("AWS_LAMBDA_FUNCTION_NAME", &spec.name)
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
            .env("AWS_LAMBDA_LOG_GROUP_NAME", format!("/local/{}", spec.name))
            .env("AWS_LAMBDA_LOG_STREAM_NAME", format!("instance-{instance}"))
            .env("AWS_REGION", "us-east-1")
            .envs(spec.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        runtime.started.lock().unwrap().push(Instant::now());
        let mut child = command
            .spawn()
            .map_err(|e| std::io::Error::other(format!("cannot start {}: {e}", spec.binary.display())))?;
        collect_lines(child.stdout.take().unwrap(), runtime.logs.clone());
        collect_lines(child.stderr.take().unwrap(), runtime.logs.clone());
        runtime.children.lock().unwrap().push(child);
    }
    Ok(runtime)
}

fn collect_lines(stream: impl tokio::io::AsyncRead + Unpin + Send + 'static, logs: Arc<Mutex<Vec<String>>>) {
    let echo = std::env::var_os("EMULATOR_ECHO_LOGS").is_some();
    tokio::spawn(async move {
        let mut lines = BufReader::new(stream).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            if echo {
                eprintln!("{line}");
            }
            logs.lock().unwrap().push(line);
        }
    });
}

/// An X-Ray trace header of the shape Lambda sends (`Root=1-<time>-<96 bits>;Parent=...`).
fn trace_id() -> String {
    static TRACES: AtomicU64 = AtomicU64::new(1);
    let n = TRACES.fetch_add(1, Ordering::Relaxed);
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    format!(
        "Root=1-{now:08x}-{n:024x};Parent={:016x};Sampled=0;Lineage=1:8f2b1c3d:0",
        n ^ 0x5bd1_e995
    )
}

async fn next_invocation(State(runtime): State<Arc<Runtime>>) -> Response {
    {
        // The n-th first call to /next is the n-th sandbox becoming ready.
        let started = runtime.started.lock().unwrap();
        let mut ready = runtime.ready.lock().unwrap();
        if ready.len() < started.len() {
            let index = ready.len();
            ready.push(started[index].elapsed());
        }
    }
    let invocation = runtime.next.lock().await.recv().await;
    let Some(invocation) = invocation else {
        return StatusCode::GONE.into_response();
    };
    runtime
        .pending
        .lock()
        .unwrap()
        .insert(invocation.id.clone(), (invocation.reply, Instant::now()));
    let deadline = SystemTime::now().duration_since(UNIX_EPOCH).unwrap() + INTEGRATION_TIMEOUT;
    let mut response = Response::new(Body::from(invocation.event));
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name: &'static str, value: String| {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_str(&value).unwrap(),
        );
    };
    set(headers, "lambda-runtime-aws-request-id", invocation.id);
    set(
        headers,
        "lambda-runtime-deadline-ms",
        deadline.as_millis().to_string(),
    );
    set(
        headers,
        "lambda-runtime-invoked-function-arn",
        format!("arn:aws:lambda:us-east-1:000000000000:function:{}", runtime.name),
    );
    // A new one each time, as Lambda sends: what the runtime does with it per invocation
    // (it used to export it to the environment) shows in the bench's memory figures.
    set(headers, "lambda-runtime-trace-id", trace_id());
    set(headers, "content-type", "application/json".into());
    response
}

async fn invocation_response(
    State(runtime): State<Arc<Runtime>>,
    Path(id): Path<String>,
    body: Bytes,
) -> StatusCode {
    let pending = runtime.pending.lock().unwrap().remove(&id);
    if let Some((reply, handed_over)) = pending {
        runtime.responded.lock().unwrap().push(handed_over.elapsed());
        let _ = reply.send(Outcome::Response(body));
    }
    StatusCode::ACCEPTED
}

async fn invocation_error(
    State(runtime): State<Arc<Runtime>>,
    Path(id): Path<String>,
    body: Bytes,
) -> StatusCode {
    runtime.logs.lock().unwrap().push(format!(
        "[runtime] invocation error: {}",
        String::from_utf8_lossy(&body)
    ));
    let pending = runtime.pending.lock().unwrap().remove(&id);
    if let Some((reply, _)) = pending {
        let _ = reply.send(Outcome::Error);
    }
    StatusCode::ACCEPTED
}

async fn init_error(State(runtime): State<Arc<Runtime>>, body: Bytes) -> StatusCode {
    runtime.logs.lock().unwrap().push(format!(
        "[runtime] init error: {}",
        String::from_utf8_lossy(&body)
    ));
    StatusCode::ACCEPTED
}

struct Front {
    router: matchit::Router<String>,
    runtimes: HashMap<String, Arc<Runtime>>,
    addr: SocketAddr,
    source_ip_header: bool,
}

async fn front_handler(State(front): State<Arc<Front>>, request: Request) -> Response {
    let path = request.uri().path().to_string();
    let Some(runtime) = front
        .router
        .at(&path)
        .ok()
        .and_then(|m| front.runtimes.get(m.value))
    else {
        return api_error(StatusCode::NOT_FOUND, "Not Found");
    };
    let id = format!("local-{:016x}", REQUEST_IDS.fetch_add(1, Ordering::Relaxed));
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, 10 * 1024 * 1024).await else {
        return api_error(StatusCode::PAYLOAD_TOO_LARGE, "Request Entity Too Large");
    };
    let event = api_gateway_event(&id, &parts, &body, front.addr, front.source_ip_header);
    let (reply, outcome) = oneshot::channel();
    if runtime
        .queue
        .send(Invocation {
            id,
            event: serde_json::to_vec(&event).unwrap(),
            reply,
        })
        .is_err()
    {
        return api_error(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error");
    }
    match tokio::time::timeout(INTEGRATION_TIMEOUT, outcome).await {
        Ok(Ok(Outcome::Response(payload))) => http_response(&payload),
        Ok(Ok(Outcome::Error)) | Ok(Err(_)) => {
            api_error(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error")
        }
        Err(_) => api_error(StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable"),
    }
}

/// API Gateway's own error body, as clients see it when the function is not the one answering.
fn api_error(status: StatusCode, message: &str) -> Response {
    (
        status,
        [("content-type", "application/json")],
        json!({ "message": message }).to_string(),
    )
        .into_response()
}

fn api_gateway_event(
    id: &str,
    parts: &axum::http::request::Parts,
    body: &[u8],
    addr: SocketAddr,
    source_ip_header: bool,
) -> Value {
    let mut headers = serde_json::Map::new();
    let mut cookies = Vec::new();
    let source_ip = parts
        .headers
        .get(SOURCE_IP_HEADER)
        .filter(|_| source_ip_header)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_string();
    for (name, value) in &parts.headers {
        if name == SOURCE_IP_HEADER {
            continue;
        }
        let value = String::from_utf8_lossy(value.as_bytes()).to_string();
        if name == "cookie" {
            cookies.extend(
                value
                    .split(';')
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty()),
            );
            continue;
        }
        match headers.get_mut(name.as_str()) {
            Some(Value::String(existing)) => {
                existing.push(',');
                existing.push_str(&value);
            }
            _ => {
                headers.insert(name.as_str().to_string(), Value::String(value));
            }
        }
    }
    // As API Gateway does: the connecting address is appended to what the client sent.
    let forwarded = match headers.get("x-forwarded-for").and_then(Value::as_str) {
        Some(sent) => format!("{sent}, {source_ip}"),
        None => source_ip.clone(),
    };
    headers.insert("x-forwarded-for".into(), forwarded.into());
    headers.insert("x-forwarded-proto".into(), "http".into());
    headers.insert("x-forwarded-port".into(), addr.port().to_string().into());
    let user_agent = headers.get("user-agent").cloned().unwrap_or_default();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let path = parts.uri.path();
    let mut event = json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": parts.uri.query().unwrap_or(""),
        "headers": headers,
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "local",
            "domainName": addr.to_string(),
            "domainPrefix": "local",
            "http": {
                "method": parts.method.as_str(),
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": user_agent,
            },
            "requestId": id,
            "routeKey": "$default",
            "stage": "$default",
            "time": httpdate::fmt_http_date(SystemTime::now()),
            "timeEpoch": now.as_millis() as u64,
        },
        "isBase64Encoded": false,
    });
    if !cookies.is_empty() {
        event["cookies"] = json!(cookies);
    }
    if !body.is_empty() {
        match std::str::from_utf8(body) {
            Ok(text) => event["body"] = Value::String(text.to_string()),
            Err(_) => {
                event["body"] = Value::String(BASE64.encode(body));
                event["isBase64Encoded"] = Value::Bool(true);
            }
        }
    }
    event
}

/// Turns the function's payload-2.0 response into HTTP, as API Gateway does.
fn http_response(payload: &[u8]) -> Response {
    let Ok(value) = serde_json::from_slice::<Value>(payload) else {
        return api_error(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error");
    };
    let status = value["statusCode"]
        .as_u64()
        .and_then(|s| StatusCode::from_u16(s as u16).ok());
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status.unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    let mut add = |name: &str, value: &str| {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::from_str(value)) {
            headers.append(name, value);
        }
    };
    if let Some(map) = value["headers"].as_object() {
        for (name, value) in map {
            add(name, value.as_str().unwrap_or_default());
        }
    }
    if let Some(map) = value["multiValueHeaders"].as_object() {
        for (name, values) in map {
            if value["headers"].get(name).is_none() {
                for value in values.as_array().into_iter().flatten() {
                    add(name, value.as_str().unwrap_or_default());
                }
            }
        }
    }
    for cookie in value["cookies"].as_array().into_iter().flatten() {
        add("set-cookie", cookie.as_str().unwrap_or_default());
    }
    let body = value["body"].as_str().unwrap_or_default();
    let bytes = if value["isBase64Encoded"].as_bool().unwrap_or(false) {
        BASE64.decode(body).unwrap_or_default()
    } else {
        body.as_bytes().to_vec()
    };
    *response.body_mut() = Body::from(bytes);
    response
}
