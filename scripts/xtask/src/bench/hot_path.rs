//! The redirect's performance contract, measured: DynamoDB calls and sequential round trips
//! per redirect, and latency under concurrent load against a bare `GetItem`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::types::AttributeValue;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::{http_client, pct, spec};
use crate::emulator::LocalApi;
use crate::table::BoxError;

/// The seeded short link every redirect figure uses.
pub const SHORT_LINK: &str = "/bench/hot/";
pub const TARGET: &str = "https://example.com/landing";
pub const CONCURRENCY: usize = 4;
const PER_CLIENT: usize = 150;
/// Requests in each one-at-a-time series.
const ISOLATED: usize = 200;
/// Added to every DynamoDB request, to count sequential round trips from the latency.
pub const ADDED_DELAY: Duration = Duration::from_millis(20);

/// A user `bench` with the link `hot`, written by the app's own store code.
pub async fn seed(table_name: &str) -> Result<(), BoxError> {
    let table = crate::table::local_table(&crate::table::local_config().await, table_name);
    seed_user(&table, "bench", &["hot"], 0).await
}

/// A user `username` with links `slugs` to [`TARGET`], created at `created_ms`, written by the
/// app's own store code.
pub(super) async fn seed_user(
    table: &shared::db::Table,
    username: &str,
    slugs: &[&str],
    created_ms: i64,
) -> Result<(), BoxError> {
    use shared::accounts::domain::{Email, Username};
    use shared::accounts::store::{AccountStore, NewUser};
    use shared::links::domain::{Slug, TargetUrl, Title};
    use shared::links::store::{LinkStore, NewLink};

    let user = NewUser {
        username: Username::parse(username)?,
        email: Email::parse(&format!("{username}@example.com"))?,
        password_hash: "not used".into(),
        joined_at: 0,
    };
    table
        .create_user(&user)
        .await
        .map_err(|e| format!("seed user: {e:?}"))?;
    let target = TargetUrl::parse(TARGET, &[])?;
    for slug in slugs {
        let link = NewLink {
            owner: username,
            form_id: &shared::forms::FormId::generate(),
            target: &target,
            title: &Title::default(),
            created_ms,
            valid_until: Default::default(),
            tags: &Default::default(),
            idempotency: None,
        };
        table
            .create_link(&link, &Slug::parse(slug)?)
            .await
            .map_err(|e| format!("seed link: {e:?}"))?;
    }
    Ok(())
}

/// A series of requests, timed from both sides.
pub struct Series {
    /// At the client, through the stand-in.
    pub through: Vec<Duration>,
    /// Inside the sandbox: event handed over → response posted.
    pub in_sandbox: Vec<Duration>,
}

/// A series under load, with the bare reads one more client made while it ran.
pub struct Loaded {
    pub series: Series,
    pub bare_during: Vec<Duration>,
}

pub struct Figures {
    /// Redirects one at a time with a pause after each: no click being recorded meanwhile.
    pub isolated: Series,
    /// The floor function ([`FLOOR`]), timed the same way.
    pub floor_isolated: Series,
    /// The hello world's events, timed inside its sandbox: the Runtime API's own round trip.
    pub hello_in_sandbox: Vec<Duration>,
    /// The redirect's one read, made bare with the same pacing.
    pub bare_isolated: Vec<Duration>,
    pub calls_per_redirect: f64,
    pub operations: String,
    pub round_trips: f64,
    pub delayed_p50: Duration,
    pub loaded: Loaded,
    pub floor_loaded: Loaded,
    /// Bare reads alone, by as many clients as the load has.
    pub bare: Vec<Duration>,
}

/// The function that does only the redirect's read (`scripts/bench-read`): what any redirect
/// would measure here, at best.
pub const FLOOR: &str = "bench-read";
/// The counter shards of the seeded link are `HITS#bench#hot#<shard>`.
const SHARD_PK_PREFIX: &str = "HITS#bench#hot#";

/// What the redirect waits for: a strongly consistent `GetItem` of one counter shard.
fn shard_read(
    client: &aws_sdk_dynamodb::Client,
    table_name: &str,
) -> impl std::future::Future<Output = Result<Duration, BoxError>> {
    let shard = rand_shard();
    let get = client
        .get_item()
        .table_name(table_name)
        .key("pk", AttributeValue::S(format!("{SHARD_PK_PREFIX}{shard}")))
        .key("sk", AttributeValue::S("HITS".into()))
        .consistent_read(true)
        .send();
    async move {
        let started = Instant::now();
        let found = get.await?;
        if found.item.is_none() {
            return Err(format!("counter shard {shard} of the bench link is missing").into());
        }
        Ok(started.elapsed())
    }
}

fn rand_shard() -> usize {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(Instant::now()) as usize % shared::db::COUNTER_SHARDS
}

/// `name` (the redirect or the floor) with `instances` sandboxes, talking to `endpoint`.
async fn start(
    bin_dir: &std::path::Path,
    name: &str,
    instances: usize,
    endpoint: &str,
    table_name: &str,
) -> Result<LocalApi, BoxError> {
    let mut function = spec(bin_dir, name, endpoint, table_name);
    function.instances = instances;
    Ok(LocalApi::start(vec![function], &super::routes(name)).await?)
}

pub async fn measure(
    bin_dir: &std::path::Path,
    client: &aws_sdk_dynamodb::Client,
    endpoint: &str,
    table_name: &str,
) -> Result<Figures, BoxError> {
    let proxy = CountingProxy::start(endpoint.trim_start_matches("http://").to_string()).await?;
    let api = start(bin_dir, "redirect", 1, &proxy.endpoint(), table_name).await?;
    let http = http_client();
    let url = format!("{}{SHORT_LINK}", api.url);
    for _ in 0..20 {
        follow(&http, &url).await?;
    }
    proxy.reset();
    let plain = paced(&http, "redirect", &url, Duration::from_millis(10)).await?;
    let calls_per_redirect = proxy.calls() as f64 / plain.len() as f64;
    let operations = proxy.operations(plain.len());

    proxy.set_delay(ADDED_DELAY);
    let delayed = paced(&http, "redirect", &url, ADDED_DELAY * 3).await?;
    proxy.set_delay(Duration::ZERO);
    let delayed_p50 = pct(&delayed, 50);
    let round_trips = (delayed_p50.saturating_sub(pct(&plain, 50))).as_secs_f64() / ADDED_DELAY.as_secs_f64();
    api.stop().await;

    // One at a time, straight to DynamoDB Local (no counting proxy in the way), against the
    // same read made bare at the same pace, all with DynamoDB Local kept warm.
    let keep_warm = super::KeepWarm::start(table_name).await;
    let isolated = one_at_a_time(bin_dir, "redirect", endpoint, table_name).await?;
    let floor_isolated = one_at_a_time(bin_dir, FLOOR, endpoint, table_name).await?;
    // What the Runtime API round trip costs any function here: the hello world, which
    // answers its event at once, timed the same way.
    let hello_in_sandbox = one_at_a_time(bin_dir, "bench-hello", endpoint, table_name)
        .await?
        .in_sandbox;
    let bare_isolated = on_own_thread(table_name, |client, table_name| async move {
        for _ in 0..20 {
            shard_read(&client, &table_name).await?;
        }
        let mut samples = Vec::new();
        for _ in 0..ISOLATED {
            samples.push(shard_read(&client, &table_name).await?);
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        Ok(samples)
    })
    .await??;
    drop(keep_warm);

    let loaded = under_load(bin_dir, "redirect", endpoint, table_name).await?;
    let floor_loaded = under_load(bin_dir, FLOOR, endpoint, table_name).await?;
    let bare = concurrently(|| shard_read(client, table_name), None).await?;
    Ok(Figures {
        isolated,
        floor_isolated,
        hello_in_sandbox,
        bare_isolated,
        calls_per_redirect,
        operations,
        round_trips,
        delayed_p50,
        loaded,
        floor_loaded,
        bare,
    })
}

/// `ISOLATED` requests to `name`, each followed by `pause`, so that the click recorded after
/// one redirect's response is done (and counted) before the next starts.
async fn paced(
    http: &reqwest::Client,
    name: &str,
    url: &str,
    pause: Duration,
) -> Result<Vec<Duration>, BoxError> {
    let mut samples = Vec::new();
    for _ in 0..ISOLATED {
        let started = Instant::now();
        send(http, name, url).await?;
        samples.push(started.elapsed());
        tokio::time::sleep(pause).await;
    }
    Ok(samples)
}

/// `name` on one sandbox, one request every 10 ms, after 20 untimed ones.
async fn one_at_a_time(
    bin_dir: &std::path::Path,
    name: &str,
    endpoint: &str,
    table_name: &str,
) -> Result<Series, BoxError> {
    let api = start(bin_dir, name, 1, endpoint, table_name).await?;
    let http = http_client();
    let url = format!("{}{SHORT_LINK}", api.url);
    for _ in 0..20 {
        send(&http, name, &url).await?;
    }
    let through = paced(&http, name, &url, Duration::from_millis(10)).await?;
    let in_sandbox = last(api.response_times(name), through.len());
    api.stop().await;
    Ok(Series { through, in_sandbox })
}

/// The hello world echoes its event; the others must redirect to the bench link's target.
async fn send(http: &reqwest::Client, name: &str, url: &str) -> Result<(), BoxError> {
    if name == "bench-hello" {
        http.get(url).send().await?.bytes().await?;
        Ok(())
    } else {
        follow(http, url).await
    }
}

/// `CONCURRENCY` clients, straight to DynamoDB Local, and twice as many sandboxes, as Lambda
/// sends a request to another sandbox while one records its last click. One more client
/// reads bare meanwhile, keeping only the reads made while the timed rounds run (not while
/// the sandboxes start or warm up).
async fn under_load(
    bin_dir: &std::path::Path,
    name: &str,
    endpoint: &str,
    table_name: &str,
) -> Result<Loaded, BoxError> {
    let api = start(bin_dir, name, 2 * CONCURRENCY, endpoint, table_name).await?;
    let http = http_client();
    let url = format!("{}{SHORT_LINK}", api.url);
    let phase = Arc::new(AtomicU8::new(WARMING_UP));
    let probe = {
        let phase = phase.clone();
        on_own_thread(table_name, |client, table_name| async move {
            let mut samples = Vec::new();
            loop {
                let now = phase.load(Ordering::SeqCst);
                if now == DONE {
                    break;
                }
                let read = shard_read(&client, &table_name).await?;
                if now == TIMING && phase.load(Ordering::SeqCst) == TIMING {
                    samples.push(read);
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            Ok(samples)
        })
    };
    let through = concurrently(
        || {
            let (http, url) = (http.clone(), url.clone());
            async move {
                let started = Instant::now();
                follow(&http, &url).await?;
                Ok(started.elapsed())
            }
        },
        Some(&phase),
    )
    .await?;
    phase.store(DONE, Ordering::SeqCst);
    let bare_during = probe.await??;
    let in_sandbox = last(api.response_times(name), through.len());
    api.stop().await;
    Ok(Loaded {
        series: Series { through, in_sandbox },
        bare_during,
    })
}

/// Runs `work` with a client of its own on a thread of its own, under a current-thread
/// runtime: the way a sandbox makes its read, with none of the bench's other tasks sharing its
/// runtime's wake-ups.
fn on_own_thread<F, Fut>(
    table_name: &str,
    work: F,
) -> tokio::task::JoinHandle<Result<Vec<Duration>, BoxError>>
where
    F: FnOnce(aws_sdk_dynamodb::Client, String) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<Vec<Duration>, BoxError>>,
{
    let table_name = table_name.to_string();
    tokio::task::spawn_blocking(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async move { work(crate::table::local_client().await, table_name).await })
    })
}

/// The timed part of a series: its last `n` samples (the warm-up came first).
fn last(mut samples: Vec<Duration>, n: usize) -> Vec<Duration> {
    samples.split_off(samples.len().saturating_sub(n))
}

async fn follow(http: &reqwest::Client, url: &str) -> Result<(), BoxError> {
    let response = http
        .get(url)
        .header("user-agent", "Mozilla/5.0 (bench) Firefox/133.0")
        .send()
        .await?;
    let location = response.headers().get("location").and_then(|v| v.to_str().ok());
    if response.status() != 302 || location != Some(TARGET) {
        return Err(format!("redirect answered {} {location:?}", response.status()).into());
    }
    Ok(())
}

const WARMING_UP: u8 = 0;
const TIMING: u8 = 1;
const DONE: u8 = 2;

/// `CONCURRENCY` clients, `PER_CLIENT` requests each, after warm-up rounds; all samples.
/// `phase`, when given, turns to `TIMING` when the timed rounds start.
async fn concurrently<F, Fut>(one: F, phase: Option<&AtomicU8>) -> Result<Vec<Duration>, BoxError>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<Duration, BoxError>>,
{
    for _ in 0..10 {
        futures_util::future::try_join_all((0..CONCURRENCY).map(|_| one())).await?;
    }
    if let Some(phase) = phase {
        phase.store(TIMING, Ordering::SeqCst);
    }
    let mut samples = Vec::with_capacity(CONCURRENCY * PER_CLIENT);
    for _ in 0..PER_CLIENT {
        samples.extend(futures_util::future::try_join_all((0..CONCURRENCY).map(|_| one())).await?);
    }
    Ok(samples)
}

/// A TCP proxy in front of DynamoDB Local that counts the requests passing through (each
/// carries one `X-Amz-Target` header naming its operation) and can hold each one back.
pub(super) struct CountingProxy {
    port: u16,
    calls: Arc<AtomicU64>,
    delay_ms: Arc<AtomicU64>,
    operations: Arc<std::sync::Mutex<Vec<String>>>,
}

impl CountingProxy {
    pub(super) async fn start(target: String) -> Result<Self, BoxError> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let proxy = Self {
            port,
            calls: Arc::default(),
            delay_ms: Arc::default(),
            operations: Arc::default(),
        };
        let (calls, delay, operations) = (
            proxy.calls.clone(),
            proxy.delay_ms.clone(),
            proxy.operations.clone(),
        );
        tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                let Ok(outbound) = TcpStream::connect(&target).await else {
                    continue;
                };
                // Without it, a response longer than one write waits for the client's delayed
                // ACK (Nagle's algorithm): 40 ms added to a big link's page, none to a small one's.
                let (Ok(()), Ok(())) = (inbound.set_nodelay(true), outbound.set_nodelay(true)) else {
                    continue;
                };
                let (calls, delay, operations) = (calls.clone(), delay.clone(), operations.clone());
                tokio::spawn(async move {
                    let (mut in_read, mut in_write) = inbound.into_split();
                    let (mut out_read, mut out_write) = outbound.into_split();
                    let upstream = async move {
                        let mut buffer = vec![0u8; 64 * 1024];
                        loop {
                            let read = match in_read.read(&mut buffer).await {
                                Ok(0) | Err(_) => break,
                                Ok(read) => read,
                            };
                            let found = operation_names(&buffer[..read]);
                            if !found.is_empty() {
                                calls.fetch_add(found.len() as u64, Ordering::SeqCst);
                                operations.lock().unwrap().extend(found);
                                let ms = delay.load(Ordering::SeqCst);
                                if ms > 0 {
                                    tokio::time::sleep(Duration::from_millis(ms)).await;
                                }
                            }
                            if out_write.write_all(&buffer[..read]).await.is_err() {
                                break;
                            }
                        }
                    };
                    let downstream = async move {
                        let _ = tokio::io::copy(&mut out_read, &mut in_write).await;
                    };
                    tokio::join!(upstream, downstream);
                });
            }
        });
        Ok(proxy)
    }

    pub(super) fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub(super) fn reset(&self) {
        self.calls.store(0, Ordering::SeqCst);
        self.operations.lock().unwrap().clear();
    }

    pub(super) fn calls(&self) -> u64 {
        self.calls.load(Ordering::SeqCst)
    }

    fn set_delay(&self, delay: Duration) {
        self.delay_ms.store(delay.as_millis() as u64, Ordering::SeqCst);
    }

    /// `PutItem ×1.00, UpdateItem ×1.00` per redirect.
    fn operations(&self, redirects: usize) -> String {
        let mut counts = std::collections::BTreeMap::<String, usize>::new();
        for operation in self.operations.lock().unwrap().iter() {
            *counts.entry(operation.clone()).or_default() += 1;
        }
        counts
            .iter()
            .map(|(name, count)| format!("{name} ×{:.2}", *count as f64 / redirects as f64))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The operations named by `X-Amz-Target: DynamoDB_20120810.<Operation>` headers in a chunk.
fn operation_names(chunk: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(chunk);
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("x-amz-target:") {
        let start = from + at + "x-amz-target:".len();
        let line = text[start..].lines().next().unwrap_or_default().trim();
        found.push(line.rsplit('.').next().unwrap_or(line).to_string());
        from = start;
    }
    found
}
