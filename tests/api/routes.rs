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

/// The alarm on uncounted clicks counts the very lines the code logs for them.
#[test]
fn the_clicks_not_recorded_metric_counts_the_lines_the_redirect_logs() {
    let template = xtask::project::template();
    let pattern = template["Resources"]["ClicksNotRecordedMetric"]["Properties"]["FilterPattern"]
        .as_str()
        .expect("the metric filter has a pattern");
    for message in [shared::redirect::CLICK_NOT_RECORDED, shared::web::WORK_ABANDONED] {
        assert!(
            pattern.contains(&format!("$.message = \"{message}\"")),
            "{pattern} does not count {message:?}"
        );
    }
    let alarm = &template["Resources"]["ClicksNotRecordedAlarm"]["Properties"];
    assert_eq!(alarm["MetricName"].as_str(), Some("ClicksNotRecorded"));
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
