//! Importing 1,000 links (`POST /links/import/`) through the stand-in: the time a user waits
//! and the DynamoDB requests it makes, into an empty account and into ones that already hold
//! links (the import reads their slugs and targets first), and a re-import that creates
//! nothing.

use std::time::{Duration, Instant};

use super::http_client;
use crate::process::{TICKS_PER_SECOND, Usage};
use crate::table::BoxError;

/// Rows a file: the import's limit.
const ROWS: usize = 1_000;
/// Imports of new links, one after another into the same account.
const RUNS: usize = 3;
/// Any well-formed token: the form's check is that cookie and field agree.
const CSRF: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

pub struct Figures {
    /// Per import: links the account had before, links created, time, DynamoDB requests, and
    /// the CPU (user + system) of the `links` process.
    pub runs: Vec<(usize, usize, Duration, u64, Duration)>,
}

pub async fn measure(
    bin_dir: &std::path::Path,
    endpoint: &str,
    table_name: &str,
) -> Result<Figures, BoxError> {
    let table = crate::table::local_table(&crate::table::local_config().await, table_name);
    super::hot_path::seed_user(&table, "importer", &[], 0).await?;
    let (api, proxy, cookie) =
        super::signed_in_links(bin_dir, endpoint, &table, table_name, "importer").await?;
    let http = http_client();
    let url = format!("{}/links/import/", api.url);
    let cookie = format!("{cookie}; csrf={CSRF}");
    let upload = |file: String| {
        let (http, url, cookie) = (&http, &url, &cookie);
        async move {
            let (content_type, body) = crate::csv_upload(Some(CSRF), file.as_bytes());
            let started = Instant::now();
            let response = http
                .post(url)
                .header("cookie", cookie)
                .header("content-type", content_type)
                .body(body)
                .send()
                .await?;
            let status = response.status();
            let html = response.text().await?;
            let elapsed = started.elapsed();
            if status != 200 {
                return Err::<_, BoxError>(format!("import answered {status}").into());
            }
            let created = html
                .split(r#"<strong class="created-count">"#)
                .nth(1)
                .and_then(|rest| rest.split('<').next())
                .and_then(|n| n.parse::<usize>().ok())
                .ok_or("no totals in the import's answer")?;
            Ok((created, elapsed))
        }
    };
    let file = |run: usize| {
        (0..ROWS).fold(String::from("url,title,tags\r\n"), |file, row| {
            file + &format!(
                "https://example.com/run-{run}/page-{row:04},Imported page {row},imported run-{run}\r\n"
            )
        })
    };
    // The sandbox's first request starts it: not an import's cost.
    super::timed_get(&http, &url, &cookie).await?;
    let pid = *api.pids("links").first().ok_or("no links process")?;
    let cpu = || -> Result<u64, BoxError> { Ok(Usage::of(pid)?.cpu_ticks) };
    let mut runs = Vec::new();
    for run in 0..=RUNS {
        proxy.reset();
        let before = cpu()?;
        // The last file is the first again.
        let (created, elapsed) = upload(file(run % RUNS)).await?;
        let ticks = cpu()? - before;
        runs.push((
            run * ROWS,
            created,
            elapsed,
            proxy.calls(),
            Duration::from_secs_f64(ticks as f64 / TICKS_PER_SECOND),
        ));
    }
    api.stop().await;
    Ok(Figures { runs })
}

pub fn print(figures: &Figures) {
    println!("\n## Importing {ROWS} links (`POST /links/import/`)\n");
    println!(
        "Rows with an address, a title and two tags, no slug; the last file is the first again. DynamoDB \
         requests counted by the proxy.\n"
    );
    println!(
        "| links before | created | time | DynamoDB requests | CPU of `links` | that CPU at 128 MB (7.2% of a vCPU) |\n\
         |---|---|---|---|---|---|"
    );
    for (before, created, elapsed, requests, cpu) in &figures.runs {
        println!(
            "| {before} | {created} | {:.2} s | {requests} | {:.2} s | {:.1} s |",
            elapsed.as_secs_f64(),
            cpu.as_secs_f64(),
            cpu.as_secs_f64() * 1769.0 / 128.0
        );
    }
}
