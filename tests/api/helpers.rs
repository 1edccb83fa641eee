use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use xtask::emulator::{FunctionSpec, LocalApi};

pub const FUNCTIONS: [&str; 4] = ["redirect", "links", "accounts", "health"];

/// The four functions behind the local API Gateway stand-in, on a table of their own.
pub struct TestApp {
    pub api: LocalApi,
    pub client: reqwest::Client,
}

impl TestApp {
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
    spawn_app_with_database(&dynamodb_endpoint()).await
}

/// Starts the functions with the SDK pointed at `endpoint` (a dead port or a proxy in the
/// health tests) and JSON logs, as in Lambda.
pub async fn spawn_app_with_database(endpoint: &str) -> TestApp {
    static TABLES: AtomicU32 = AtomicU32::new(0);
    let table = format!(
        "test-{}-{}",
        std::process::id(),
        TABLES.fetch_add(1, Ordering::Relaxed)
    );
    let client = xtask::table::local_client().await;
    xtask::table::create(&client, &table)
        .await
        .expect("create the test table in DynamoDB Local");

    let functions = FUNCTIONS
        .iter()
        .map(|name| {
            FunctionSpec::new(name, binary(name))
                .env("TABLE_NAME", &table)
                .env("AWS_ENDPOINT_URL_DYNAMODB", endpoint)
                .env("AWS_ACCESS_KEY_ID", "local")
                .env("AWS_SECRET_ACCESS_KEY", "local")
                .env("AWS_LAMBDA_LOG_FORMAT", "JSON")
                .env("RUST_LOG", "info")
        })
        .collect();
    let api = LocalApi::start(functions, &xtask::project::watch_router())
        .await
        .expect("start the local API");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp { api, client }
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
