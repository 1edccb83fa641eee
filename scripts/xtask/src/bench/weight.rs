//! What a first visit of each page costs in bytes, as a browser fetches it: the page (gzipped,
//! `Accept-Encoding` as Chromium sends it) and every stylesheet, script, icon and font it
//! loads (brotli), each once. The target: under 40 KB a page (README, "Static assets").

use std::collections::BTreeSet;

use super::{http_client, spec};
use crate::emulator::LocalApi;
use crate::table::BoxError;

const ACCEPT_ENCODING: &str = "gzip, deflate, br, zstd";
/// The most a first visit may cost.
pub const TARGET_BYTES: usize = 40 * 1024;

pub struct Figures {
    /// Per page: its path, the page's bytes, its assets' bytes.
    pub pages: Vec<(String, usize, usize)>,
}

pub async fn measure(
    bin_dir: &std::path::Path,
    endpoint: &str,
    table_name: &str,
) -> Result<Figures, BoxError> {
    let table = crate::table::local_table(&crate::table::local_config().await, table_name);
    super::hot_path::seed_user(&table, "weigher", &[], 0).await?;
    let (links, _proxy, cookie) =
        super::signed_in_links(bin_dir, endpoint, &table, table_name, "weigher").await?;
    let accounts = LocalApi::start(
        vec![spec(bin_dir, "accounts", endpoint, table_name)],
        &crate::project::watch_router(),
    )
    .await?;
    let http = http_client();
    let get = |url: String, cookie: Option<&str>| {
        let mut request = http.get(&url).header("accept-encoding", ACCEPT_ENCODING);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie.to_string());
        }
        async move {
            let response = request.send().await?;
            if !response.status().is_success() {
                return Err::<_, BoxError>(format!("{url} answered {}", response.status()).into());
            }
            let encoded = response.headers().contains_key("content-encoding");
            let bytes = response.bytes().await?;
            Ok((bytes, encoded))
        }
    };
    // Signed out on the accounts pages, signed in on the links pages.
    let pages: Vec<(&LocalApi, &str, Option<&str>)> = vec![
        (&links, "/", None),
        (&accounts, "/accounts/login/", None),
        (&accounts, "/accounts/register/", None),
        (&links, "/", Some(cookie.as_str())),
        (&links, "/links/", Some(cookie.as_str())),
        (&links, "/links/new/", Some(cookie.as_str())),
        (&links, "/links/import/", Some(cookie.as_str())),
    ];
    let mut figures = Vec::new();
    for (api, path, cookie) in pages {
        let (page, compressed) = get(format!("{}{path}", api.url), cookie).await?;
        if !compressed {
            return Err(format!("{path} did not come compressed").into());
        }
        // The page is read as text to find what it loads; its bytes on the wire are `page`.
        let html = {
            use std::io::Read;
            let mut text = String::new();
            flate2::read::GzDecoder::new(&page[..]).read_to_string(&mut text)?;
            text
        };
        let mut assets = BTreeSet::new();
        for attribute in ["href=\"/static/", "src=\"/static/"] {
            for (at, _) in html.match_indices(attribute) {
                let rest = &html[at + attribute.len() - "/static/".len()..];
                assets.insert(rest[..rest.find('"').unwrap_or(0)].to_string());
            }
        }
        let mut asset_bytes = 0;
        let mut queue: Vec<String> = assets.into_iter().collect();
        let mut seen = BTreeSet::new();
        while let Some(asset) = queue.pop() {
            if !seen.insert(asset.clone()) {
                continue;
            }
            let (bytes, _) = get(format!("{}{asset}", links.url), None).await?;
            asset_bytes += bytes.len();
            if asset.ends_with(".css") {
                // Fonts a stylesheet loads, relative to it (`fonts/<hashed>.woff2`).
                let css = asset_text(&bytes)?;
                let dir = &asset[..asset.rfind('/').unwrap_or(0) + 1];
                for (at, _) in css.match_indices("url(\"") {
                    let target = &css[at + 5..];
                    let target = &target[..target.find('"').unwrap_or(0)];
                    if !target.starts_with("data:") {
                        queue.push(format!("{dir}{target}"));
                    }
                }
            }
        }
        let label = format!("`{path}`{}", if cookie.is_some() { " (signed in)" } else { "" });
        figures.push((label, page.len(), asset_bytes));
    }
    links.stop().await;
    accounts.stop().await;
    Ok(Figures { pages: figures })
}

/// A brotli-encoded stylesheet as text.
fn asset_text(bytes: &[u8]) -> Result<String, BoxError> {
    use std::io::Read;
    let mut text = String::new();
    brotli::Decompressor::new(bytes, 4096).read_to_string(&mut text)?;
    Ok(text)
}

pub fn print(figures: &Figures) {
    println!("\n## Page weight: a first visit, as a browser fetches it\n");
    println!(
        "The page gzipped, its stylesheets, scripts, icon and fonts brotli, each once (`Accept-Encoding: \
         {ACCEPT_ENCODING}`). Target: under {} KB a page.\n",
        TARGET_BYTES / 1024
    );
    println!(
        "| page | the page | what it loads | total | under {} KB |\n|---|---|---|---|---|",
        TARGET_BYTES / 1024
    );
    for (page, html, assets) in &figures.pages {
        let total = html + assets;
        println!(
            "| {page} | {html} B | {assets} B | {:.1} KB | {} |",
            total as f64 / 1024.0,
            if total < TARGET_BYTES { "yes" } else { "**no**" }
        );
    }
}
