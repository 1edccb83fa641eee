use std::collections::BTreeSet;

/// `cargo lambda watch`'s router (Cargo.toml) must send every path to the same function as
/// API Gateway's routes (template.yaml), or local runs would test a different product.
#[test]
fn local_router_and_template_routes_agree() {
    let normalise = |pattern: &str| {
        // `{proxy+}` (API Gateway) and `{*name}` (matchit) are both greedy path variables.
        let mut out = String::new();
        for segment in pattern.split('/') {
            if segment.starts_with('{') && (segment.ends_with("+}") || segment.starts_with("{*")) {
                out.push_str("{greedy}");
            } else {
                out.push_str(segment);
            }
            out.push('/');
        }
        out.pop();
        out
    };

    let template: BTreeSet<(String, String)> = xtask::project::template_routes()
        .into_iter()
        .map(|(function, method, path)| {
            assert_eq!(
                method, "ANY",
                "{path}: functions answer 405 themselves, so routes take ANY"
            );
            let path = if path == "$default" {
                "/{greedy}".to_string()
            } else {
                normalise(&path)
            };
            (path, function)
        })
        .collect();
    let local: BTreeSet<(String, String)> = xtask::project::watch_router()
        .into_iter()
        .map(|(pattern, function)| (normalise(&pattern), function))
        .collect();

    assert_eq!(local, template);
    assert_eq!(
        template.iter().map(|(_, f)| f.as_str()).collect::<BTreeSet<_>>(),
        crate::helpers::FUNCTIONS.into_iter().collect::<BTreeSet<_>>(),
        "every function has a route"
    );
}

/// The canary in `template.yaml` runs exactly the checks of `make smoke`: its inline script is
/// `monitoring/checks.mjs` (without `export`) between a header and the handler.
#[test]
fn the_canary_runs_the_same_checks_as_the_smoke_command() {
    let template = xtask::project::template();
    let script = template["Resources"]["Canary"]["Properties"]["Code"]["Script"]
        .as_str()
        .expect("the canary has an inline script");
    let checks =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../monitoring/checks.mjs")).unwrap();
    let shared = checks.replace("export async function*", "async function*");
    assert!(
        script.contains(&shared),
        "the canary script in template.yaml differs from monitoring/checks.mjs: copy the file \
         into it (dropping `export`)"
    );
    assert!(script.contains("exports.handler") && script.contains("runChecks(process.env.SITE_URL)"));
}

/// Django's `APPEND_SLASH`: a route's slash-less form answers `308` to the route, query kept,
/// whichever function answers it (`/health` and `/links` reach the redirect function through
/// the default route; `/accounts/login` reaches accounts).
#[tokio::test]
async fn paths_without_their_trailing_slash_get_a_308_to_the_slash_form() {
    let app = crate::helpers::spawn_app().await;
    for (path, target) in [
        ("/health", "/health/"),
        ("/links", "/links/"),
        ("/links?page=2", "/links/?page=2"),
        ("/accounts/login", "/accounts/login/"),
        ("/accounts/login?next=/links/", "/accounts/login/?next=/links/"),
        ("/accounts/register", "/accounts/register/"),
        ("/accounts/profile", "/accounts/profile/"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 308, "{path}");
        assert_eq!(crate::helpers::location(&response), target, "{path}");
        let head = app.client.head(app.url(path)).send().await.unwrap();
        assert_eq!(head.status(), 308, "HEAD {path}");
    }
    let followed = reqwest::get(app.url("/health")).await.unwrap();
    assert_eq!(followed.status(), 200, "the slash form answers");

    // Only GET and HEAD move; other paths keep their answers.
    let post = app.client.post(app.url("/health")).send().await.unwrap();
    assert_eq!(post.status(), 404);
    for (path, status) in [("/accounts", 404), ("/accounts/nope", 404), ("/nobody", 404)] {
        assert_eq!(app.get(path).await.status(), status, "{path}");
    }
    assert_eq!(
        app.get("/links/new").await.status(),
        302,
        "already answers: sign in first"
    );
}

/// The redirect function's list of routes to add a slash to is the router's exact routes.
#[test]
fn the_slash_routes_are_the_routers_exact_routes() {
    let exact: BTreeSet<String> = xtask::project::watch_router()
        .into_iter()
        .map(|(pattern, _)| pattern)
        .filter(|p| p != "/" && p.ends_with('/') && !p.contains('{'))
        .collect();
    let generated: BTreeSet<String> = shared::web::SLASH_ROUTES.iter().map(|s| s.to_string()).collect();
    assert_eq!(generated, exact);
    assert!(generated.contains("/health/") && generated.contains("/links/"));
}

/// The alarms on the product's metrics watch the names and the namespace the code emits
/// them under (`shared::metrics`, `METRICS_NAMESPACE`).
#[test]
fn the_metric_alarms_watch_what_the_functions_emit() {
    let template = xtask::project::template();
    let namespace = template["Globals"]["Function"]["Environment"]["Variables"]["METRICS_NAMESPACE"]
        .as_str()
        .expect("every function knows its metrics' namespace");
    for (alarm, metric) in [
        (
            "ClicksNotRecordedAlarm",
            shared::metrics::Metric::ClicksNotRecorded,
        ),
        ("SignInsThrottledAlarm", shared::metrics::Metric::SignInsThrottled),
    ] {
        let alarm = &template["Resources"][alarm]["Properties"];
        assert_eq!(alarm["MetricName"].as_str(), Some(metric.name()));
        assert_eq!(alarm["Namespace"].as_str(), Some(namespace));
        assert!(
            alarm["Dimensions"].is_badvalue(),
            "the metrics have no dimensions"
        );
    }
}

/// A flood of sign-ins is held back at API Gateway, below the rest of the API, and cannot
/// take more than its reserved sandboxes.
#[test]
fn the_accounts_route_has_a_lower_throttle_and_a_concurrency_cap() {
    let template = xtask::project::template();
    let number = |yaml: &xtask::project::Yaml| {
        yaml.as_i64()
            .or_else(|| yaml.as_str().and_then(|s| s.parse().ok()))
            .expect("a number")
    };
    let default_rate = number(
        &template["Resources"]["HttpApi"]["Properties"]["DefaultRouteSettings"]["ThrottlingRateLimit"],
    );
    let accounts = &template["Resources"]["AccountsFunction"]["Properties"];
    let settings = &accounts["Events"]["Accounts"]["Properties"]["RouteSettings"];
    assert_eq!(
        settings["ThrottlingRateLimit"].as_str(),
        Some("AccountsRateLimit")
    );
    let accounts_rate = number(&template["Parameters"]["AccountsRateLimit"]["Default"]);
    assert!(accounts_rate < default_rate, "{accounts_rate} < {default_rate}");
    let cap = &template["Parameters"]["AccountsReservedConcurrency"]["Default"];
    assert!(number(cap) > 0);
    assert!(!accounts["ReservedConcurrentExecutions"].is_badvalue());
}

/// `/{username}/...` must never shadow a route: the first segment of every top-level route is
/// a reserved username, and every fixed word under `/links/` a reserved slug.
#[test]
fn no_username_or_slug_can_shadow_a_route() {
    let first_segments: BTreeSet<String> = xtask::project::watch_router()
        .into_iter()
        .filter_map(|(pattern, _)| pattern.split('/').nth(1).map(str::to_string))
        .filter(|segment| !segment.is_empty() && !segment.starts_with('{'))
        .collect();
    assert!(first_segments.contains("health") && first_segments.contains("static"));
    for segment in &first_segments {
        assert!(
            shared::accounts::domain::RESERVED_USERNAMES.contains(&segment.as_str()),
            "/{segment}/ is a route, but {segment:?} is not a reserved username"
        );
        assert!(
            shared::accounts::domain::Username::parse(segment).is_err(),
            "{segment}"
        );
    }
    // The fixed words right under /links/ in the links function's own route table.
    let fixed: BTreeSet<&str> = shared::links::ROUTES
        .iter()
        .filter_map(|route| route.path.split('/').nth(2))
        .filter(|segment| !segment.is_empty() && !segment.starts_with('{'))
        .collect();
    assert!(fixed.contains("new"));
    for word in &fixed {
        assert!(
            shared::links::domain::Slug::parse(word).is_err(),
            "/links/{word}/ is a page, but {word:?} is a valid slug"
        );
    }
    assert_eq!(fixed, shared::links::FIXED_WORDS.iter().copied().collect());
}

/// The dashboard is valid JSON once CloudFormation fills it in, names only resources of the
/// stack, and shows what an operator needs: clicks and their failures, the redirect's
/// latency, each function's invocations, errors and throttles, the API's 4xx and 5xx, the
/// table's capacity and throttles, the synthetic monitor.
#[test]
fn the_dashboard_shows_the_product_s_health() {
    let template = xtask::project::template();
    let body = template["Resources"]["Dashboard"]["Properties"]["DashboardBody"]
        .as_str()
        .expect("a dashboard body");
    let resources = template["Resources"].as_hash().unwrap();
    let mut filled = String::new();
    let mut rest = body;
    while let Some(start) = rest.find("${") {
        let end = start + rest[start..].find('}').unwrap();
        let name = &rest[start + 2..end];
        assert!(
            name.starts_with("AWS::")
                || name == "StageName"
                || resources.contains_key(&xtask::project::Yaml::String(name.into())),
            "the dashboard names {name}, which the stack does not have"
        );
        filled.push_str(&rest[..start]);
        filled.push_str(&format!("<{name}>"));
        rest = &rest[end + 1..];
    }
    filled.push_str(rest);
    let dashboard: serde_json::Value = serde_json::from_str(&filled).expect("the dashboard is JSON");
    let mut shown = BTreeSet::new();
    for widget in dashboard["widgets"].as_array().unwrap() {
        for metric in widget["properties"]["metrics"].as_array().unwrap() {
            let parts: Vec<&str> = metric
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|p| p.as_str())
                .collect();
            let stat = metric
                .as_array()
                .unwrap()
                .last()
                .and_then(|options| options["stat"].as_str())
                .unwrap_or("");
            shown.insert(format!("{} {}", parts.join(" "), stat).trim().to_string());
        }
    }
    let mut wanted = vec![
        "Snip/<StageName> ClicksRecorded".to_string(),
        "Snip/<StageName> ClicksNotRecorded".to_string(),
        "Snip/<StageName> SignInsThrottled".to_string(),
        "AWS/Lambda Duration FunctionName <RedirectFunction> p50".to_string(),
        "AWS/Lambda Duration FunctionName <RedirectFunction> p99".to_string(),
        "AWS/ApiGateway 4xx ApiId <HttpApi>".to_string(),
        "AWS/ApiGateway 5xx ApiId <HttpApi>".to_string(),
        "AWS/DynamoDB ConsumedReadCapacityUnits TableName <Table>".to_string(),
        "AWS/DynamoDB ConsumedWriteCapacityUnits TableName <Table>".to_string(),
        "AWS/DynamoDB ReadThrottleEvents TableName <Table>".to_string(),
        "AWS/DynamoDB WriteThrottleEvents TableName <Table>".to_string(),
        "CloudWatchSynthetics SuccessPercent CanaryName <Canary>".to_string(),
    ];
    for function in ["Redirect", "Links", "Accounts", "Health"] {
        for metric in ["Invocations", "Errors", "Throttles"] {
            wanted.push(format!(
                "AWS/Lambda {metric} FunctionName <{function}Function> Sum"
            ));
        }
    }
    for metric in wanted {
        assert!(
            shown
                .iter()
                .any(|s| s == &metric || s.starts_with(&format!("{metric} "))),
            "the dashboard lacks {metric}: {shown:#?}"
        );
    }
}

/// No log group keeps its logs forever: the functions', the API's and the canary's own (whose
/// name Synthetics derives from the canary's name and id, a name of at most 21 characters).
#[test]
fn every_log_group_has_a_retention() {
    let template = xtask::project::template();
    let mut groups = 0;
    for (name, resource) in template["Resources"].as_hash().unwrap() {
        if resource["Type"].as_str() != Some("AWS::Logs::LogGroup") {
            continue;
        }
        groups += 1;
        assert_eq!(
            resource["Properties"]["RetentionInDays"].as_str(),
            Some("LogRetentionDays"),
            "{name:?}"
        );
    }
    assert!(groups >= 6, "{groups} log groups");
    let canary_logs = template["Resources"]["CanaryLogs"]["Properties"]["LogGroupName"].as_str();
    assert_eq!(canary_logs, Some("/aws/lambda/cwsyn-${Canary}-${Canary.Id}"));
    let canary_name = template["Resources"]["Canary"]["Properties"]["Name"]
        .as_str()
        .unwrap();
    let stage_pattern = template["Parameters"]["StageName"]["AllowedPattern"]
        .as_str()
        .unwrap();
    assert_eq!(canary_name, "snip-${StageName}");
    assert_eq!(
        stage_pattern, "^[a-z][a-z0-9-]{0,15}$",
        "snip- and 16 characters: 21"
    );
}
