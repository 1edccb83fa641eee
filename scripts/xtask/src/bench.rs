//! `cargo xtask bench`: the figures in BENCHMARKS.md, printed as Markdown.
//!
//! Run through `make bench`, which builds the release binaries (native for timing, arm64 for
//! the deployed size) and starts DynamoDB Local. Every timing goes through the same local
//! Runtime API stand-in the tests use, on loopback, so figures compare with each other (the
//! hello-world baseline, a bare `GetItem`), not with Lambda's absolute numbers.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::types::AttributeValue;

use crate::emulator::{FunctionSpec, LocalApi};
use crate::{project, table};

mod cost;
mod hot_path;
mod import;
mod link_page;
mod purge;
mod resources;
mod search;
mod weight;

const COLD_STARTS: usize = 25;
const WARM_REQUESTS: usize = 400;

/// One function to measure, with a path that reaches it.
const FUNCTIONS: [(&str, &str); 4] = [
    ("health", "/health/"),
    ("links", "/"),
    ("accounts", "/accounts/login/"),
    ("redirect", hot_path::SHORT_LINK),
];

pub struct Options {
    /// Native release binaries (timings).
    pub bin_dir: PathBuf,
    /// `cargo lambda build --release --arm64` output (`<fn>/bootstrap`), for deployed sizes.
    pub arm64_dir: Option<PathBuf>,
    /// Only the CPU and memory per request (quicker, for work on either).
    pub per_request_only: bool,
    /// Only the link page at volume (its seeding alone takes minutes).
    pub link_page_only: bool,
    /// Only finding links at the account's limit (10,000 links seeded).
    pub search_only: bool,
    /// Only importing 1,000 links.
    pub import_only: bool,
    /// Only the page weights.
    pub weight_only: bool,
    /// Only removing a deleted account with 10,000 links.
    pub purge_only: bool,
}

pub async fn run(options: Options) -> Result<(), table::BoxError> {
    let endpoint =
        std::env::var("AWS_ENDPOINT_URL_DYNAMODB").map_err(|_| "AWS_ENDPOINT_URL_DYNAMODB is not set")?;
    let table_name = format!("bench-{}", std::process::id());
    let client = table::local_client().await;
    table::create(&client, &table_name).await?;
    hot_path::seed(&table_name).await?;
    if options.per_request_only {
        per_request_costs(&options.bin_dir, &endpoint, &table_name, None).await?;
        client.delete_table().table_name(&table_name).send().await?;
        return Ok(());
    }
    if options.search_only {
        search::print(&search::measure(&options.bin_dir, &endpoint, &table_name).await?);
        client.delete_table().table_name(&table_name).send().await?;
        return Ok(());
    }
    if options.weight_only {
        weight::print(&weight::measure(&options.bin_dir, &endpoint, &table_name).await?);
        client.delete_table().table_name(&table_name).send().await?;
        return Ok(());
    }
    if options.import_only {
        import::print(&import::measure(&options.bin_dir, &endpoint, &table_name).await?);
        client.delete_table().table_name(&table_name).send().await?;
        return Ok(());
    }
    if options.purge_only {
        purge::print(&purge::measure(&options.bin_dir, &endpoint, &table_name).await?);
        client.delete_table().table_name(&table_name).send().await?;
        return Ok(());
    }
    if options.link_page_only {
        link_page::print(&link_page::measure(&options.bin_dir, &endpoint, &table_name).await?);
        client.delete_table().table_name(&table_name).send().await?;
        return Ok(());
    }

    println!("## Binary sizes (release profile, stripped)\n");
    println!("| binary | x86_64 | arm64 (deployed) |\n|---|---|---|");
    for name in FUNCTIONS.iter().map(|(n, _)| *n).chain(["bench-hello"]) {
        let native = size(&options.bin_dir.join(name));
        let arm = options
            .arm64_dir
            .as_ref()
            .map(|dir| size(&dir.join(name).join("bootstrap")));
        println!(
            "| {name} | {native} | {} |",
            arm.unwrap_or_else(|| "not built".into())
        );
    }
    let redirect_arm64 = options
        .arm64_dir
        .as_ref()
        .and_then(|dir| std::fs::metadata(dir.join("redirect").join("bootstrap")).ok())
        .map(|meta| meta.len());

    println!("\n## DynamoDB Local after a pause (a new client's first `GetItem`, 20 runs)\n");
    println!("| condition | p50 | p99 |\n|---|---|---|");
    let idle = first_get_after(Duration::from_millis(50), &table_name).await?;
    println!(
        "| after 50 ms with no request at all | {} | {} |",
        ms(pct(&idle, 50)),
        ms(pct(&idle, 99))
    );
    let keep_warm = KeepWarm::start(&table_name).await;
    let busy = first_get_after(Duration::from_millis(50), &table_name).await?;
    println!(
        "| same, with another client's `GetItem` every {} ms (as during the timings below) | {} | {} |",
        KEEP_WARM_EVERY.as_millis(),
        ms(pct(&busy, 50)),
        ms(pct(&busy, 99))
    );

    println!(
        "\n## Cold start ({COLD_STARTS} runs each, median; exec → first `/next`, and → first response)\n"
    );
    println!("| binary | init p50 | init max | first response p50 |\n|---|---|---|---|");
    let hello = cold_starts(&options.bin_dir, "bench-hello", None, &endpoint, &table_name).await?;
    println!(
        "| bench-hello (baseline) | {} | {} | n/a |",
        ms(median(&hello.0)),
        ms(max(&hello.0))
    );
    let (mut redirect_cold, mut floor_cold) = Default::default();
    let floor = (hot_path::FLOOR, hot_path::SHORT_LINK);
    for (name, path) in FUNCTIONS.into_iter().chain([floor]) {
        let (init, first) = cold_starts(&options.bin_dir, name, Some(path), &endpoint, &table_name).await?;
        let cold = (median(&init), median(&first));
        match name {
            "redirect" => redirect_cold = cold,
            hot_path::FLOOR => floor_cold = cold,
            _ => {}
        }
        let label = if name == hot_path::FLOOR {
            format!("{name} (floor: the redirect's read alone)")
        } else {
            name.to_string()
        };
        println!(
            "| {label} | {} ({:.1}× baseline) | {} | {} |",
            ms(cold.0),
            cold.0.as_secs_f64() / median(&hello.0).as_secs_f64(),
            ms(max(&init)),
            ms(cold.1)
        );
    }

    println!("\n## Warm latency ({WARM_REQUESTS} sequential requests through the stand-in)\n");
    println!("| request | p50 | p99 |\n|---|---|---|");
    let bare = bare_get_item(&client, &table_name).await?;
    println!(
        "| bare `GetItem` on DynamoDB Local (SDK, no Lambda) | {} | {} |",
        ms(pct(&bare, 50)),
        ms(pct(&bare, 99))
    );
    for (name, path) in [
        ("health", "/health/"),
        ("links", "/"),
        ("redirect", hot_path::SHORT_LINK),
    ] {
        let samples = warm(&options.bin_dir, name, path, &endpoint, &table_name).await?;
        println!(
            "| `GET {path}` ({name}) | {} | {} |",
            ms(pct(&samples, 50)),
            ms(pct(&samples, 99))
        );
    }

    let volume = link_page::measure(&options.bin_dir, &endpoint, &table_name).await?;
    link_page::print(&volume);
    search::print(&search::measure(&options.bin_dir, &endpoint, &table_name).await?);
    import::print(&import::measure(&options.bin_dir, &endpoint, &table_name).await?);
    purge::print(&purge::measure(&options.bin_dir, &endpoint, &table_name).await?);
    weight::print(&weight::measure(&options.bin_dir, &endpoint, &table_name).await?);

    drop(keep_warm);
    let hot = hot_path::measure(&options.bin_dir, &client, &endpoint, &table_name).await?;
    println!("\n## Redirect: the hot path (`GET {}`)\n", hot_path::SHORT_LINK);
    println!(
        "DynamoDB requests per redirect, counted by a proxy in front of DynamoDB Local: {:.2} ({}).\n",
        hot.calls_per_redirect, hot.operations
    );
    println!(
        "With {} ms added to every DynamoDB request, a redirect takes {} (p50): {:.2} × the added delay more \
         than without, so the visitor waits for {:.0} sequential DynamoDB round trip(s).\n",
        hot_path::ADDED_DELAY.as_millis(),
        ms(hot.delayed_p50),
        hot.round_trips,
        hot.round_trips
    );
    let floor = hot_path::FLOOR;
    let redirect_through = format!("`GET {}` (redirect, through the stand-in)", hot_path::SHORT_LINK);
    let row = |what: &str, samples: &[Duration]| {
        println!("| {what} | {} | {} |", ms(pct(samples, 50)), ms(pct(samples, 99)));
    };
    println!(
        "| one at a time, 10 ms apart, DynamoDB kept warm ({} requests) | p50 | p99 |\n|---|---|---|",
        hot.isolated.through.len()
    );
    row(
        "consistent `GetItem` of a counter shard (SDK, no Lambda)",
        &hot.bare_isolated,
    );
    row(&redirect_through, &hot.isolated.through);
    row(
        "the same redirects inside the sandbox (event handed over → response posted)",
        &hot.isolated.in_sandbox,
    );
    row(
        &format!("{floor} (floor), through the stand-in"),
        &hot.floor_isolated.through,
    );
    row(
        &format!("{floor} (floor), inside the sandbox"),
        &hot.floor_isolated.in_sandbox,
    );
    row(
        "hello world inside its sandbox, the same way (the Runtime API round trip alone)",
        &hot.hello_in_sandbox,
    );
    let conc = hot_path::CONCURRENCY;
    println!(
        "\n| under load ({conc} concurrent clients, {} sandboxes) | p50 | p99 |\n|---|---|---|",
        2 * conc
    );
    row(
        &format!("bare `GetItem`s alone ({conc} clients, SDK, no Lambda)"),
        &hot.bare,
    );
    row(&redirect_through, &hot.loaded.series.through);
    row(
        "the same redirects inside the sandboxes",
        &hot.loaded.series.in_sandbox,
    );
    row(
        "a bare `GetItem` sent while that redirect load runs (one more client)",
        &hot.loaded.bare_during,
    );
    row(
        &format!("{floor} (floor), through the stand-in"),
        &hot.floor_loaded.series.through,
    );
    row(
        &format!("{floor} (floor), inside the sandboxes"),
        &hot.floor_loaded.series.in_sandbox,
    );
    row(
        &format!("a bare `GetItem` sent while the {floor} load runs"),
        &hot.floor_loaded.bare_during,
    );

    let hello_init = median(&hello.0);
    let one_get = pct(&hot.bare_isolated, 50);
    println!(
        "\n| target | redirect | floor ({floor}) | limit | redirect meets it | floor meets it |\n\
         |---|---|---|---|---|---|"
    );
    let yes_no = |met: bool| if met { "yes" } else { "**no**" };
    let target = |what: &str, measured: String, floor: Option<(String, bool)>, limit: String, met: bool| {
        let (floor, floor_met) = floor.map_or(("n/a".into(), "n/a"), |(f, m)| (f, yes_no(m)));
        println!(
            "| {what} | {measured} | {floor} | {limit} | {} | {floor_met} |",
            yes_no(met)
        );
    };
    target(
        "sequential DynamoDB round trips per redirect",
        format!("{:.2}", hot.round_trips),
        None,
        "1".into(),
        hot.round_trips < 1.5,
    );
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    // Each latency target, and what is held against its limit for one function (the redirect
    // or the floor): (figure, the read it is divided by).
    let latency_targets = [
        "p50 ÷ `GetItem` p50, one at a time",
        "inside the sandbox: p50 ÷ `GetItem` p50, one at a time",
        "p50 under load ÷ bare `GetItem`s alone p50",
        "p99 under load ÷ bare `GetItem`s alone p99",
        "p50 under load ÷ `GetItem` p50 during that load",
        "p99 under load ÷ `GetItem` p99 during that load",
        "inside the sandboxes: p50 under load ÷ `GetItem` p50 during that load",
        "inside the sandboxes: p99 under load ÷ `GetItem` p99 during that load",
    ];
    let latency_figures = |isolated: &hot_path::Series, loaded: &hot_path::Loaded| {
        let (through, inside, during) = (
            &loaded.series.through,
            &loaded.series.in_sandbox,
            &loaded.bare_during,
        );
        [
            (pct(&isolated.through, 50), one_get),
            (pct(&isolated.in_sandbox, 50), one_get),
            (pct(through, 50), pct(&hot.bare, 50)),
            (pct(through, 99), pct(&hot.bare, 99)),
            (pct(through, 50), pct(during, 50)),
            (pct(through, 99), pct(during, 99)),
            (pct(inside, 50), pct(during, 50)),
            (pct(inside, 99), pct(during, 99)),
        ]
    };
    let redirect = latency_figures(&hot.isolated, &hot.loaded);
    let floor = latency_figures(&hot.floor_isolated, &hot.floor_loaded);
    for (what, ((subject, base), (floor_subject, floor_base))) in
        latency_targets.iter().zip(redirect.into_iter().zip(floor))
    {
        let (r, f) = (ratio(subject, base), ratio(floor_subject, floor_base));
        target(
            what,
            format!("{r:.2}×"),
            Some((format!("{f:.2}×"), f <= 1.3)),
            "1.3×".into(),
            r <= 1.3,
        );
    }
    let (r, f) = (
        ratio(redirect_cold.0, hello_init),
        ratio(floor_cold.0, hello_init),
    );
    target(
        "init ÷ hello world's init",
        format!("{r:.2}×"),
        Some((format!("{f:.2}×"), f <= 2.0)),
        "2×".into(),
        r <= 2.0,
    );
    // Each against its own init.
    let over = |(init, first): (Duration, Duration)| first.saturating_sub(init);
    let allowed = one_get.mul_f64(1.3);
    target(
        "first response (exec → 302) minus init",
        ms(over(redirect_cold)),
        Some((ms(over(floor_cold)), over(floor_cold) <= allowed)),
        format!("1.3 × `GetItem` = {}", ms(allowed)),
        over(redirect_cold) <= allowed,
    );
    match redirect_arm64 {
        Some(bytes) => target(
            "arm64 stripped binary",
            format!("{:.2} MB", bytes as f64 / 1_000_000.0),
            None,
            "6 MB".into(),
            bytes <= 6_000_000,
        ),
        None => target(
            "arm64 stripped binary",
            "not built".into(),
            None,
            "6 MB".into(),
            false,
        ),
    }

    // Measured once, for the cost model and for the table below.
    let hashes = password_hashes().await?;
    per_request_costs(&options.bin_dir, &endpoint, &table_name, Some(&hashes)).await?;

    println!("\n## Passwords and sign-in\n");
    println!("| measure | p50 | max |\n|---|---|---|");
    println!(
        "| argon2id hash, m=19 MiB t=2 p=1 (one core, release) | {} | {} |",
        ms(median(&hashes)),
        ms(max(&hashes))
    );
    let forms = account_forms(&options.bin_dir, &endpoint, &table_name).await?;
    for (what, samples) in [
        ("`POST /accounts/login/` success", &forms.sign_ins),
        ("`POST /accounts/register/` of 240 KB (413)", &forms.oversized),
        (
            "`POST /accounts/register/`, 7,000-character username and password (400)",
            &forms.long_fields,
        ),
    ] {
        println!(
            "| {what}, through the stand-in | {} | {} |",
            ms(median(samples)),
            ms(max(samples))
        );
    }

    println!("\n## Static assets (bytes on the wire)\n");
    println!("| asset | identity | gzip | brotli |\n|---|---|---|---|");
    let (mut identity, mut gzip, mut br) = (0, 0, 0);
    for asset in shared::assets::ASSETS {
        let g = asset.gzip.map_or(asset.identity.len(), <[u8]>::len);
        let b = asset.br.map_or(g, <[u8]>::len);
        let show = |v: Option<&[u8]>| v.map_or("not kept".to_string(), |v| v.len().to_string());
        println!(
            "| {} | {} | {} | {} |",
            asset.logical,
            asset.identity.len(),
            show(asset.gzip),
            show(asset.br)
        );
        identity += asset.identity.len();
        gzip += g;
        br += b;
    }
    println!("| **total (best a client gets)** | {identity} | {gzip} | {br} |");

    client.delete_table().table_name(&table_name).send().await?;
    Ok(())
}

const SIGN_INS: usize = 20;
const PASSWORD: &str = "bench horse battery staple";

async fn password_hashes() -> Result<Vec<Duration>, table::BoxError> {
    let mut samples = Vec::new();
    for _ in 0..SIGN_INS {
        let started = Instant::now();
        shared::accounts::password::hash(PASSWORD.to_string()).await?;
        samples.push(started.elapsed());
    }
    Ok(samples)
}

struct AccountForms {
    sign_ins: Vec<Duration>,
    /// Bodies over the form limit, refused before they are parsed.
    oversized: Vec<Duration>,
    /// Bodies under the limit whose fields are all too long, refused by the length checks.
    long_fields: Vec<Duration>,
}

/// Registers one user, then signs in `SIGN_INS` times, then sends as many abusive
/// registrations of each kind: each POST carries the CSRF cookie and token of a freshly
/// loaded form, as a browser's would.
async fn account_forms(
    bin_dir: &Path,
    endpoint: &str,
    table_name: &str,
) -> Result<AccountForms, table::BoxError> {
    let api = LocalApi::start(
        vec![spec(bin_dir, "accounts", endpoint, table_name)],
        &project::watch_router(),
    )
    .await?;
    let http = http_client();
    let form = |path: &'static str| {
        let http = http.clone();
        let url = format!("{}{path}", api.url);
        async move {
            let page = http.get(&url).send().await?;
            let cookie = page.headers()["set-cookie"]
                .to_str()?
                .split(';')
                .next()
                .unwrap_or_default()
                .to_string();
            let token = cookie
                .split_once('=')
                .map(|(_, v)| v.to_string())
                .unwrap_or_default();
            Ok::<_, table::BoxError>((url, cookie, token))
        }
    };
    let (url, cookie, token) = form("/accounts/register/").await?;
    let fields = [
        ("csrf_token", token.as_str()),
        ("username", "bencher"),
        ("email", "bench@example.com"),
        ("password1", PASSWORD),
        ("password2", PASSWORD),
    ];
    let registered = http
        .post(&url)
        .header("cookie", &cookie)
        .form(&fields)
        .send()
        .await?;
    if registered.status() != 302 {
        return Err(format!("registration failed: {}", registered.status()).into());
    }
    let mut samples = Vec::new();
    for _ in 0..SIGN_INS {
        let (url, cookie, token) = form("/accounts/login/").await?;
        let fields = [
            ("csrf_token", token.as_str()),
            ("username", "bencher"),
            ("password", PASSWORD),
        ];
        let started = Instant::now();
        let response = http
            .post(&url)
            .header("cookie", &cookie)
            .form(&fields)
            .send()
            .await?;
        samples.push(started.elapsed());
        if response.status() != 302 {
            return Err(format!("sign-in failed: {}", response.status()).into());
        }
    }
    let huge = "a".repeat(120_000);
    let long = "abcde".repeat(1_400);
    let abuse = |fields: [(&'static str, String); 4], expected: u16| {
        let form = &form;
        let http = http.clone();
        async move {
            let mut samples = Vec::new();
            for _ in 0..SIGN_INS {
                let (url, cookie, token) = form("/accounts/register/").await?;
                let mut body = fields.to_vec();
                body.push(("csrf_token", token));
                let started = Instant::now();
                let response = http
                    .post(&url)
                    .header("cookie", &cookie)
                    .form(&body)
                    .send()
                    .await?;
                samples.push(started.elapsed());
                if response.status() != expected {
                    return Err(format!("abusive registration: {}", response.status()).into());
                }
            }
            Ok::<_, table::BoxError>(samples)
        }
    };
    let oversized = abuse(
        [
            ("username", "bencher2".into()),
            ("email", "bench2@example.com".into()),
            ("password1", huge.clone()),
            ("password2", huge),
        ],
        413,
    )
    .await?;
    let long_fields = abuse(
        [
            ("username", long.clone()),
            ("email", "bench3@example.com".into()),
            ("password1", long),
            ("password2", "something else".into()),
        ],
        400,
    )
    .await?;
    api.stop().await;
    Ok(AccountForms {
        sign_ins: samples,
        oversized,
        long_fields,
    })
}

/// How the stand-in reaches `name`: the project's functions by the app's own routes, the
/// bench's own functions on every path.
fn routes(name: &str) -> Vec<(String, String)> {
    if FUNCTIONS.iter().any(|(function, _)| *function == name) {
        project::watch_router()
    } else {
        vec![("/{*path}".to_string(), name.to_string())]
    }
}

/// `links` under the stand-in, its DynamoDB requests counted by a proxy, and the cookie of a
/// session of `username` (a function running with `SECURE_COOKIES=false`, plain http, reads
/// the cookie such a function sets).
async fn signed_in_links(
    bin_dir: &Path,
    endpoint: &str,
    table: &shared::db::Table,
    table_name: &str,
    username: &str,
) -> Result<(LocalApi, hot_path::CountingProxy, String), table::BoxError> {
    shared::cookies::install_secure(false);
    let request = lambda_http::Request::default();
    let holder = shared::session::Holder {
        username_key: username,
        username,
        generation: 0,
        ended: Vec::new(),
    };
    let set_cookie = shared::session::start(table, &request, &holder, shared::now()).await?;
    let cookie = set_cookie.split(';').next().unwrap_or_default().to_string();
    let proxy = hot_path::CountingProxy::start(endpoint.trim_start_matches("http://").to_string()).await?;
    let api = LocalApi::start(
        vec![spec(bin_dir, "links", &proxy.endpoint(), table_name)],
        &routes("links"),
    )
    .await?;
    Ok((api, proxy, cookie))
}

/// How long a GET of `url` with `cookie` takes, body read; anything but a 200 is an error.
async fn timed_get(http: &reqwest::Client, url: &str, cookie: &str) -> Result<Duration, table::BoxError> {
    let started = std::time::Instant::now();
    let response = http.get(url).header("cookie", cookie).send().await?;
    let status = response.status();
    response.bytes().await?;
    if status != 200 {
        return Err(format!("{url} answered {status}").into());
    }
    Ok(started.elapsed())
}

fn spec(bin_dir: &Path, name: &str, endpoint: &str, table_name: &str) -> FunctionSpec {
    FunctionSpec::new(name, bin_dir.join(name))
        .env("TABLE_NAME", table_name)
        .env("AWS_ENDPOINT_URL_DYNAMODB", endpoint)
        .env("AWS_ACCESS_KEY_ID", "local")
        .env("AWS_SECRET_ACCESS_KEY", "local")
        .env("AWS_LAMBDA_LOG_FORMAT", "JSON")
        .env("SECURE_COOKIES", "false")
        .env("SECRET_KEY", "bench-secret-key-0123456789abcdef-0123456789")
}

/// CPU and resident memory per request of each function (`resources`), and what they say.
/// `BENCH_BASELINE` (a directory of release binaries, e.g. a copy of `target/release` from
/// before a change) measures that build beside this one, interleaved, and prints the ratios.
/// `hashes`: argon2 timings already taken (`make bench`), else taken here when `accounts` is
/// measured.
async fn per_request_costs(
    bin_dir: &Path,
    endpoint: &str,
    table_name: &str,
    hashes: Option<&[Duration]>,
) -> Result<(), table::BoxError> {
    let baseline = std::env::var_os("BENCH_BASELINE").map(PathBuf::from);
    let mut bin_dirs = vec![bin_dir];
    bin_dirs.extend(baseline.as_deref());
    println!("\n## CPU and memory per request (one sandbox, sequential requests after a warm-up of 5,000)\n");
    let compared = if baseline.is_some() {
        " baseline's CPU | ÷ baseline |"
    } else {
        ""
    };
    println!(
        "| request | requests | process CPU per request | DynamoDB requests per request | RSS after warm-up | RSS after | growth per request |{compared}\n\
         |---|---|---|---|---|---|---|{}",
        if baseline.is_some() { "---|---|" } else { "" }
    );
    let mut costs = Vec::new();
    for subject in resources::SUBJECTS.iter().filter(|s| resources::selected(s)) {
        let mut measured = resources::measure(subject, &bin_dirs, endpoint, table_name)
            .await?
            .into_iter();
        let cost = measured.next().expect("this build's figures");
        let before = measured.next();
        let compared = before.as_ref().map_or(String::new(), |before| {
            format!(
                " {} µs | {:.2} |",
                before.cpu.as_micros(),
                cost.cpu.as_secs_f64() / before.cpu.as_secs_f64()
            )
        });
        println!(
            "| {} | {} | {} µs | {:.2} | {} KB | {} KB | {:.1} bytes |{compared}",
            subject.label,
            cost.requests,
            cost.cpu.as_micros(),
            cost.dynamodb_per_request,
            cost.rss_before_kb,
            cost.rss_after_kb,
            cost.growth_bytes_per_request()
        );
        costs.push((subject, cost, before));
    }
    let cpu_of = |baseline: bool, function: &str, path: &str| {
        costs
            .iter()
            .find(|(s, _, _)| s.function == function && s.path == path)
            .and_then(|(_, cost, before)| if baseline { before.as_ref() } else { Some(cost) })
            .map(|cost| cost.cpu.as_secs_f64() * 1e6)
    };
    let cpu = |function: &str, path: &str| cpu_of(false, function, path);
    // (health − home, floor − hello, click) of this build or the baseline.
    let summary = |baseline: bool| {
        let of = |function, path| cpu_of(baseline, function, path);
        let minus = |a: Option<f64>, b: Option<f64>| a.zip(b).map(|(a, b)| a - b);
        (
            minus(of("health", "/health/"), of("links", "/")),
            minus(
                of(hot_path::FLOOR, hot_path::SHORT_LINK),
                of("bench-hello", hot_path::SHORT_LINK),
            ),
            of("redirect", hot_path::SHORT_LINK),
        )
    };
    let shown = |figure: Option<f64>, before: Option<f64>| match (figure, before) {
        (Some(f), Some(b)) => format!("{f:.0} µs ({b:.0} µs in the baseline: {:.2}×)", f / b),
        (Some(f), None) => format!("{f:.0} µs"),
        _ => "not measured".to_string(),
    };
    let (request_health, request_floor, click) = summary(false);
    let (before_health, before_floor, before_click) = if baseline.is_some() {
        summary(true)
    } else {
        (None, None, None)
    };
    println!(
        "\nOne DynamoDB request through the SDK: health − home page = {}; floor − hello world = {}. \
         A click: {}.\n",
        shown(request_health, before_health),
        shown(request_floor, before_floor),
        shown(click, before_click)
    );
    let home = cpu("links", "/");
    let health = cpu("health", "/health/");
    analytics_budget(&costs, cpu("bench-hello", hot_path::SHORT_LINK));
    let unknown = cpu("redirect", resources::UNKNOWN_LINK);
    let sign_in_page = cpu("accounts", "/accounts/login/");
    let argon2 = match (sign_in_page, hashes) {
        (None, _) => None,
        (Some(_), Some(hashes)) => Some(median(hashes).as_secs_f64() * 1e6),
        (Some(_), None) => Some(median(&password_hashes().await?).as_secs_f64() * 1e6),
    };
    memory_model(click.zip(unknown), home, health, sign_in_page.zip(argon2));
    let flat = costs
        .iter()
        .filter(|(subject, _, _)| subject.memory)
        .all(|(_, cost, _)| cost.growth_bytes_per_request() < 1.0);
    println!(
        "Memory flat (under 1 byte per request for each function measured for memory): {}",
        if flat { "yes" } else { "**no**" }
    );
    Ok(())
}

/// The analytics issue's CPU budget per click, set by the "CPU per click" issue (BENCHMARKS.md,
/// "A CPU budget for analytics"): that click, plus one more write at its CPU per
/// DynamoDB request (health − home page), plus 40 µs to parse what analytics keeps; measured
/// beside a hello world of [`ANALYTICS_BUDGET_HELLO_US`], so that a run on a faster or slower
/// machine holds the click to the same budget scaled by its own hello world.
const ANALYTICS_BUDGET_US: f64 = 539.0;
const ANALYTICS_BUDGET_HELLO_US: f64 = 93.0;
/// The click's three requests and the one more write.
const ANALYTICS_BUDGET_REQUESTS: u32 = 4;
/// A sign-in's DynamoDB round trips one after another (`Accounts::login`): the throttle's
/// counters with the user read, the account-wide counter, the success, the session.
const SIGN_IN_ROUND_TRIPS: u32 = 4;

/// Whether a click holds the analytics budget (CPU scaled by this run's hello world, and
/// DynamoDB requests), printed.
fn analytics_budget(
    costs: &[(&resources::Subject, resources::Cost, Option<resources::Cost>)],
    hello: Option<f64>,
) {
    let Some((_, click, _)) = costs
        .iter()
        .find(|(s, _, _)| s.function == "redirect" && s.path == hot_path::SHORT_LINK)
    else {
        println!("The analytics budget per click: not measured (no click in this run).\n");
        return;
    };
    let (cpu, requests) = (click.cpu.as_secs_f64() * 1e6, click.dynamodb_per_request);
    let budget = hello.map_or(ANALYTICS_BUDGET_US, |hello| {
        ANALYTICS_BUDGET_US * hello / ANALYTICS_BUDGET_HELLO_US
    });
    let holds = cpu <= budget && requests <= f64::from(ANALYTICS_BUDGET_REQUESTS);
    println!(
        "The analytics budget per click: {ANALYTICS_BUDGET_US:.0} µs beside a {ANALYTICS_BUDGET_HELLO_US:.0} µs hello world \
         ({budget:.0} µs {}), and {ANALYTICS_BUDGET_REQUESTS} DynamoDB requests. A click: {cpu:.0} µs and {requests:.2} requests. \
         Within the budget: {}\n",
        if hello.is_some() {
            "beside this run's hello world"
        } else {
            "unscaled: no hello world in this run"
        },
        if holds { "yes" } else { "**no**" }
    );
}

/// Each function's events modelled at the four memory sizes (`cost`), beside the size
/// `template.yaml` gives it: `click` is (a click, an unknown link's read and answer: what the
/// visitor waits for); `sign_in` is (the sign-in page, one argon2 hash).
fn memory_model(
    click: Option<(f64, f64)>,
    home: Option<f64>,
    health: Option<f64>,
    sign_in: Option<(f64, f64)>,
) {
    let workloads: Vec<cost::Workload> = [
        click.map(|(click, unknown)| cost::Workload {
            function: "redirect",
            what: "a click",
            cpu_us: click,
            round_trips: 2,
            caller_cpu_us: unknown,
            caller_round_trips: 1,
        }),
        home.map(|home| cost::Workload {
            function: "links",
            what: "the home page",
            cpu_us: home,
            round_trips: 0,
            caller_cpu_us: home,
            caller_round_trips: 0,
        }),
        health.map(|health| cost::Workload {
            function: "health",
            what: "a check",
            cpu_us: health,
            round_trips: 1,
            caller_cpu_us: health,
            caller_round_trips: 1,
        }),
        sign_in.map(|(page, hash)| cost::Workload {
            function: "accounts",
            what: "a sign-in (page CPU + one argon2 hash)",
            cpu_us: page + hash,
            round_trips: SIGN_IN_ROUND_TRIPS,
            caller_cpu_us: page + hash,
            caller_round_trips: SIGN_IN_ROUND_TRIPS,
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    if workloads.is_empty() {
        return;
    }
    println!(
        "\n## Memory size from the figures (arm64 prices; one DynamoDB round trip assumed {} ms)\n",
        cost::DYNAMODB_ROUND_TRIP_MS
    );
    println!(
        "| function: event | CPU here | memory | duration | the caller waits | $ per million | template.yaml |\n\
         |---|---|---|---|---|---|---|"
    );
    let chosen = project::memory_sizes();
    for workload in &workloads {
        let size = chosen
            .iter()
            .find(|(function, _)| function == workload.function)
            .map(|(_, mb)| *mb);
        // The four sizes, and the template's own if it is another.
        let extra = size.filter(|mb| !cost::MEMORY_SIZES_MB.contains(mb));
        for mb in cost::MEMORY_SIZES_MB.into_iter().chain(extra) {
            let estimate = workload.estimate(mb);
            println!(
                "| {}: {} | {:.0} µs | {mb} MB | {:.1} ms | {:.1} ms | ${:.3} | {} |",
                workload.function,
                workload.what,
                workload.cpu_us,
                estimate.duration_ms,
                estimate.caller_ms,
                estimate.cost_per_million,
                if size == Some(mb) { "**chosen**" } else { "" }
            );
        }
    }
}

/// Starts `name` fresh `COLD_STARTS` times: exec → ready, and exec → first response.
async fn cold_starts(
    bin_dir: &Path,
    name: &str,
    path: Option<&str>,
    endpoint: &str,
    table_name: &str,
) -> Result<(Vec<Duration>, Vec<Duration>), table::BoxError> {
    let http = http_client();
    let (mut init, mut first) = (Vec::new(), Vec::new());
    for _ in 0..COLD_STARTS {
        let started = Instant::now();
        let api = LocalApi::start(vec![spec(bin_dir, name, endpoint, table_name)], &routes(name)).await?;
        match path {
            Some(path) => {
                http.get(format!("{}{path}", api.url)).send().await?;
                first.push(started.elapsed());
                // The redirect records its click after answering: let it finish, or the
                // next cold start meets DynamoDB Local still busy with writes cut short.
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            None => {
                while api.init_durations(name).is_empty() {
                    tokio::time::sleep(Duration::from_micros(200)).await;
                }
            }
        }
        init.push(api.init_durations(name)[0]);
        api.stop().await;
    }
    Ok((init, first))
}

async fn warm(
    bin_dir: &Path,
    name: &str,
    path: &str,
    endpoint: &str,
    table_name: &str,
) -> Result<Vec<Duration>, table::BoxError> {
    // Two sandboxes: while one records a click after its response, Lambda (and the
    // stand-in) sends the next request to the other.
    let mut function = spec(bin_dir, name, endpoint, table_name);
    function.instances = 2;
    let api = LocalApi::start(vec![function], &project::watch_router()).await?;
    let http = http_client();
    let url = format!("{}{path}", api.url);
    for _ in 0..20 {
        http.get(&url).send().await?.bytes().await?;
    }
    let mut samples = Vec::with_capacity(WARM_REQUESTS);
    for _ in 0..WARM_REQUESTS {
        let started = Instant::now();
        http.get(&url).send().await?.bytes().await?;
        samples.push(started.elapsed());
    }
    api.stop().await;
    Ok(samples)
}

async fn bare_get_item(
    client: &aws_sdk_dynamodb::Client,
    table_name: &str,
) -> Result<Vec<Duration>, table::BoxError> {
    let get = || sentinel_get(client, table_name);
    for _ in 0..20 {
        get().await?;
    }
    let mut samples = Vec::with_capacity(WARM_REQUESTS);
    for _ in 0..WARM_REQUESTS {
        let started = Instant::now();
        get().await?;
        samples.push(started.elapsed());
    }
    Ok(samples)
}

/// DynamoDB Local, left idle for a few tens of milliseconds, answers its next request about
/// 2 ms late (its JVM's threads park), while DynamoDB in AWS is never idle. During the cold
/// starts and the one-at-a-time timings a background client therefore sends it one `GetItem`
/// every `KEEP_WARM_EVERY`, on its own connection, so that it answers like a busy service; the
/// "DynamoDB Local after a pause" table shows the effect. (Under load it is busy anyway.)
pub(crate) struct KeepWarm(tokio::task::JoinHandle<()>);

const KEEP_WARM_EVERY: Duration = Duration::from_millis(10);

impl KeepWarm {
    /// With a client of its own, so that its connection is not one the timed requests use.
    pub(crate) async fn start(table_name: &str) -> Self {
        let (client, table_name) = (table::local_client().await, table_name.to_string());
        Self(tokio::spawn(async move {
            loop {
                let _ = sentinel_get(&client, &table_name).await;
                tokio::time::sleep(KEEP_WARM_EVERY).await;
            }
        }))
    }
}

impl Drop for KeepWarm {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn sentinel_get(
    client: &aws_sdk_dynamodb::Client,
    table_name: &str,
) -> impl std::future::Future<Output = Result<aws_sdk_dynamodb::operation::get_item::GetItemOutput, table::BoxError>>
{
    let get = client
        .get_item()
        .table_name(table_name)
        .key("pk", AttributeValue::S("HEALTH#sentinel".into()))
        .key("sk", AttributeValue::S("HEALTH#sentinel".into()))
        .send();
    async move { Ok(get.await?) }
}

/// A new client's first `GetItem` (new connection), each after `pause` of silence from this
/// process: what a cold start's warm-up read meets.
async fn first_get_after(pause: Duration, table_name: &str) -> Result<Vec<Duration>, table::BoxError> {
    let mut samples = Vec::new();
    for _ in 0..20 {
        tokio::time::sleep(pause).await;
        let fresh = table::local_client().await;
        let started = Instant::now();
        sentinel_get(&fresh, table_name).await?;
        samples.push(started.elapsed());
    }
    Ok(samples)
}

/// A browser's client, so that a click is a person's (a request without a user agent is a
/// bot hit, which writes less) and its user agent is parsed. No `Referer`: the form posts of
/// the sign-in figures would fail their origin check with a foreign one.
fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")
        .build()
        .unwrap()
}

fn size(path: &Path) -> String {
    match std::fs::metadata(path) {
        Ok(meta) => format!("{:.2} MB", meta.len() as f64 / 1_000_000.0),
        Err(_) => "not built".into(),
    }
}

fn pct(samples: &[Duration], percentile: usize) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    sorted[((sorted.len() - 1) * percentile) / 100]
}

fn median(samples: &[Duration]) -> Duration {
    pct(samples, 50)
}

fn max(samples: &[Duration]) -> Duration {
    samples.iter().copied().max().unwrap_or_default()
}

fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}
