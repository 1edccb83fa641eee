//! Reads the two files that define the deployment: `template.yaml` (the table and the API
//! routes) and the `cargo lambda watch` router in `Cargo.toml`.

use std::path::{Path, PathBuf};

pub use yaml_rust2::Yaml;
use yaml_rust2::YamlLoader;

/// The repository root (this crate lives in `scripts/xtask`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

pub fn template() -> Yaml {
    let text = std::fs::read_to_string(root().join("template.yaml")).expect("read template.yaml");
    parse_yaml(&text)
}

/// The first document of a YAML text (a template, a workflow).
pub fn parse_yaml(text: &str) -> Yaml {
    YamlLoader::load_from_str(text).expect("YAML").remove(0)
}

/// `(binary, resource)` of every `AWS::Serverless::Function` in `template`.
pub fn functions(template: &Yaml) -> Vec<(String, &Yaml)> {
    template["Resources"]
        .as_hash()
        .expect("Resources")
        .values()
        .filter(|resource| resource["Type"].as_str() == Some("AWS::Serverless::Function"))
        .map(|resource| {
            let binary = resource["Metadata"]["BuildProperties"]["Binary"]
                .as_str()
                .expect("Binary");
            (binary.to_string(), resource)
        })
        .collect()
}

/// `(binary, method, path)` of every HttpApi event in `template.yaml`, `$default` included.
pub fn template_routes() -> Vec<(String, String, String)> {
    let template = template();
    let mut routes = Vec::new();
    for (binary, resource) in functions(&template) {
        for (_, event) in resource["Properties"]["Events"].as_hash().into_iter().flatten() {
            if event["Type"].as_str() == Some("HttpApi") {
                let properties = &event["Properties"];
                let method = properties["Method"].as_str().unwrap_or("ANY").to_string();
                let path = properties["Path"].as_str().expect("Path").to_string();
                routes.push((binary.clone(), method, path));
            }
        }
    }
    routes.sort();
    routes
}

/// `(binary, MemorySize in MB)` of every function in `template.yaml` (its own, else the
/// `Globals` one).
pub fn memory_sizes() -> Vec<(String, u32)> {
    let template = template();
    let global = template["Globals"]["Function"]["MemorySize"].as_i64();
    let mut sizes = Vec::new();
    for (binary, resource) in functions(&template) {
        let mb = resource["Properties"]["MemorySize"]
            .as_i64()
            .or(global)
            .expect("a MemorySize, the function's or the Globals one");
        sizes.push((binary, u32::try_from(mb).expect("a positive MemorySize")));
    }
    sizes.sort();
    sizes
}

/// `(matchit pattern, function)` from `[workspace.metadata.lambda.watch.router]`.
pub fn watch_router() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("Cargo.toml")).expect("read Cargo.toml");
    let manifest: toml::Table = text.parse().expect("Cargo.toml is TOML");
    let router = manifest["workspace"]["metadata"]["lambda"]["watch"]["router"]
        .as_table()
        .expect("router table in Cargo.toml");
    router
        .iter()
        .map(|(pattern, function)| {
            (
                pattern.clone(),
                function.as_str().expect("function name").to_string(),
            )
        })
        .collect()
}

/// The table's definition, as `template.yaml` gives it to CloudFormation.
pub fn table_definition() -> Yaml {
    template()["Resources"]["Table"]["Properties"].clone()
}
