//! A Lambda sandbox serves one request after another for hours, at 128 MB for the redirect:
//! any memory kept per request ends in the sandbox killed mid-request. `make bench` prints
//! each function's growth over 50,000 requests; this is the guard `make test` holds.

use xtask::process::Usage;

use crate::helpers::{TestApp, spawn_app};

const WARM_UP: usize = 1_000;
const REQUESTS: usize = 4_000;
/// The leak this guards against kept about 150 bytes per request (each invocation's trace id,
/// left behind by `setenv`: README, "A patched `lambda_runtime`"). A flat process still moves
/// by a few of the allocator's steps (128 KB each) over a window: allow that, not a leak.
const MAX_GROWTH_PER_REQUEST: f64 = 50.0;

async fn growth_per_request(app: &TestApp, function: &str, path: &str) -> f64 {
    let pid = app.api.pids(function)[0];
    for _ in 0..WARM_UP {
        assert!(app.get(path).await.status().is_success());
    }
    let before = Usage::of(pid).unwrap().rss_kb;
    for _ in 0..REQUESTS {
        assert!(app.get(path).await.status().is_success());
    }
    let after = Usage::of(pid).unwrap().rss_kb;
    (after as f64 - before as f64) * 1024.0 / REQUESTS as f64
}

#[tokio::test]
async fn a_warm_function_keeps_nothing_per_request() {
    let app = spawn_app().await;
    // One page without DynamoDB, one with a DynamoDB call: the runtime, the edge and the SDK.
    for (function, path) in [("links", "/"), ("health", "/health/")] {
        let growth = growth_per_request(&app, function, path).await;
        assert!(
            growth < MAX_GROWTH_PER_REQUEST,
            "{function} grew {growth:.0} bytes per request over {REQUESTS} requests"
        );
    }
}
