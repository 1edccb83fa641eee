use std::io::Read;

use crate::helpers::{TestApp, spawn_app};

/// Every `/static/...` URL the home page links (stylesheets, scripts, icon).
async fn linked_assets(app: &TestApp) -> Vec<String> {
    let html = app.get("/").await.text().await.unwrap();
    html.split(['"', '\''])
        .filter(|part| part.starts_with("/static/"))
        .map(str::to_string)
        .collect()
}

async fn stylesheet(app: &TestApp) -> String {
    linked_assets(app)
        .await
        .into_iter()
        .find(|url| url.contains("/css/app."))
        .expect("home links css/app.css")
}

fn is_hashed(url: &str) -> bool {
    // name.<12 hex>.ext
    let file = url.rsplit('/').next().unwrap();
    let parts: Vec<&str> = file.split('.').collect();
    parts.len() >= 3
        && parts[parts.len() - 2].len() == 12
        && parts[parts.len() - 2].chars().all(|c| c.is_ascii_hexdigit())
}

#[tokio::test]
async fn home_page_links_only_hashed_assets_that_exist() {
    let app = spawn_app().await;

    let assets = linked_assets(&app).await;

    assert!(assets.len() >= 4, "{assets:?}");
    for url in assets {
        assert!(is_hashed(&url), "{url} is not content-hashed");
        let response = app.get(&url).await;
        assert_eq!(response.status(), 200, "{url}");
    }
}

#[tokio::test]
async fn assets_are_served_with_immutable_caching_and_the_right_type() {
    let app = spawn_app().await;

    let response = app.get(&stylesheet(&app).await).await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/css; charset=utf-8");
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(response.headers()["vary"], "Accept-Encoding");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert!(response.headers().get("content-encoding").is_none());
}

#[tokio::test]
async fn encoding_follows_accept_encoding() {
    let app = spawn_app().await;
    let url = app.url(&stylesheet(&app).await);
    let fetch = |accept: &'static str| {
        let request = app.client.get(&url).header("accept-encoding", accept);
        async move {
            let response = request.send().await.unwrap();
            let encoding = response
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap().to_string());
            let etag = response.headers()["etag"].to_str().unwrap().to_string();
            (encoding, etag, response.bytes().await.unwrap().to_vec())
        }
    };

    let (identity_encoding, identity_etag, identity) = fetch("identity").await;
    let (br_encoding, br_etag, br) = fetch("gzip, deflate, br").await;
    let (gzip_encoding, gzip_etag, gzip) = fetch("gzip;q=1, br;q=0").await;

    assert_eq!(identity_encoding, None);
    assert_eq!(br_encoding.as_deref(), Some("br"));
    assert_eq!(gzip_encoding.as_deref(), Some("gzip"));
    let mut unbrotli = Vec::new();
    brotli::Decompressor::new(&br[..], 4096)
        .read_to_end(&mut unbrotli)
        .unwrap();
    let mut ungzip = Vec::new();
    flate2::read::GzDecoder::new(&gzip[..])
        .read_to_end(&mut ungzip)
        .unwrap();
    assert_eq!(unbrotli, identity);
    assert_eq!(ungzip, identity);
    // Each representation has its own strong validator.
    assert!(identity_etag != br_etag && br_etag != gzip_etag && !identity_etag.starts_with("W/"));
}

#[tokio::test]
async fn if_none_match_gives_304_without_a_body() {
    let app = spawn_app().await;
    let url = app.url(&stylesheet(&app).await);
    let first = app
        .client
        .get(&url)
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    let etag = first.headers()["etag"].clone();

    let response = app
        .client
        .get(&url)
        .header("accept-encoding", "br")
        .header("if-none-match", etag.clone())
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 304);
    assert_eq!(response.headers()["etag"], etag);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(response.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn head_gives_the_headers_without_the_body() {
    let app = spawn_app().await;

    let response = app
        .client
        .head(app.url(&stylesheet(&app).await))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/css; charset=utf-8");
    assert!(response.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn unknown_unhashed_and_traversal_paths_are_404() {
    let app = spawn_app().await;
    let hashed = stylesheet(&app).await;

    for path in [
        "/static/css/app.css".to_string(),
        "/static/nope.123456789abc.css".to_string(),
        "/static/%2e%2e/Cargo.toml".to_string(),
        hashed.replacen("/css/", "/css%2F", 1),
        hashed.replacen("/static/", "/static//", 1),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert!(
            response.text().await.unwrap().contains("Page Not Found"),
            "{path}"
        );
    }
    for path in ["/static/../Cargo.toml", "/static/css/../../template.yaml"] {
        let response = app.raw(&format!("GET {path} HTTP/1.1")).await;
        assert!(response.starts_with("HTTP/1.1 404"), "{path}: {response}");
    }
}

#[tokio::test]
async fn other_methods_on_assets_are_405() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url(&stylesheet(&app).await))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "GET, HEAD");
}

#[tokio::test]
async fn every_page_has_a_skip_link_and_a_visible_focus_ring() {
    let app = crate::helpers::spawn_app().await;
    let home = app.get("/").await.text().await.unwrap();
    assert!(home.contains(r##"<a class="visually-hidden-focusable skip-link" href="#content">"##));
    assert!(home.contains(r#"id="content""#));
    let css_path = home
        .split('"')
        .find(|part| part.contains("/css/app.") && part.ends_with(".css"))
        .expect("home links css/app.css")
        .to_string();
    let css = app.get(&css_path).await.text().await.unwrap();
    assert!(
        css.contains(":focus-visible") && css.contains("outline: 2px solid"),
        "{css}"
    );
    assert!(css.contains(".navbar :focus-visible"));
}

/// Every `bi-*` icon the site names, in `templates/`, `static/js/` and `shared/src/` (where
/// `scripts/vendor-static.sh` looks).
fn icons_named() -> std::collections::BTreeSet<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut named = std::collections::BTreeSet::new();
    let mut dirs: Vec<std::path::PathBuf> = ["templates", "static/js", "shared/src"]
        .iter()
        .map(|dir| root.join(dir))
        .collect();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            for (at, _) in text.match_indices("bi-") {
                let before = text[..at].chars().last();
                if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                    continue;
                }
                let name: String = text[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                    .collect();
                if name.len() > 3 {
                    named.insert(name);
                }
            }
        }
    }
    named
}

/// The icon font is cut to the icons the site uses (`make vendor-static`): a template that
/// starts using another one fails here until the font is cut again, instead of showing an
/// empty square.
#[test]
fn every_icon_the_site_uses_is_in_the_cut_font() {
    let vendor = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../static/vendor/bootstrap-icons");
    let kept: std::collections::BTreeSet<String> = std::fs::read_to_string(vendor.join("ICONS"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let css = std::fs::read_to_string(vendor.join("bootstrap-icons.min.css")).unwrap();
    let named = icons_named();
    assert!(
        named.contains("bi-scissors") && named.contains("bi-clipboard"),
        "{named:?}"
    );
    for icon in &named {
        assert!(
            kept.contains(icon) && css.contains(&format!(".{icon}::before{{content:")),
            "{icon} is used but not in the cut icon font: run `make vendor-static` and commit"
        );
    }
    let font = std::fs::metadata(vendor.join("fonts/bootstrap-icons.woff2"))
        .unwrap()
        .len();
    assert!(
        font < 10_000,
        "the icon font is {font} bytes: is it the whole font again?"
    );
}
