use shared::db::keys;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use aws_sdk_dynamodb::types::AttributeValue;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use xtask::emulator::{FunctionSpec, LocalApi};

pub const FUNCTIONS: [&str; 4] = ["redirect", "links", "accounts", "health"];

/// The four functions behind the local API Gateway stand-in, on a table of their own.
pub struct TestApp {
    pub api: LocalApi,
    pub client: reqwest::Client,
    pub table: String,
    pub dynamodb: aws_sdk_dynamodb::Client,
    sdk: aws_config::SdkConfig,
    /// Where this app's email goes (`EMAIL_BACKEND=file`), one directory per app.
    pub outbox: PathBuf,
}

impl TestApp {
    /// The `.eml` files of the outbox, oldest first, once there are at least `count` (email is
    /// sent after the response): waits up to 5 s, then returns what is there.
    pub async fn emails(&self, count: usize) -> Vec<String> {
        for _ in 0..100 {
            let found = self.read_outbox();
            if found.len() >= count {
                return found;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        self.read_outbox()
    }

    fn read_outbox(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.outbox) else {
            return Vec::new();
        };
        let mut names: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|path| std::fs::read_to_string(path).unwrap())
            .collect()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.api.url)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request failed")
    }

    /// Sends `raw` request bytes as they are, for paths an HTTP client would normalise.
    pub async fn raw(&self, request_line: &str) -> String {
        let address = self.api.url.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).await.unwrap();
        let request = format!("{request_line}\r\nHost: {address}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).await.unwrap();
        response
    }
}

impl TestApp {
    /// A request carrying `session` as the session cookie, from no particular browser.
    pub async fn get_with_session(&self, path: &str, session: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("cookie", format!("session={session}"))
            .send()
            .await
            .unwrap()
    }

    /// The app's table through the app's own store code.
    pub fn table_handle(&self) -> shared::db::Table {
        xtask::table::local_table(&self.sdk, &self.table)
    }

    async fn item(&self, pk: &str, sk: &str) -> Option<HashMap<String, AttributeValue>> {
        let key = HashMap::from([("pk".to_string(), s(pk)), ("sk".to_string(), s(sk))]);
        let output = self
            .dynamodb
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key))
            .send()
            .await
            .unwrap();
        output.item
    }

    pub async fn user_item(&self, username_key: &str) -> Option<HashMap<String, AttributeValue>> {
        self.item(&format!("{}{username_key}", keys::USER), "PROFILE")
            .await
    }

    pub async fn session_exists(&self, session_id: &str) -> bool {
        self.item(&format!("{}{}", keys::SESSION, sha256_hex(session_id)), "SESSION")
            .await
            .is_some()
    }

    /// How many items have a partition key starting with `prefix`.
    pub async fn items_with_prefix(&self, prefix: &str) -> usize {
        self.scan_prefix(prefix).await.len()
    }

    /// Every item in the table (the scan read to its end).
    pub async fn all_items(&self) -> Vec<HashMap<String, AttributeValue>> {
        self.scan(None).await
    }

    /// Every item whose partition key starts with `prefix`.
    pub async fn scan_prefix(&self, prefix: &str) -> Vec<HashMap<String, AttributeValue>> {
        self.scan(Some(prefix)).await
    }

    async fn scan(&self, prefix: Option<&str>) -> Vec<HashMap<String, AttributeValue>> {
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let mut scan = self
                .dynamodb
                .scan()
                .table_name(&self.table)
                .set_exclusive_start_key(start.take());
            if let Some(prefix) = prefix {
                scan = scan
                    .filter_expression("begins_with(pk, :prefix)")
                    .expression_attribute_values(":prefix", s(prefix));
            }
            let output = scan.send().await.unwrap();
            items.extend(output.items.unwrap_or_default());
            match output.last_evaluated_key {
                Some(last) => start = Some(last),
                None => return items,
            }
        }
    }

    async fn set_numbers(&self, pk: &str, sk: &str, values: &[(&str, i64)]) {
        let key = HashMap::from([("pk".to_string(), s(pk)), ("sk".to_string(), s(sk))]);
        let mut update = self
            .dynamodb
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key));
        let mut sets = Vec::new();
        for (i, (name, value)) in values.iter().enumerate() {
            sets.push(format!("#n{i} = :v{i}"));
            update = update
                .expression_attribute_names(format!("#n{i}"), *name)
                .expression_attribute_values(format!(":v{i}"), AttributeValue::N(value.to_string()));
        }
        update
            .update_expression(format!("SET {}", sets.join(", ")))
            .send()
            .await
            .unwrap();
    }

    /// Sets one attribute of an item, as something the app wrote earlier would have it.
    pub async fn set_attribute(&self, pk: &str, sk: &str, name: &str, value: AttributeValue) {
        let key = HashMap::from([("pk".to_string(), s(pk)), ("sk".to_string(), s(sk))]);
        self.dynamodb
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key))
            .update_expression("SET #name = :value")
            .expression_attribute_names("#name", name)
            .expression_attribute_values(":value", value)
            .send()
            .await
            .unwrap();
    }

    /// Sets a user's `link_count` as if they had made that many links.
    pub async fn set_link_count(&self, username_key: &str, count: i64) {
        self.set_numbers(
            &format!("{}{username_key}", keys::USER),
            "PROFILE",
            &[("link_count", count)],
        )
        .await;
    }

    /// Moves an item's `expires_at` into the past, as if its time had run out (DynamoDB's TTL
    /// deletes late, so the app must check it on read).
    pub async fn expire_item(&self, pk: &str, sk: &str) {
        self.set_numbers(pk, sk, &[("expires_at", now() - 1)]).await;
    }

    /// Makes a session look started `seconds` ago but used just now.
    pub async fn age_session_start(&self, session_id: &str, seconds: i64) {
        let pk = format!("{}{}", keys::SESSION, sha256_hex(session_id));
        self.set_numbers(
            &pk,
            "SESSION",
            &[("created_at", now() - seconds), ("last_seen", now())],
        )
        .await;
    }

    /// Makes a session look unused for `seconds`.
    pub async fn age_session(&self, session_id: &str, seconds: i64) {
        let pk = format!("{}{}", keys::SESSION, sha256_hex(session_id));
        self.set_numbers(
            &pk,
            "SESSION",
            &[("last_seen", now() - seconds), ("created_at", now() - seconds)],
        )
        .await;
    }
}

fn s(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_string())
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub fn sha256_hex(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

// Account steps every feature's tests start with.

pub const PASSWORD: &str = "correct horse battery";

pub async fn register(app: &TestApp, browser: &Browser, username: &str, email: &str) -> reqwest::Response {
    browser
        .submit(
            app,
            "/accounts/register/",
            &[
                ("username", username),
                ("email", email),
                ("password1", PASSWORD),
                ("password2", PASSWORD),
            ],
        )
        .await
}

pub async fn sign_in(
    app: &TestApp,
    browser: &Browser,
    path: &str,
    username: &str,
    password: &str,
) -> reqwest::Response {
    browser
        .submit_to(
            app,
            "/accounts/login/",
            path,
            &[("username", username), ("password", password)],
        )
        .await
}

pub fn location(response: &reqwest::Response) -> &str {
    response.headers()["location"].to_str().unwrap()
}

/// A browser: its own cookie jar, redirects not followed (tests look at them).
pub struct Browser {
    client: reqwest::Client,
    jar: Arc<reqwest::cookie::Jar>,
}

impl Browser {
    pub fn new() -> Self {
        Self::with_headers(reqwest::header::HeaderMap::new())
    }

    /// A browser whose requests come from `address` (as API Gateway would see it).
    pub fn from_address(address: &str) -> Self {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(xtask::emulator::SOURCE_IP_HEADER, address.parse().unwrap());
        Self::with_headers(headers)
    }

    fn with_headers(headers: reqwest::header::HeaderMap) -> Self {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Self { client, jar }
    }

    pub async fn get(&self, app: &TestApp, path: &str) -> reqwest::Response {
        self.client.get(app.url(path)).send().await.unwrap()
    }

    /// Opens the form at `path` and submits it with `fields` and the page's CSRF token.
    pub async fn submit(&self, app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.submit_to(app, path, path, fields).await
    }

    /// Opens the form page `page` and posts to `action`.
    pub async fn submit_to(
        &self,
        app: &TestApp,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let html = self.get(app, page).await.text().await.unwrap();
        assert!(csrf_token(&html).is_some(), "no csrf_token in the form at {page}");
        // As a browser does: the page's hidden fields go with what was typed.
        let hidden = hidden_fields(&html);
        let mut fields = fields.to_vec();
        for (name, value) in &hidden {
            if !fields.iter().any(|(given, _)| given == name) {
                fields.push((name, value));
            }
        }
        self.post_raw(app, action, &fields).await
    }

    pub async fn post_json(&self, app: &TestApp, path: &str, body: &str) -> reqwest::Response {
        let request = self
            .client
            .post(app.url(path))
            .header("content-type", "application/json");
        request.body(body.to_string()).send().await.unwrap()
    }

    /// Opens the form at `page` and uploads `file` as its `file` field, with the page's CSRF
    /// token, as `multipart/form-data` to the form's own address.
    pub async fn upload(&self, app: &TestApp, page: &str, file: &[u8]) -> reqwest::Response {
        let html = self.get(app, page).await.text().await.unwrap();
        let token = csrf_token(&html).unwrap_or_else(|| panic!("no csrf_token in the form at {page}"));
        self.upload_raw(app, page, Some(&token), file).await
    }

    /// Uploads `file` to `path` with exactly this token (or none), as a browser's form would.
    pub async fn upload_raw(
        &self,
        app: &TestApp,
        path: &str,
        token: Option<&str>,
        file: &[u8],
    ) -> reqwest::Response {
        let (content_type, body) = xtask::csv_upload(token, file);
        self.client
            .post(app.url(path))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// Posts exactly `fields`, no token added.
    pub async fn post_raw(&self, app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client.post(app.url(path)).form(fields).send().await.unwrap()
    }

    /// The session id this browser holds, if any.
    pub fn session_cookie(&self, app: &TestApp) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let url: reqwest::Url = app.api.url.parse().unwrap();
        let header = self.jar.cookies(&url)?;
        header
            .to_str()
            .ok()?
            .split("; ")
            .find_map(|pair| pair.strip_prefix("session="))
            .map(str::to_string)
    }
}

/// `(name, value)` of each `<input type="hidden" ...>` of the page, in order, first of a name.
pub fn hidden_fields(html: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for input in html.split(r#"<input type="hidden" name=""#).skip(1) {
        let Some((name, rest)) = input.split_once('"') else {
            continue;
        };
        let Some(value) = rest.strip_prefix(r#" value=""#).and_then(|v| v.split('"').next()) else {
            continue;
        };
        if !fields.iter().any(|(seen, _)| seen == name) {
            fields.push((name.to_string(), value.to_string()));
        }
    }
    fields
}

fn csrf_token(html: &str) -> Option<String> {
    hidden_fields(html)
        .into_iter()
        .find_map(|(name, value)| (name == "csrf_token").then_some(value))
}

/// The page without its CSRF token, to compare two renderings.
pub fn without_csrf_token(html: &str) -> String {
    match csrf_token(html) {
        Some(token) => html.replace(&token, "TOKEN"),
        None => html.to_string(),
    }
}

/// Where DynamoDB Local answers: `make test` exports it before running the tests.
pub fn dynamodb_endpoint() -> String {
    std::env::var("AWS_ENDPOINT_URL_DYNAMODB").expect(
        "AWS_ENDPOINT_URL_DYNAMODB is not set: run the tests with `make test`, which starts DynamoDB Local",
    )
}

/// A function binary built by `cargo build --workspace --bins` (tests run from
/// `<target>/debug/deps/`, the binaries sit one level up).
pub fn binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let path = exe.parent().unwrap().parent().unwrap().join(name);
    assert!(
        path.exists(),
        "{} is missing: build the functions first (`make test` does)",
        path.display()
    );
    path
}

pub async fn spawn_app() -> TestApp {
    start(&dynamodb_endpoint(), 1, &[]).await
}

/// With `instances` sandboxes per function, for tests that race requests.
pub async fn spawn_app_with(instances: usize) -> TestApp {
    start(&dynamodb_endpoint(), instances, &[]).await
}

pub async fn spawn_app_with_env(env: &[(&str, &str)]) -> TestApp {
    start(&dynamodb_endpoint(), 1, env).await
}

/// With the SDK pointed at `endpoint` (a dead port or a proxy in the health tests).
pub async fn spawn_app_with_database(endpoint: &str) -> TestApp {
    start(endpoint, 1, &[]).await
}

/// Starts the functions with JSON logs, as in Lambda, and cookies without `Secure` (plain
/// http) unless `env` says otherwise.
async fn start(endpoint: &str, instances: usize, env: &[(&str, &str)]) -> TestApp {
    static TABLES: AtomicU32 = AtomicU32::new(0);
    let table = format!(
        "test-{}-{}",
        std::process::id(),
        TABLES.fetch_add(1, Ordering::Relaxed)
    );
    let sdk = xtask::table::local_config().await;
    let dynamodb = aws_sdk_dynamodb::Client::new(&sdk);
    xtask::table::create(&dynamodb, &table)
        .await
        .expect("create the test table in DynamoDB Local");

    let outbox = std::env::temp_dir().join(format!("snip-outbox-{table}"));
    let _ = std::fs::remove_dir_all(&outbox);
    let functions = FUNCTIONS
        .iter()
        .map(|name| {
            let mut spec = FunctionSpec::new(name, binary(name))
                .env("TABLE_NAME", &table)
                .env("EMAIL_OUTBOX", outbox.to_str().unwrap())
                .env("SECURE_COOKIES", "false")
                .env("SECRET_KEY", "test-secret-key-0123456789abcdef-0123456789")
                .env("AWS_ENDPOINT_URL_DYNAMODB", endpoint)
                .env("AWS_ACCESS_KEY_ID", "local")
                .env("AWS_SECRET_ACCESS_KEY", "local")
                .env("AWS_LAMBDA_LOG_FORMAT", "JSON")
                .env("RUST_LOG", "info");
            spec.instances = instances;
            for (key, value) in env {
                spec = spec.env(key, value);
            }
            spec
        })
        .collect();
    let api = LocalApi::start_for_tests(functions, &xtask::project::watch_router())
        .await
        .expect("start the local API");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        api,
        client,
        table,
        dynamodb,
        sdk,
        outbox,
    }
}

/// A TCP port with nothing listening on it.
pub async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

/// A port that accepts connections and never answers: a database that hangs.
pub async fn black_hole() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    port
}

/// A TCP proxy in front of DynamoDB Local that can be switched off (every connection, open
/// or new, is dropped) and on again, to stop and restart "the database" under the functions.
pub struct Switch {
    pub port: u16,
    up: Arc<AtomicBool>,
    connections: Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl Switch {
    pub async fn start(target: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let connections = Arc::new(std::sync::Mutex::new(Vec::new()));
        let (flag, tasks) = (up.clone(), connections.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !flag.load(Ordering::SeqCst) {
                    continue; // dropped: connection closed at once
                }
                let target = target.clone();
                tasks.lock().unwrap().push(tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                }));
            }
        });
        Self {
            port,
            up,
            connections,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
        for task in self.connections.lock().unwrap().drain(..) {
            task.abort();
        }
    }

    pub fn up(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}
