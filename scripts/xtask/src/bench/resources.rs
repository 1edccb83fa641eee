//! What each request costs the function process itself: CPU (user + system) and resident
//! memory, read from `/proc/<pid>/` of its one sandbox before and after many sequential
//! requests, with the DynamoDB requests each one makes counted by the proxy in front of
//! DynamoDB Local.
//!
//! CPU is what Lambda bills and throttles at 128 MB (about 7% of a vCPU), and unlike latency
//! here it hardly depends on DynamoDB Local's JVM: thousands of requests make the 10 ms tick of
//! `/proc/<pid>/stat` irrelevant. Memory: a sandbox serves one request after another for hours,
//! so any growth per request ends in an out-of-memory kill; the growth is measured after a
//! warm-up, over the rest.

use std::time::Duration;

use super::hot_path::{self, CountingProxy};
use super::{http_client, spec};
use crate::emulator::LocalApi;
use crate::process::{TICKS_PER_SECOND, Usage};
use crate::table::BoxError;

/// Requests before the first reading (connections, caches and allocator pools settle).
const WARM_UP: usize = 5_000;
/// Requests between the two readings, for the four functions' memory figures;
/// `BENCH_REQUESTS` overrides it for a quick look.
const MEASURED: usize = 50_000;
/// Requests between the readings of the subjects measured for CPU alone: enough that the
/// 10 ms tick is under 1% of the total.
const CPU_ONLY: usize = 10_000;

/// One kind of request to one function.
pub struct Subject {
    pub label: &'static str,
    pub function: &'static str,
    pub path: &'static str,
    /// Whether its memory growth is one of the functions' figures (else CPU only, fewer requests).
    pub memory: bool,
    /// Headers its requests carry beside the client's own.
    pub headers: &'static [(&'static str, &'static str)],
}

/// A link no one created: the redirect's read, then its 404 page.
pub const UNKNOWN_LINK: &str = "/bench/nothing-here/";

/// What a browser asks for: the page then comes compressed (`web::compress`).
const BROWSER_ENCODINGS: &[(&str, &str)] = &[("accept-encoding", "gzip, deflate, br, zstd")];

pub const SUBJECTS: [Subject; 9] = [
    Subject {
        label: "hello world (the runtime alone)",
        function: "bench-hello",
        // It answers any path with its event; this one is routed to it.
        path: hot_path::SHORT_LINK,
        memory: false,
        headers: &[],
    },
    Subject {
        label: "`GET /` (links: the home page, no DynamoDB)",
        function: "links",
        path: "/",
        memory: true,
        headers: &[],
    },
    Subject {
        label: "`GET /` as a browser asks (links: the home page, gzipped)",
        function: "links",
        path: "/",
        memory: false,
        headers: BROWSER_ENCODINGS,
    },
    Subject {
        label: "`GET /accounts/login/` as a browser asks (accounts: the sign-in page, gzipped)",
        function: "accounts",
        path: "/accounts/login/",
        memory: false,
        headers: BROWSER_ENCODINGS,
    },
    Subject {
        label: "`GET /accounts/login/` (accounts: the sign-in page)",
        function: "accounts",
        path: "/accounts/login/",
        memory: true,
        headers: &[],
    },
    Subject {
        label: "`GET /health/` (health: one `GetItem`)",
        function: "health",
        path: "/health/",
        memory: true,
        headers: &[],
    },
    Subject {
        label: "bench-read (floor: the redirect's read alone)",
        function: hot_path::FLOOR,
        path: hot_path::SHORT_LINK,
        memory: false,
        headers: &[],
    },
    Subject {
        label: "redirect of an unknown link (one read, 404 page)",
        function: "redirect",
        path: UNKNOWN_LINK,
        memory: false,
        headers: &[],
    },
    Subject {
        label: "redirect of a real link: a click (the read, the 302, the click recorded)",
        function: "redirect",
        path: hot_path::SHORT_LINK,
        memory: true,
        headers: &[],
    },
];

pub struct Cost {
    pub requests: usize,
    /// Process CPU per request.
    pub cpu: Duration,
    pub dynamodb_per_request: f64,
    pub rss_before_kb: u64,
    pub rss_after_kb: u64,
}

impl Cost {
    pub fn growth_bytes_per_request(&self) -> f64 {
        (self.rss_after_kb as f64 - self.rss_before_kb as f64) * 1024.0 / self.requests as f64
    }
}

/// Whether `subject` is measured this run: `BENCH_ONLY` (function names, comma-separated, e.g.
/// `redirect,bench-read`) narrows a run to the subjects a change is judged on.
pub fn selected(subject: &Subject) -> bool {
    std::env::var("BENCH_ONLY").map_or(true, |only| {
        only.split(',').any(|name| name.trim() == subject.function)
    })
}

/// How many requests are measured for `subject` (after the warm-up).
pub fn measured_requests(subject: &Subject) -> usize {
    let default = if subject.memory { MEASURED } else { CPU_ONLY };
    std::env::var("BENCH_REQUESTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .map_or(default, |n: usize| n.min(default))
}

/// Rounds the measured requests are split into when several builds are compared: each
/// round measures every build in turn, so a drift of the machine falls on all of them alike.
const ROUNDS: usize = 10;

/// Measures `subject` in each build of `bin_dirs` (the first is the one under test; the
/// others, `BENCH_BASELINE`, what it is compared with), each with its own sandbox and proxy.
/// With one build the measured requests are one stretch; with more, they are sent in
/// [`ROUNDS`] rounds, every build in turn within each.
pub async fn measure(
    subject: &Subject,
    bin_dirs: &[&std::path::Path],
    endpoint: &str,
    table_name: &str,
) -> Result<Vec<Cost>, BoxError> {
    let http = http_client();
    let mut sandboxes = Vec::new();
    for bin_dir in bin_dirs {
        let proxy = CountingProxy::start(endpoint.trim_start_matches("http://").to_string()).await?;
        let function = spec(bin_dir, subject.function, &proxy.endpoint(), table_name);
        let api = LocalApi::start(vec![function], &super::routes(subject.function)).await?;
        let pid = *api
            .pids(subject.function)
            .first()
            .ok_or("the function did not start")?;
        let url = format!("{}{}", api.url, subject.path);
        sandboxes.push((proxy, api, pid, url));
    }
    let send = |url: &str| {
        let mut request = http.get(url);
        for (name, value) in subject.headers {
            request = request.header(*name, *value);
        }
        async move {
            // Whatever it answers (the 404 is the point of one subject), as a visitor reads it.
            request.send().await?.bytes().await?;
            Ok::<_, BoxError>(())
        }
    };
    for (_, _, _, url) in &sandboxes {
        for _ in 0..WARM_UP {
            send(url).await?;
        }
    }
    settle().await;
    let requests = measured_requests(subject);
    let rounds = if sandboxes.len() > 1 { ROUNDS } else { 1 };
    let mut readings = Vec::new();
    for (proxy, _, pid, _) in &sandboxes {
        proxy.reset();
        readings.push((Usage::of(*pid)?, 0u64));
    }
    for round in 0..rounds {
        let in_round = requests / rounds + usize::from(round < requests % rounds);
        for ((_, _, pid, url), (_, ticks)) in sandboxes.iter().zip(&mut readings) {
            let before = Usage::of(*pid)?;
            for _ in 0..in_round {
                send(url).await?;
            }
            settle().await;
            *ticks += Usage::of(*pid)?.cpu_ticks - before.cpu_ticks;
        }
    }
    let mut costs = Vec::new();
    for ((proxy, api, pid, _), (first, ticks)) in sandboxes.into_iter().zip(readings) {
        let last = Usage::of(pid)?;
        costs.push(Cost {
            requests,
            cpu: Duration::from_secs_f64(ticks as f64 / TICKS_PER_SECOND / requests as f64),
            dynamodb_per_request: proxy.calls() as f64 / requests as f64,
            rss_before_kb: first.rss_kb,
            rss_after_kb: last.rss_kb,
        });
        api.stop().await;
    }
    Ok(costs)
}

/// The last click's writes happen after its response: let them finish before reading.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(200)).await;
}
