//! The JSON API under `/api/v1/`: bearer tokens, links CRUD with the pages' rules, and RFC 9457
//! problem details for every failure.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Browser, TestApp, spawn_app};
use crate::links::signed_in;
use crate::tokens::new_token;

/// A request to the API with `token`, and a JSON body when given.
pub async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = app.client.request(method, app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

/// The problem document of a failure, checked for its shape and status.
async fn problem(response: reqwest::Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], status.as_u16(), "{body}");
    assert_eq!(body["type"], "about:blank");
    assert!(body["title"].is_string() && body["detail"].is_string(), "{body}");
    body
}

async fn ok_json(response: reqwest::Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json().await.unwrap()
}

/// Alice, signed in, with a write token.
async fn alice(app: &TestApp) -> (Browser, String) {
    let browser = signed_in(app, "alice").await;
    let token = new_token(app, &browser, "tests", "write").await;
    (browser, token)
}

#[tokio::test]
async fn the_openapi_document_is_public() {
    let app = spawn_app().await;
    let document = ok_json(
        call(&app, Method::GET, "/api/v1/openapi.json", None, None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(document["openapi"], "3.1.0");
    for path in [
        "/api/v1/links",
        "/api/v1/links/{slug}",
        "/api/v1/links/{slug}/stats",
    ] {
        assert!(document["paths"][path].is_object(), "{path}");
    }
    // Every operation says it may be throttled.
    let mut operations = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if method == "parameters" {
                continue;
            }
            operations += 1;
            assert!(operation["responses"]["429"].is_object(), "{method} {path}");
        }
    }
    assert_eq!(operations, 7);
}

#[tokio::test]
async fn a_request_without_a_valid_token_is_a_401_even_with_a_session() {
    let app = spawn_app().await;
    let (browser, token) = alice(&app).await;
    let unknown = format!("snip_{}", "A".repeat(43));
    for (header, case) in [
        (None, "no header"),
        (Some("Basic YWxpY2U6c2VjcmV0".to_string()), "another scheme"),
        (Some("Bearer not-a-token".to_string()), "not a token"),
        (Some(format!("Bearer {unknown}")), "unknown"),
    ] {
        let mut request = app.client.get(app.url("/api/v1/links"));
        if let Some(header) = header {
            request = request.header("authorization", header);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.headers()["www-authenticate"], "Bearer", "{case}");
        problem(response, StatusCode::UNAUTHORIZED).await;
    }
    // The browser's session cookie is no API credential.
    let response = browser.get(&app, "/api/v1/links").await;
    problem(response, StatusCode::UNAUTHORIZED).await;
    // The token is: any case of the scheme.
    let response = app
        .client
        .get(app.url("/api/v1/links"))
        .header("authorization", format!("bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn links_are_created_read_listed_changed_and_deleted_as_the_pages_see_them() {
    let app = spawn_app().await;
    let (browser, token) = alice(&app).await;
    let token = Some(token.as_str());

    let response = call(
        &app,
        Method::POST,
        "/api/v1/links",
        token,
        Some(json!({"target_url": "https://example.com/docs", "slug": "Docs", "title": "The docs"})),
    )
    .await;
    assert_eq!(response.headers()["location"], "/api/v1/links/docs");
    let created = ok_json(response, StatusCode::CREATED).await;
    assert_eq!(created["slug"], "docs");
    assert_eq!(created["target_url"], "https://example.com/docs");
    assert_eq!(created["title"], "The docs");
    assert_eq!(created["short_url"], app.url("/alice/docs/"));
    assert_eq!(
        (created["clicks"].as_i64(), created["bot_hits"].as_i64()),
        (Some(0), Some(0))
    );
    assert!(
        created["created_at"].as_str().unwrap().ends_with('Z'),
        "{created}"
    );

    // A generated slug when none is given; a null title is none.
    let generated = ok_json(
        call(
            &app,
            Method::POST,
            "/api/v1/links",
            token,
            Some(json!({"target_url": "example.org", "title": null})),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(generated["slug"].as_str().unwrap().len(), 8);
    assert_eq!(generated["target_url"], "https://example.org/");
    assert_eq!(generated["title"], "");

    // The web pages see the same link; a click through it counts in the API.
    let page = browser.get(&app, "/links/docs/").await.text().await.unwrap();
    assert!(page.contains("https://example.com/docs"));
    crate::redirect::visit(&app, "/alice/docs/", &[]).await;
    crate::redirect::settled_page(&app, &browser, "docs", (1, 0)).await;
    let read = ok_json(
        call(&app, Method::GET, "/api/v1/links/DOCS", token, None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(read["clicks"], 1);

    let listed = ok_json(
        call(&app, Method::GET, "/api/v1/links", token, None).await,
        StatusCode::OK,
    )
    .await;
    let slugs: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["slug"].as_str().unwrap())
        .collect();
    assert_eq!(
        slugs,
        [generated["slug"].as_str().unwrap(), "docs"],
        "newest first"
    );
    assert_eq!(listed["next_cursor"], Value::Null);

    let changed = ok_json(
        call(
            &app,
            Method::PATCH,
            "/api/v1/links/docs",
            token,
            Some(json!({"target_url": "https://example.com/v2"})),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (changed["target_url"].as_str(), changed["title"].as_str()),
        (Some("https://example.com/v2"), Some("The docs"))
    );
    for clear in [json!(null), json!("")] {
        let cleared = ok_json(
            call(
                &app,
                Method::PATCH,
                "/api/v1/links/docs",
                token,
                Some(json!({ "title": clear })),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            (cleared["target_url"].as_str(), cleared["title"].as_str()),
            (Some("https://example.com/v2"), Some(""))
        );
    }
    let response = app.get("/alice/docs/").await;
    assert_eq!(response.headers()["location"], "https://example.com/v2");

    let deleted = call(&app, Method::DELETE, "/api/v1/links/docs", token, None).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert!(deleted.text().await.unwrap().is_empty());
    problem(
        call(&app, Method::GET, "/api/v1/links/docs", token, None).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        call(&app, Method::DELETE, "/api/v1/links/docs", token, None).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(
        browser.get(&app, "/links/docs/").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_list_is_paged_by_a_signed_cursor() {
    let app = spawn_app().await;
    let (_, token) = alice(&app).await;
    let token = Some(token.as_str());
    for index in 0..5 {
        let body = json!({"target_url": "https://example.com/", "slug": format!("page-{index}")});
        assert_eq!(
            call(&app, Method::POST, "/api/v1/links", token, Some(body))
                .await
                .status(),
            StatusCode::CREATED
        );
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/links?limit=2".to_string();
    loop {
        let page = ok_json(call(&app, Method::GET, &path, token, None).await, StatusCode::OK).await;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(items.iter().map(|l| l["slug"].as_str().unwrap().to_string()));
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/links?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, ["page-4", "page-3", "page-2", "page-1", "page-0"]);

    for bad in ["limit=0", "limit=101", "limit=ten", "cursor=forged"] {
        let body = problem(
            call(&app, Method::GET, &format!("/api/v1/links?{bad}"), token, None).await,
            StatusCode::BAD_REQUEST,
        )
        .await;
        assert!(!body["detail"].as_str().unwrap().is_empty(), "{bad}");
    }
    // Bob cannot use Alice's cursor.
    let first = ok_json(
        call(&app, Method::GET, "/api/v1/links?limit=2", token, None).await,
        StatusCode::OK,
    )
    .await;
    let bob = signed_in(&app, "bob").await;
    let bob_token = new_token(&app, &bob, "bob", "read").await;
    let path = format!("/api/v1/links?cursor={}", first["next_cursor"].as_str().unwrap());
    problem(
        call(&app, Method::GET, &path, Some(&bob_token), None).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
}

#[tokio::test]
async fn a_read_token_reads_and_cannot_write_and_another_users_link_is_a_404() {
    let app = spawn_app().await;
    let (browser, token) = alice(&app).await;
    let created = call(
        &app,
        Method::POST,
        "/api/v1/links",
        Some(&token),
        Some(json!({"target_url": "https://example.com/", "slug": "mine"})),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let read = new_token(&app, &browser, "read only", "read").await;
    assert_eq!(
        call(&app, Method::GET, "/api/v1/links/mine", Some(&read), None)
            .await
            .status(),
        StatusCode::OK
    );
    let change = json!({"title": "x"});
    for (method, path, body) in [
        (
            Method::POST,
            "/api/v1/links",
            Some(json!({"target_url": "https://example.com/"})),
        ),
        (Method::PATCH, "/api/v1/links/mine", Some(change.clone())),
        (Method::DELETE, "/api/v1/links/mine", None),
    ] {
        problem(
            call(&app, method, path, Some(&read), body).await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    assert_eq!(
        call(&app, Method::GET, "/api/v1/links/mine", Some(&read), None)
            .await
            .status(),
        StatusCode::OK
    );

    let bob = signed_in(&app, "bob").await;
    let bob = new_token(&app, &bob, "bob", "write").await;
    for (method, path, body) in [
        (Method::GET, "/api/v1/links/mine", None),
        (Method::GET, "/api/v1/links/mine/stats", None),
        (Method::PATCH, "/api/v1/links/mine", Some(change.clone())),
        (Method::DELETE, "/api/v1/links/mine", None),
    ] {
        problem(
            call(&app, method, path, Some(&bob), body).await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    let listed = ok_json(
        call(&app, Method::GET, "/api/v1/links", Some(&bob), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed["items"], json!([]));
    assert_eq!(
        call(&app, Method::GET, "/api/v1/links/mine", Some(&token), None)
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn every_bad_request_gets_its_own_problem() {
    let app = spawn_app().await;
    let (_, token) = alice(&app).await;
    let send = |content_type: &str, body: Vec<u8>| {
        app.client
            .post(app.url("/api/v1/links"))
            .bearer_auth(&token)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let body = problem(
        send("application/json", b"{\"target_url\": ".to_vec())
            .await
            .unwrap(),
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert!(
        body["detail"].as_str().unwrap().contains("not valid JSON"),
        "{body}"
    );
    problem(
        send("text/plain", b"{}".to_vec()).await.unwrap(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
    )
    .await;
    let huge =
        serde_json::to_vec(&json!({"target_url": format!("https://example.com/{}", "a".repeat(17_000))}))
            .unwrap();
    problem(
        send("application/json", huge).await.unwrap(),
        StatusCode::PAYLOAD_TOO_LARGE,
    )
    .await;
    problem(
        send("application/json", b"[1, 2]".to_vec()).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;

    let invalid = problem(
        call(
            &app,
            Method::POST,
            "/api/v1/links",
            Some(&token),
            Some(json!({"target_url": "ftp://example.com/", "slug": "a", "colour": "red"})),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let mut fields: Vec<&str> = invalid["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort();
    assert_eq!(fields, ["colour", "slug", "target_url"], "{invalid}");
    let missing = problem(
        call(
            &app,
            Method::POST,
            "/api/v1/links",
            Some(&token),
            Some(json!({"title": 5})),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(missing["errors"].as_array().unwrap().len(), 2, "{missing}");
    let own = problem(
        call(
            &app,
            Method::POST,
            "/api/v1/links",
            Some(&token),
            Some(json!({"target_url": app.url("/alice/x/")})),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        own["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("short link itself"),
        "{own}"
    );

    let first = call(
        &app,
        Method::POST,
        "/api/v1/links",
        Some(&token),
        Some(json!({"target_url": "https://example.com/", "slug": "taken"})),
    )
    .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    problem(
        call(
            &app,
            Method::POST,
            "/api/v1/links",
            Some(&token),
            Some(json!({"target_url": "https://example.com/", "slug": "TAKEN"})),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    for change in [
        json!({}),
        json!({"target_url": null}),
        json!({"slug": "other"}),
        json!({"title": ["x"]}),
    ] {
        problem(
            call(
                &app,
                Method::PATCH,
                "/api/v1/links/taken",
                Some(&token),
                Some(change),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }

    let response = call(&app, Method::PUT, "/api/v1/links", Some(&token), None).await;
    assert_eq!(response.headers()["allow"], "GET, POST");
    problem(response, StatusCode::METHOD_NOT_ALLOWED).await;
    problem(
        call(&app, Method::GET, "/api/v1/nothing", Some(&token), None).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        call(&app, Method::GET, "/api/v1/links/", Some(&token), None).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // The 10,001st link is refused, saying why.
    app.set_link_count("alice", 10_000).await;
    let full = problem(
        call(
            &app,
            Method::POST,
            "/api/v1/links",
            Some(&token),
            Some(json!({"target_url": "https://example.com/"})),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(full["detail"].as_str().unwrap().contains("10000 links"), "{full}");
}

#[tokio::test]
async fn a_revoked_token_is_refused_at_once() {
    let app = spawn_app().await;
    let (browser, token) = alice(&app).await;
    assert_eq!(
        call(&app, Method::GET, "/api/v1/links", Some(&token), None)
            .await
            .status(),
        StatusCode::OK
    );
    let html = browser.get(&app, "/accounts/tokens/").await.text().await.unwrap();
    let start =
        html.find(r#"<tr class="token" id="token-"#).unwrap() + r#"<tr class="token" id="token-"#.len();
    let id = &html[start..start + 16];
    let revoked = browser
        .submit_to(
            &app,
            "/accounts/tokens/",
            &format!("/accounts/tokens/{id}/revoke/"),
            &[],
        )
        .await;
    assert_eq!(revoked.status(), StatusCode::FOUND);
    problem(
        call(&app, Method::GET, "/api/v1/links", Some(&token), None).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

#[tokio::test]
async fn a_links_stats_are_the_link_pages_figures() {
    let app = spawn_app().await;
    let (browser, token) = alice(&app).await;
    let token = Some(token.as_str());
    let created = call(
        &app,
        Method::POST,
        "/api/v1/links",
        token,
        Some(json!({"target_url": "https://example.com/", "slug": "counted"})),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    crate::redirect::visit(
        &app,
        "/alice/counted/",
        &[("referer", "https://www.news.example/a")],
    )
    .await;
    crate::redirect::visit(&app, "/alice/counted/", &[]).await;
    crate::redirect::visit_as(&app, "/alice/counted/", crate::redirect::SLACKBOT, &[]).await;
    crate::redirect::settled_page(&app, &browser, "counted", (2, 1)).await;

    let stats = ok_json(
        call(
            &app,
            Method::GET,
            "/api/v1/links/counted/stats?days=7",
            token,
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(stats["days"], 7);
    assert_eq!(stats["all_time"], json!({"clicks": 2, "bot_hits": 1}));
    assert_eq!(
        stats["totals"],
        json!({"clicks": 2, "bot_hits": 1, "visitors": 1})
    );
    let daily = stats["daily"].as_array().unwrap();
    assert_eq!(daily.len(), 7, "every day, zero-filled");
    assert_eq!(daily[6]["clicks"], 2, "today last");
    assert!(
        daily[..6]
            .iter()
            .all(|day| day["clicks"] == 0 && day["bot_hits"] == 0)
    );
    let mut referrers: Vec<(String, i64)> = stats["breakdowns"]["referrers"]["top"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["value"].as_str().unwrap().to_string(),
                row["clicks"].as_i64().unwrap(),
            )
        })
        .collect();
    referrers.sort();
    assert_eq!(
        referrers,
        [("direct".to_string(), 1), ("news.example".to_string(), 1)]
    );
    assert_eq!(
        stats["breakdowns"]["browsers"]["top"],
        json!([{"value": "Firefox", "clicks": 2}])
    );
    assert_eq!(
        stats["breakdowns"]["countries"]["top"],
        json!([{"value": "unknown", "clicks": 2}])
    );
    assert_eq!(stats["breakdowns"]["devices"]["other"], 0);

    let default = ok_json(
        call(&app, Method::GET, "/api/v1/links/counted/stats", token, None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(default["daily"].as_array().unwrap().len(), 30);
    problem(
        call(
            &app,
            Method::GET,
            "/api/v1/links/counted/stats?days=8",
            token,
            None,
        )
        .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    problem(
        call(&app, Method::GET, "/api/v1/links/nothing/stats", token, None).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn each_token_has_its_own_rate_limit_and_every_answer_says_what_is_left() {
    let app = crate::helpers::spawn_app_with_env(&[("API_RATE_LIMIT", "3")]).await;
    let (browser, token) = alice(&app).await;
    let other = new_token(&app, &browser, "other", "read").await;
    // Windows are whole minutes: start early in one, so these requests share it.
    let into_minute = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        % 60;
    if into_minute > 50 {
        tokio::time::sleep(std::time::Duration::from_secs(61 - into_minute)).await;
    }
    let mut remaining = Vec::new();
    for _ in 0..3 {
        // Failures count too: a 404 is a request.
        let response = call(&app, Method::GET, "/api/v1/links/nothing", Some(&token), None).await;
        assert_eq!(response.headers()["ratelimit-limit"], "3");
        let reset: u64 = response.headers()["ratelimit-reset"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&reset), "{reset}");
        remaining.push(
            response.headers()["ratelimit-remaining"]
                .to_str()
                .unwrap()
                .to_string(),
        );
        problem(response, StatusCode::NOT_FOUND).await;
    }
    assert_eq!(remaining, ["2", "1", "0"]);
    let refused = call(&app, Method::GET, "/api/v1/links", Some(&token), None).await;
    let retry_after: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(refused.headers()["ratelimit-remaining"], "0");
    problem(refused, StatusCode::TOO_MANY_REQUESTS).await;
    // Another token of the same user has its own window.
    let response = call(&app, Method::GET, "/api/v1/links", Some(&other), None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["ratelimit-remaining"], "2");

    // Both were used this minute, and the tokens page says so.
    let html = browser.get(&app, "/accounts/tokens/").await.text().await.unwrap();
    assert_eq!(
        html.matches(r#"<td class="token-last-used">never</td>"#).count(),
        0,
        "{html}"
    );
    assert_eq!(
        html.matches(r#"<td class="token-last-used"><time datetime=""#)
            .count(),
        2,
        "when, as a time: {html}"
    );
}

#[tokio::test]
async fn the_default_limit_is_120_a_minute() {
    let app = spawn_app().await;
    let (_, token) = alice(&app).await;
    let response = call(&app, Method::GET, "/api/v1/links", Some(&token), None).await;
    assert_eq!(response.headers()["ratelimit-limit"], "120");
    assert_eq!(response.headers()["ratelimit-remaining"], "119");
}

/// A POST of `body` with `Idempotency-Key: key`.
pub async fn create_with_key(app: &TestApp, token: &str, key: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/links"))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn slugs(app: &TestApp, token: &str) -> Vec<String> {
    let listed = ok_json(
        call(app, Method::GET, "/api/v1/links?limit=100", Some(token), None).await,
        StatusCode::OK,
    )
    .await;
    listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["slug"].as_str().unwrap().to_string())
        .collect()
}

/// A claim of `key` for `body` as a request that started `age` seconds ago left it, and, when
/// `made`, the link it made.
async fn stored_claim(app: &TestApp, key: &str, body: &Value, age: i64, made: Option<&str>) {
    use shared::links::api::ApiStore;
    use shared::links::api::idempotency::{Claim, Made, body_hash};
    let Value::Object(object) = body else {
        unreachable!()
    };
    let now = shared::now();
    let claim = Claim {
        request_hash: body_hash(object),
        claim: "an earlier request".into(),
        created_at: now - age,
        claimed_at: now - age,
        made: made.map(|slug| Made {
            slug: slug.to_string(),
            target: "https://example.com/".into(),
            title: String::new(),
            created_ms: (now - age) * 1000,
            valid_until: None,
            tags: Vec::new(),
        }),
    };
    let hash = crate::helpers::sha256_hex(key);
    assert!(
        app.table_handle()
            .claim_key("alice", &hash, &claim, now - age)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn a_create_retried_with_its_idempotency_key_makes_one_link() {
    let app = spawn_app().await;
    let (_, token) = alice(&app).await;
    let body = json!({"target_url": "https://example.com/once"});
    let first = create_with_key(&app, &token, "retry-1", &body).await;
    let location = first.headers()["location"].clone();
    let first = ok_json(first, StatusCode::CREATED).await;
    // Same JSON, other spacing and key order: the same request.
    let again = app
        .client
        .post(app.url("/api/v1/links"))
        .bearer_auth(&token)
        .header("idempotency-key", "retry-1")
        .header("content-type", "application/json")
        .body(r#"{ "target_url" : "https://example.com/once" }"#)
        .send()
        .await
        .unwrap();
    assert_eq!(again.headers()["location"], location);
    assert_eq!(
        ok_json(again, StatusCode::CREATED).await,
        first,
        "the first answer again"
    );
    assert_eq!(slugs(&app, &token).await, [first["slug"].as_str().unwrap()]);

    let other_body = problem(
        create_with_key(
            &app,
            &token,
            "retry-1",
            &json!({"target_url": "https://example.com/other"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(
        other_body["detail"].as_str().unwrap().contains("another body"),
        "{other_body}"
    );
    // Another key is another request; another user's same key is theirs.
    assert_eq!(
        create_with_key(&app, &token, "retry-2", &body).await.status(),
        StatusCode::CREATED
    );
    let bob = signed_in(&app, "bob").await;
    let bob = new_token(&app, &bob, "bob", "write").await;
    assert_eq!(
        create_with_key(&app, &bob, "retry-1", &body).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(slugs(&app, &token).await.len(), 2);

    for bad in ["", &"k".repeat(256), "two words", "caf\u{e9}"] {
        let response = app
            .client
            .post(app.url("/api/v1/links"))
            .bearer_auth(&token)
            .header(
                "idempotency-key",
                reqwest::header::HeaderValue::from_bytes(bad.as_bytes()).unwrap(),
            )
            .json(&body)
            .send()
            .await
            .unwrap();
        problem(response, StatusCode::BAD_REQUEST).await;
    }
    assert_eq!(
        create_with_key(&app, &token, &"k".repeat(255), &body)
            .await
            .status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn a_key_in_flight_is_a_409_a_dead_ones_is_taken_over_and_a_day_old_one_is_free() {
    let app = spawn_app().await;
    let (_, token) = alice(&app).await;
    let body = json!({"target_url": "https://example.com/", "slug": "flight"});
    stored_claim(&app, "running", &body, 5, None).await;
    let busy = problem(
        create_with_key(&app, &token, "running", &body).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        busy["detail"].as_str().unwrap().contains("still being answered"),
        "{busy}"
    );
    assert!(slugs(&app, &token).await.is_empty(), "nothing made");

    // A request that died a few minutes ago left its claim: the retry makes the link.
    stored_claim(&app, "died", &body, 300, None).await;
    let made = ok_json(
        create_with_key(&app, &token, "died", &body).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(made["slug"], "flight");

    // Made 25 hours ago: past the day, the key is free again, whatever the body.
    stored_claim(&app, "yesterday", &body, 25 * 3600, Some("old-one")).await;
    let fresh = json!({"target_url": "https://example.com/new"});
    assert_eq!(
        create_with_key(&app, &token, "yesterday", &fresh).await.status(),
        StatusCode::CREATED
    );
    // Made an hour ago: answered from the record, with nothing made.
    stored_claim(&app, "recent", &body, 3600, Some("recorded")).await;
    let replayed = ok_json(
        create_with_key(&app, &token, "recent", &body).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(replayed["slug"], "recorded");
    assert_eq!(slugs(&app, &token).await.len(), 2);

    // A create that fails makes nothing and gives its key back: the retry may succeed.
    let taken = json!({"target_url": "https://example.com/", "slug": "flight"});
    problem(
        create_with_key(&app, &token, "after-delete", &taken).await,
        StatusCode::CONFLICT,
    )
    .await;
    let deleted = call(&app, Method::DELETE, "/api/v1/links/flight", Some(&token), None).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        create_with_key(&app, &token, "after-delete", &taken)
            .await
            .status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn an_unavailable_database_is_a_503_problem() {
    let port = crate::helpers::closed_port().await;
    let app = crate::helpers::spawn_app_with_database(&format!("http://127.0.0.1:{port}")).await;
    let token = format!("snip_{}", "A".repeat(43));
    let body = problem(
        call(&app, Method::GET, "/api/v1/links", Some(&token), None).await,
        StatusCode::SERVICE_UNAVAILABLE,
    )
    .await;
    assert!(
        !body["detail"].as_str().unwrap().contains("127.0.0.1"),
        "nothing of the failure leaks: {body}"
    );
}
