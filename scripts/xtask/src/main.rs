//! `cargo xtask <task>`: developer tasks that need Rust rather than shell.
//!
//! - `create-table [NAME]`: create the app's table (default `$TABLE_NAME`) in the DynamoDB at
//!   `AWS_ENDPOINT_URL_DYNAMODB`, from `template.yaml`'s definition.
//! - `export-static DIR`: write the published static files (hashed names, `.br`/`.gz`
//!   variants) and `manifest.json` to DIR, for a CDN or S3 upload.
//! - `bench --bin-dir DIR [--arm64-dir DIR] [--per-request-only | --link-page-only |
//!   --search-only | --import-only | --purge-only | --weight-only]`: print the figures of BENCHMARKS.md (`make bench` builds
//!   the binaries and starts DynamoDB Local first); with `--per-request-only` (`make
//!   bench-cpu`), only the CPU and memory per request; with `--link-page-only` (`make
//!   bench-link-page`), only the link page at volume; with `--search-only` (`make
//!   bench-search`), only finding links at the account's limit; with `--import-only` (`make
//!   bench-import`), only importing 1,000 links; with `--purge-only` (`make bench-purge`), only
//!   removing a deleted account with 10,000 links; with `--weight-only` (`make bench-weight`),
//!   only what a first visit of each page weighs.

use std::path::PathBuf;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("create-table") => create_table(args.get(1).cloned()).await,
        Some("export-static") => match args.get(1) {
            Some(dir) => export_static(PathBuf::from(dir)),
            None => Err("usage: cargo xtask export-static DIR".into()),
        },
        Some("bench") => bench(&args[1..]).await,
        _ => Err("usage: cargo xtask <create-table [NAME] | export-static DIR | bench --bin-dir DIR>".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn create_table(name: Option<String>) -> Result<(), xtask::table::BoxError> {
    let name = name
        .or_else(|| std::env::var("TABLE_NAME").ok())
        .ok_or("no table name (argument or TABLE_NAME)")?;
    let client = xtask::table::local_client().await;
    xtask::table::create(&client, &name).await?;
    println!("table {name} ready");
    Ok(())
}

fn export_static(dir: PathBuf) -> Result<(), xtask::table::BoxError> {
    let mut manifest = serde_json::Map::new();
    for asset in shared::assets::ASSETS {
        let target = dir.join(asset.hashed);
        std::fs::create_dir_all(target.parent().unwrap())?;
        std::fs::write(&target, asset.identity)?;
        for (bytes, ext) in [(asset.br, "br"), (asset.gzip, "gz")] {
            if let Some(bytes) = bytes {
                std::fs::write(format!("{}.{ext}", target.display()), bytes)?;
            }
        }
        manifest.insert(asset.logical.to_string(), asset.hashed.into());
    }
    let json = serde_json::to_string_pretty(&serde_json::Value::Object(manifest))?;
    std::fs::write(dir.join("manifest.json"), json + "\n")?;
    println!(
        "exported {} assets and manifest.json to {}",
        shared::assets::ASSETS.len(),
        dir.display()
    );
    Ok(())
}

async fn bench(args: &[String]) -> Result<(), xtask::table::BoxError> {
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .map(PathBuf::from)
    };
    let bin_dir = value("--bin-dir").ok_or("usage: cargo xtask bench --bin-dir DIR [--arm64-dir DIR]")?;
    xtask::bench::run(xtask::bench::Options {
        bin_dir,
        arm64_dir: value("--arm64-dir"),
        per_request_only: args.iter().any(|a| a == "--per-request-only"),
        link_page_only: args.iter().any(|a| a == "--link-page-only"),
        search_only: args.iter().any(|a| a == "--search-only"),
        import_only: args.iter().any(|a| a == "--import-only"),
        purge_only: args.iter().any(|a| a == "--purge-only"),
        weight_only: args.iter().any(|a| a == "--weight-only"),
    })
    .await
}
