//! Shipping safely, held: every action of the GitHub workflows is pinned to a commit (a tag can
//! be moved to other code; a 40-hex SHA cannot), nothing deploys unless the tests of its commit
//! passed (`needs:` on the test job, in the same workflow run), production follows a checked
//! staging, and `template.yaml` shifts production traffic gradually with a rollback alarm per
//! function on its new version.

use std::collections::{BTreeMap, BTreeSet};

use xtask::project::Yaml;

/// Every workflow: its file name, its text and its parse.
fn workflows() -> Vec<(String, String, Yaml)> {
    let dir = xtask::project::root().join(".github/workflows");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !matches!(path.extension().and_then(|e| e.to_str()), Some("yml" | "yaml")) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let yaml = xtask::project::parse_yaml(&text);
        found.push((
            path.file_name().unwrap().to_string_lossy().into_owned(),
            text,
            yaml,
        ));
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(!found.is_empty(), "no workflow found");
    found
}

fn jobs(workflow: &Yaml) -> BTreeMap<String, &Yaml> {
    workflow["jobs"]
        .as_hash()
        .expect("jobs")
        .iter()
        .map(|(name, job)| (name.as_str().unwrap().to_string(), job))
        .collect()
}

fn needs(job: &Yaml) -> Vec<String> {
    match &job["needs"] {
        Yaml::String(one) => vec![one.clone()],
        Yaml::Array(many) => many.iter().map(|n| n.as_str().unwrap().to_string()).collect(),
        _ => Vec::new(),
    }
}

/// The commands of a job's `run:` steps, joined.
fn commands(job: &Yaml) -> String {
    job["steps"]
        .as_vec()
        .map(|steps| {
            steps
                .iter()
                .filter_map(|step| step["run"].as_str())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

/// Whether a job can reach AWS or ships: it asks for an OIDC token, uses an environment, or
/// deploys.
fn deploys(job: &Yaml) -> bool {
    job["permissions"]["id-token"].as_str() == Some("write")
        || !job["environment"].is_badvalue()
        || commands(job).contains("deploy")
}

#[test]
fn every_action_is_pinned_to_a_commit_with_its_tag_beside_it() {
    let mut checked = 0;
    for (name, text, _) in workflows() {
        for (number, line) in text.lines().enumerate() {
            let Some(rest) = line.trim_start().trim_start_matches("- ").strip_prefix("uses:") else {
                continue;
            };
            let (reference, comment) = rest.split_once('#').unwrap_or((rest, ""));
            let reference = reference.trim();
            let (action, pin) = reference
                .split_once('@')
                .unwrap_or_else(|| panic!("{name}:{}: `{reference}` names no version", number + 1));
            assert!(
                !action.starts_with("./") && !action.starts_with("docker://"),
                "{name}:{}: only published actions, pinned",
                number + 1
            );
            assert!(
                pin.len() == 40
                    && pin
                        .bytes()
                        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
                "{name}:{}: `{reference}` is not pinned to a full commit SHA",
                number + 1
            );
            assert!(
                !comment.trim().is_empty(),
                "{name}:{}: `{reference}` says no tag in a comment (what Dependabot and a reader go by)",
                number + 1
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} actions found: is the parse right?");
}

#[test]
fn nothing_deploys_without_the_tests_of_its_commit() {
    let mut deploy_jobs = 0;
    for (name, _, workflow) in workflows() {
        let triggers = &workflow["on"];
        assert!(
            triggers["workflow_run"].is_badvalue() && triggers["workflow_dispatch"].is_badvalue(),
            "{name}: a deploy must come from the run that tested its commit, not another trigger"
        );
        let jobs = jobs(&workflow);
        // The jobs that run the README's test command.
        let testers: BTreeSet<&String> = jobs
            .iter()
            .filter(|(_, job)| commands(job).lines().any(|line| line.trim() == "make test"))
            .map(|(name, _)| name)
            .collect();
        for (job_name, job) in &jobs {
            if !deploys(job) {
                continue;
            }
            deploy_jobs += 1;
            // Every path back through `needs:` reaches a test job.
            let mut seen = BTreeSet::new();
            let mut pending = needs(job);
            let mut tested = false;
            while let Some(before) = pending.pop() {
                if !seen.insert(before.clone()) {
                    continue;
                }
                tested |= testers.contains(&before);
                pending.extend(needs(
                    jobs.get(&before)
                        .unwrap_or_else(|| panic!("{name}: no job {before}")),
                ));
            }
            assert!(tested, "{name}: `{job_name}` deploys without needing the tests");
            assert!(
                job["if"]
                    .as_str()
                    .is_none_or(|condition| !condition.contains("always()")
                        && !condition.contains("failure()")
                        && !condition.contains("cancelled()")),
                "{name}: `{job_name}` would run after its tests failed"
            );
        }
    }
    assert!(deploy_jobs >= 2, "staging and production deploy");
}

/// Production gets only what staging passed: its job needs the staging job, which runs the
/// smoke checks and the browser journey against the staging stack.
#[test]
fn production_follows_a_checked_staging() {
    let (_, _, workflow) = workflows()
        .into_iter()
        .find(|(_, _, workflow)| jobs(workflow).values().any(|job| deploys(job)))
        .expect("a workflow that deploys");
    let jobs = jobs(&workflow);
    let staging = jobs["staging"];
    let production = jobs["production"];
    assert_eq!(staging["environment"].as_str(), Some("staging"));
    assert_eq!(production["environment"].as_str(), Some("production"));
    assert_eq!(needs(production), ["staging"]);
    let checks = commands(staging);
    assert!(checks.contains("scripts/deploy.sh staging"), "{checks}");
    assert!(checks.contains("monitoring/smoke.mjs"), "{checks}");
    assert!(checks.contains("scripts/journey.sh"), "{checks}");
    assert!(commands(production).contains("scripts/deploy.sh prod"));
}

/// Production traffic moves to a new version gradually, and each function's deployment is
/// rolled back by an alarm on that function's new version alone: not the version it
/// replaces, not another function, not the whole API (a 10% canary may never reach the API
/// alarm's minimum of requests).
#[test]
fn each_function_shifts_gradually_and_rolls_back_on_its_own_new_version() {
    let template = xtask::project::template();
    assert_eq!(
        template["Globals"]["Function"]["AutoPublishAlias"].as_str(),
        Some("live"),
        "the API and the schedule invoke the alias"
    );
    let functions = xtask::project::functions(&template);
    assert_eq!(functions.len(), 4);
    for (binary, function) in functions {
        let logical = template["Resources"]
            .as_hash()
            .unwrap()
            .iter()
            .find(|(_, resource)| std::ptr::eq(*resource, function))
            .map(|(name, _)| name.as_str().unwrap().to_string())
            .unwrap();
        let preference = &function["Properties"]["DeploymentPreference"];
        let kinds: Vec<&str> = preference["Type"]
            .as_vec()
            .unwrap_or_else(|| panic!("{binary}: the type depends on the stage"))
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(kinds[0], "IsProduction", "{binary}");
        assert_eq!(
            kinds[2], "AllAtOnce",
            "{binary}: staging takes every change at once"
        );
        let expected = if binary == "redirect" {
            "Canary10Percent5Minutes"
        } else {
            "Linear10PercentEvery1Minute"
        };
        assert_eq!(kinds[1], expected, "{binary}: production shifts gradually");
        let alarms = preference["Alarms"].as_vec().expect("rollback alarms");
        assert_eq!(alarms.len(), 1, "{binary}");
        let alarm = &template["Resources"][alarms[0].as_str().unwrap()]["Properties"];
        assert_eq!(alarm["Namespace"].as_str(), Some("AWS/Lambda"), "{binary}");
        assert_eq!(alarm["MetricName"].as_str(), Some("Errors"), "{binary}");
        let dimensions: BTreeMap<&str, &str> = alarm["Dimensions"]
            .as_vec()
            .unwrap()
            .iter()
            .map(|d| (d["Name"].as_str().unwrap(), d["Value"].as_str().unwrap()))
            .collect();
        let live = format!("${{{logical}}}:live");
        let version = format!("{logical}.Version.Version");
        assert_eq!(
            dimensions,
            BTreeMap::from([
                ("FunctionName", logical.as_str()),
                ("Resource", live.as_str()),
                ("ExecutedVersion", version.as_str()),
            ]),
            "{binary}: the new version's own errors"
        );
        assert_eq!(alarm["Threshold"].as_i64(), Some(0), "{binary}: any error");
    }
}
