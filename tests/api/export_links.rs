//! `/links/export.csv`: one's links as CSV, newest first, 1,000 a file with a `Link` to the next.

use futures_util::StreamExt;
use reqwest::{Method, StatusCode};

use crate::api::call;
use serde_json::json;

use crate::helpers::spawn_app;
use crate::links::signed_in;

#[tokio::test]
async fn ones_links_export_as_csv_newest_first_defused() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let token = crate::tokens::new_token(&app, &alice, "export", "write").await;
    for body in [
        json!({"target_url": "https://example.com/a,b", "slug": "first", "title": "=HYPERLINK(\"x\")", "tags": ["news", "promo"]}),
        json!({"target_url": "https://example.com/", "slug": "second", "valid_until": "2030-01-01T00:00:00Z"}),
    ] {
        let response = call(&app, Method::POST, "/api/v1/links", Some(&token), Some(body)).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    crate::redirect::visit(&app, "/alice/first/", &[]).await;
    crate::redirect::settled_page(&app, &alice, "first", (1, 0)).await;

    let list = alice.get(&app, "/links/").await.text().await.unwrap();
    assert!(
        list.contains(r#"href="/links/export.csv""#),
        "the list offers the export"
    );
    let response = alice.get(&app, "/links/export.csv").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert!(
        response.headers().get("link").is_none(),
        "one file holds them all"
    );
    let csv = response.text().await.unwrap();
    let lines: Vec<&str> = csv.split("\r\n").filter(|line| !line.is_empty()).collect();
    assert_eq!(
        lines[0],
        "slug,short_url,target_url,title,tags,created,valid_until,clicks,bot_hits"
    );
    assert_eq!(lines.len(), 3);
    assert!(
        lines[1].starts_with(&format!(
            "second,{},https://example.com/,,,",
            app.url("/alice/second/")
        )),
        "{}",
        lines[1]
    );
    assert!(lines[1].ends_with(",2030-01-01T00:00:00Z,0,0"), "{}", lines[1]);
    assert!(
        lines[2].starts_with(&format!(
            "first,{},\"https://example.com/a,b\",\"'=HYPERLINK(\"\"x\"\")\",news promo,",
            app.url("/alice/first/")
        )),
        "{}",
        lines[2]
    );
    assert!(lines[2].ends_with(",,1,0"), "{}", lines[2]);

    // Bob's export is his own; a forged position is refused.
    let bob = signed_in(&app, "bob").await;
    let theirs = bob.get(&app, "/links/export.csv").await.text().await.unwrap();
    assert_eq!(
        theirs.split("\r\n").filter(|line| !line.is_empty()).count(),
        1,
        "the header only"
    );
    assert_eq!(
        alice.get(&app, "/links/export.csv?after=forged").await.status(),
        StatusCode::BAD_REQUEST
    );
    let signed_out = app.get("/links/export.csv").await;
    assert_eq!(signed_out.status(), StatusCode::FOUND);
}

#[tokio::test]
async fn a_thousand_links_a_file_and_a_link_to_the_next() {
    use shared::links::domain::{Slug, TargetUrl, Title};
    use shared::links::store::{LinkStore, NewLink};
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let table = app.table_handle();
    let target = TargetUrl::parse("https://example.com/", &[]).unwrap();
    let title = Title::default();
    let tags = Default::default();
    let made = futures_util::stream::iter(0..1_003)
        .map(|index| {
            let (table, target, title, tags) = (&table, &target, &title, &tags);
            async move {
                let form_id = shared::forms::FormId::generate();
                let link = NewLink {
                    owner: "alice",
                    form_id: &form_id,
                    target,
                    title,
                    valid_until: Default::default(),
                    tags,
                    created_ms: 1_700_000_000_000 + index,
                    idempotency: None,
                };
                table
                    .create_link(&link, &Slug::parse(&format!("bulk-{index:04}")).unwrap())
                    .await
                    .unwrap();
            }
        })
        .buffer_unordered(16)
        .count()
        .await;
    assert_eq!(made, 1_003);

    let first = alice.get(&app, "/links/export.csv").await;
    let link = first.headers()["link"].to_str().unwrap().to_string();
    let next = link
        .strip_prefix('<')
        .unwrap()
        .split('>')
        .next()
        .unwrap()
        .to_string();
    assert!(link.ends_with("; rel=\"next\""), "{link}");
    let first = first.text().await.unwrap();
    let rows: Vec<&str> = first
        .split("\r\n")
        .skip(1)
        .filter(|line| !line.is_empty())
        .collect();
    assert_eq!(rows.len(), 1_000);
    assert!(rows[0].starts_with("bulk-1002,") && rows[999].starts_with("bulk-0003,"));
    let second = alice.get(&app, &next).await;
    assert!(second.headers().get("link").is_none());
    let second = second.text().await.unwrap();
    let rows: Vec<&str> = second
        .split("\r\n")
        .skip(1)
        .filter(|line| !line.is_empty())
        .collect();
    assert_eq!(rows.len(), 3);
    assert!(rows[2].starts_with("bulk-0000,"));
}
