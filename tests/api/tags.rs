//! Tags on links, and finding one's links by tag and by words.

use reqwest::{Method, StatusCode};

use crate::api::call;
use serde_json::json;

use crate::helpers::{Browser, TestApp, spawn_app};
use crate::links::signed_in;

async fn create(
    app: &TestApp,
    browser: &Browser,
    target: &str,
    slug: &str,
    title: &str,
    tags: &str,
) -> reqwest::Response {
    browser
        .submit_to(
            app,
            "/links/new/",
            "/links/new/",
            &[
                ("target_url", target),
                ("slug", slug),
                ("title", title),
                ("tags", tags),
            ],
        )
        .await
}

/// The slugs a list page shows, in order.
fn slugs(html: &str) -> Vec<String> {
    html.split(r#"<tr class="link-row" data-slug=""#)
        .skip(1)
        .map(|row| row[..row.find('"').unwrap()].to_string())
        .collect()
}

async fn list(app: &TestApp, browser: &Browser, query: &str) -> String {
    let response = browser.get(app, &format!("/links/?{query}")).await;
    assert_eq!(response.status(), StatusCode::OK, "{query}");
    response.text().await.unwrap()
}

#[tokio::test]
async fn links_carry_tags_and_a_tag_lists_them() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    assert_eq!(
        create(
            &app,
            &alice,
            "https://example.com/a",
            "one",
            "",
            "News, promo ,news"
        )
        .await
        .status(),
        StatusCode::FOUND
    );
    assert_eq!(
        create(&app, &alice, "https://example.com/b", "two", "", "promo")
            .await
            .status(),
        StatusCode::FOUND
    );
    assert_eq!(
        create(&app, &alice, "https://example.com/c", "three", "", "")
            .await
            .status(),
        StatusCode::FOUND
    );

    let all = list(&app, &alice, "").await;
    assert_eq!(slugs(&all), ["three", "two", "one"]);
    assert!(
        all.contains(r#"href="/links/?tag=news">news</a>"#),
        "lower-cased, once"
    );
    assert_eq!(all.matches(r#"href="/links/?tag=promo">"#).count(), 2);
    assert_eq!(slugs(&list(&app, &alice, "tag=promo").await), ["two", "one"]);
    assert_eq!(slugs(&list(&app, &alice, "tag=NEWS").await), ["one"]);
    let detail = alice.get(&app, "/links/one/").await.text().await.unwrap();
    assert!(detail.contains(r#"id="link-tags""#) && detail.contains(">promo</a>"));

    // The edit form shows them and changes them.
    let form = alice.get(&app, "/links/one/edit/").await.text().await.unwrap();
    assert!(form.contains(r#"value="news, promo""#), "{form}");
    let saved = alice
        .submit_to(
            &app,
            "/links/one/edit/",
            "/links/one/edit/",
            &[
                ("target_url", "https://example.com/a"),
                ("title", ""),
                ("tags", "archive"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::FOUND);
    assert_eq!(slugs(&list(&app, &alice, "tag=promo").await), ["two"]);
    assert_eq!(slugs(&list(&app, &alice, "tag=archive").await), ["one"]);

    for (bad, message) in [
        ("ok, bad tag", "bad tag"),
        (
            &(0..11).map(|i| format!("t{i}")).collect::<Vec<_>>().join(","),
            "at most 10 tags",
        ),
        (&"x".repeat(31), "1 to 30"),
    ] {
        let response = create(&app, &alice, "https://example.com/d", "refused", "", bad).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        let html = response.text().await.unwrap();
        assert!(html.contains(message), "{message}: {html}");
    }
    assert_eq!(
        alice.get(&app, "/links/?tag=bad%20tag").await.status(),
        StatusCode::BAD_REQUEST
    );

    // Bob's lists are his own.
    let bob = signed_in(&app, "bob").await;
    assert!(slugs(&list(&app, &bob, "tag=promo").await).is_empty());
}

#[tokio::test]
async fn a_search_finds_every_word_in_slug_title_or_target_whatever_the_case() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    for (target, slug, title, tags) in [
        ("https://docs.example.com/api", "api-docs", "The API Docs", "work"),
        ("https://example.com/Holiday-Photos", "photos", "Summer", "home"),
        ("https://shop.example/docs", "manual", "Shop manual", "work"),
    ] {
        assert_eq!(
            create(&app, &alice, target, slug, title, tags).await.status(),
            StatusCode::FOUND
        );
    }
    assert_eq!(slugs(&list(&app, &alice, "q=DOCS").await), ["manual", "api-docs"]);
    assert_eq!(
        slugs(&list(&app, &alice, "q=docs+API").await),
        ["api-docs"],
        "every word"
    );
    assert_eq!(
        slugs(&list(&app, &alice, "q=holiday").await),
        ["photos"],
        "the target, case-folded"
    );
    assert_eq!(
        slugs(&list(&app, &alice, "q=docs&tag=work").await),
        ["manual", "api-docs"]
    );
    assert_eq!(
        slugs(&list(&app, &alice, "q=photos&tag=work").await),
        Vec::<String>::new()
    );
    let none = list(&app, &alice, "q=nothing-like-it").await;
    assert!(none.contains("No links match"), "{none}");
    assert!(
        none.contains(r#"value="nothing-like-it""#),
        "the box keeps the search"
    );
    assert_eq!(
        alice
            .get(&app, &format!("/links/?q={}", "x".repeat(201)))
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn a_filtered_list_keeps_its_filter_from_page_to_page() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let token = crate::tokens::new_token(&app, &alice, "bulk", "write").await;
    for index in 0..50 {
        let tags = if index % 2 == 0 { vec!["even"] } else { vec![] };
        let body =
            json!({"target_url": "https://example.com/", "slug": format!("link-{index:02}"), "tags": tags});
        let response = call(&app, Method::POST, "/api/v1/links", Some(&token), Some(body)).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let first = list(&app, &alice, "tag=even").await;
    let shown = slugs(&first);
    assert_eq!(shown.len(), 20);
    assert!(
        shown
            .iter()
            .all(|slug| slug[5..].parse::<u32>().unwrap() % 2 == 0)
    );
    let start = first.find(r#"rel="next" href=""#).unwrap() + r#"rel="next" href=""#.len();
    let next = first[start..start + first[start..].find('"').unwrap()].replace("&amp;", "&");
    assert!(next.contains("tag=even"), "{next}");
    let second = alice.get(&app, &next).await.text().await.unwrap();
    assert_eq!(slugs(&second).len(), 5);
    assert_eq!(slugs(&second).last().unwrap(), "link-00");
    assert!(!second.contains(r#"rel="next""#));

    // The API carries the tags too.
    let link: serde_json::Value = call(&app, Method::GET, "/api/v1/links/link-02", Some(&token), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(link["tags"], json!(["even"]));
    let patch = |tags: serde_json::Value| {
        call(
            &app,
            Method::PATCH,
            "/api/v1/links/link-02",
            Some(&token),
            Some(json!({ "tags": tags })),
        )
    };
    let changed: serde_json::Value = patch(json!(["Odd", "odd", "prime"])).await.json().await.unwrap();
    assert_eq!(changed["tags"], json!(["odd", "prime"]));
    let refused = patch(json!(["no spaces"])).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(slugs(&list(&app, &alice, "tag=prime").await), ["link-02"]);
}
