//! Publishes `static/` the way WhiteNoise does, at compile time:
//! every file gets a content-hashed name, brotli and gzip variants where they pay off, and a
//! manifest; `url(...)` references inside CSS are rewritten to the hashed names first, so a
//! stylesheet's hash changes when a font it points at changes.
//!
//! Output (in `OUT_DIR`): `static/` with the published files and `manifest.json`, and
//! `assets.rs`, which `src/assets.rs` includes: the asset table (bytes embedded with
//! `include_bytes!`, so nothing is read from disk at request time) and the `asset!` macro that
//! templates use, which fails the build on an unknown logical name.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Hex characters of the content hash put into file names (48 bits: collisions between
/// versions of one file are not a practical concern).
const NAME_HASH_LEN: usize = 12;
/// A compressed variant is kept only when it saves at least 5%.
const KEEP_RATIO: f64 = 0.95;
/// Formats that are already compressed: recompressing them wastes build time and bytes.
const PRECOMPRESSED: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "woff", "woff2", "gz", "br", "zip", "mp4",
];

struct Published {
    logical: String,
    hashed: String,
    content_type: String,
    etag: String,
    identity: PathBuf,
    gzip: Option<PathBuf>,
    br: Option<PathBuf>,
}

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let source = manifest_dir.join("../static");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let dest = out.join("static");
    println!("cargo::rerun-if-changed={}", source.display());

    if dest.exists() {
        std::fs::remove_dir_all(&dest).unwrap();
    }
    let mut files = Vec::new();
    collect(&source, &source, &mut files);
    files.sort();
    // Stylesheets go last so that every file they reference already has its hashed name.
    files.sort_by_key(|logical| logical.ends_with(".css"));

    let mut hashed_names: BTreeMap<String, String> = BTreeMap::new();
    let mut published = Vec::new();
    for logical in files {
        let mut bytes = std::fs::read(source.join(&logical)).unwrap();
        let ext = extension(&logical);
        if ext == "css" || ext == "js" {
            bytes = strip_missing_source_map(&bytes, &source, &logical);
        }
        if ext == "css" {
            bytes = rewrite_css_urls(&bytes, &logical, &hashed_names);
        }
        let digest = hex::encode(Sha256::digest(&bytes));
        let hashed = hashed_name(&logical, &digest[..NAME_HASH_LEN]);
        let identity = dest.join(&hashed);
        std::fs::create_dir_all(identity.parent().unwrap()).unwrap();
        std::fs::write(&identity, &bytes).unwrap();

        let (mut gzip, mut br) = (None, None);
        if !PRECOMPRESSED.contains(&ext) {
            gzip = keep_if_smaller(&bytes, gzip_bytes(&bytes), &identity, "gz");
            br = keep_if_smaller(&bytes, brotli_bytes(&bytes), &identity, "br");
        }
        hashed_names.insert(logical.clone(), hashed.clone());
        published.push(Published {
            content_type: content_type(&logical),
            etag: format!("\"{}\"", &digest[..32]),
            logical,
            hashed,
            identity,
            gzip,
            br,
        });
    }

    write_manifest(&dest, &hashed_names);
    write_rust(&out, &mut published);
    write_slash_routes(&manifest_dir.join("../Cargo.toml"), &out);
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy();
        if path.is_dir() {
            collect(root, &path, files);
        } else if !(name.starts_with('.') || name.starts_with("LICENSE") || name == "VERSIONS") {
            // Licence texts stay in the repository beside the vendored files; the files
            // themselves carry their licence banner.
            let logical = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push(logical);
        }
    }
}

fn extension(logical: &str) -> &str {
    logical.rsplit_once('.').map_or("", |(_, ext)| ext)
}

/// `css/app.css` + hash → `css/app.3f9a1c2b7d4e.css`; `x.min.css` → `x.min.<hash>.css`.
fn hashed_name(logical: &str, hash: &str) -> String {
    let (dir, file) = logical.rsplit_once('/').map_or(("", logical), |(d, f)| (d, f));
    let file = match file.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{file}.{hash}"),
    };
    if dir.is_empty() {
        file
    } else {
        format!("{dir}/{file}")
    }
}

fn content_type(logical: &str) -> String {
    let mime = mime_guess::from_path(logical).first_or_octet_stream();
    let textual = mime.type_() == "text"
        || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml")
        || mime.suffix().is_some_and(|s| s == "xml" || s == "json");
    if textual {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

/// Vendored minified files end with a `sourceMappingURL` comment; when the map is not shipped,
/// browsers' developer tools would request a file that 404s, so the comment goes.
fn strip_missing_source_map(bytes: &[u8], root: &Path, logical: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let pattern = regex_lite::Regex::new(
        r"(?m)^\s*(/\*# sourceMappingURL=([^ *]+) \*/|//# sourceMappingURL=(\S+))\s*$",
    )
    .unwrap();
    let dir = Path::new(logical).parent().unwrap_or(Path::new(""));
    pattern
        .replace_all(&text, |caps: &regex_lite::Captures| {
            let map = caps.get(2).or(caps.get(3)).unwrap().as_str();
            if root.join(dir).join(map).exists() {
                caps[0].to_string()
            } else {
                String::new()
            }
        })
        .into_owned()
        .into_bytes()
}

/// Points every local `url(...)` in a stylesheet at the hashed name of its target, keeping
/// the fragment (`#iefix`) and dropping the cache-busting query the hash makes redundant.
/// A reference to a file that is not in `static/` fails the build.
fn rewrite_css_urls(bytes: &[u8], logical: &str, hashed: &BTreeMap<String, String>) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).unwrap_or_else(|_| panic!("static/{logical} is not UTF-8"));
    let pattern = regex_lite::Regex::new(r#"url\(\s*(['"]?)([^'")]+)(['"]?)\s*\)"#).unwrap();
    let base = logical.rsplit_once('/').map_or("", |(dir, _)| dir);
    pattern
        .replace_all(&text, |caps: &regex_lite::Captures| {
            let reference = caps[2].trim();
            let external = ["data:", "http:", "https:", "//", "#", "/"]
                .iter()
                .any(|prefix| reference.starts_with(prefix));
            if external {
                return caps[0].to_string();
            }
            let end = reference.find(['?', '#']).unwrap_or(reference.len());
            let (path, rest) = reference.split_at(end);
            let fragment = rest.find('#').map_or("", |i| &rest[i..]);
            let target = resolve(base, path);
            let Some(hashed_target) = hashed.get(&target) else {
                panic!("static/{logical} references {reference}, which is not in static/");
            };
            let hashed_file = hashed_target.rsplit('/').next().unwrap();
            let rewritten = match path.rsplit_once('/') {
                Some((dir, _)) => format!("{dir}/{hashed_file}"),
                None => hashed_file.to_string(),
            };
            format!("url({q}{rewritten}{fragment}{q})", q = &caps[1])
        })
        .into_owned()
        .into_bytes()
}

/// Resolves `./a/../b.woff2` against the directory of the referencing file.
fn resolve(base: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

fn gzip_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn brotli_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).unwrap();
    out
}

fn keep_if_smaller(original: &[u8], compressed: Vec<u8>, identity: &Path, ext: &str) -> Option<PathBuf> {
    if compressed.len() as f64 > original.len() as f64 * KEEP_RATIO {
        return None;
    }
    let path = PathBuf::from(format!("{}.{ext}", identity.display()));
    std::fs::write(&path, compressed).unwrap();
    Some(path)
}

fn write_manifest(dest: &Path, hashed: &BTreeMap<String, String>) {
    let mut json = String::from("{\n");
    for (i, (logical, name)) in hashed.iter().enumerate() {
        let comma = if i + 1 == hashed.len() { "" } else { "," };
        let _ = writeln!(json, "  {logical:?}: {name:?}{comma}");
    }
    json.push_str("}\n");
    std::fs::write(dest.join("manifest.json"), json).unwrap();
}

fn write_rust(out: &Path, published: &mut [Published]) {
    // Sorted by hashed name: the server looks requests up with a binary search.
    published.sort_by(|a, b| a.hashed.cmp(&b.hashed));
    let bytes = |path: &Option<PathBuf>| match path {
        Some(p) => format!("Some(include_bytes!({:?}))", p.display().to_string()),
        None => "None".to_string(),
    };
    let mut code =
        String::from("/// Every published asset, sorted by hashed name.\npub static ASSETS: &[Asset] = &[\n");
    for p in published.iter() {
        let _ = writeln!(
            code,
            "    Asset {{ logical: {:?}, hashed: {:?}, content_type: {:?}, etag: {:?}, identity: include_bytes!({:?}), gzip: {}, br: {} }},",
            p.logical,
            p.hashed,
            p.content_type,
            p.etag,
            p.identity.display().to_string(),
            bytes(&p.gzip),
            bytes(&p.br),
        );
    }
    code.push_str("];\n\n");
    code.push_str(
        "/// The public URL of a static asset by its logical name (its path under `static/`).\n\
         /// An unknown name is a compile error, so a template can never link a missing file.\n\
         macro_rules! asset {\n",
    );
    for p in published.iter() {
        let _ = writeln!(
            code,
            "    ({:?}) => {{ $crate::assets::AssetUrl({:?}) }};",
            p.logical, p.hashed
        );
    }
    code.push_str(
        "    ($other:literal) => { compile_error!(concat!(\"unknown static asset: \", $other)) };\n}\n",
    );
    std::fs::write(out.join("assets.rs"), code).unwrap();
}

/// `slash_routes.rs`: the router's exact paths that end in a slash (not `/`, not a greedy
/// pattern), from the `Cargo.toml` router that the routes test holds against `template.yaml`.
/// Their slash-less forms reach API Gateway's `$default` route, so the redirect function
/// answers them with a 308 (`web::append_slash`).
fn write_slash_routes(cargo_toml: &Path, out: &Path) {
    println!("cargo::rerun-if-changed={}", cargo_toml.display());
    let text = std::fs::read_to_string(cargo_toml).unwrap();
    let manifest: toml::Table = text.parse().unwrap();
    let router = manifest["workspace"]["metadata"]["lambda"]["watch"]["router"]
        .as_table()
        .expect("the router table in the workspace Cargo.toml");
    let exact: Vec<&String> = router
        .keys()
        .filter(|path| path.len() > 1 && path.ends_with('/') && !path.contains('{'))
        .collect();
    let code = format!(
        "/// The router's exact paths that end in a slash (generated by `build.rs`).\npub const SLASH_ROUTES: &[&str] = &{exact:?};\n"
    );
    std::fs::write(out.join("slash_routes.rs"), code).unwrap();
}
