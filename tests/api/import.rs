//! `/links/import/`: links from a CSV upload, each row created, skipped or invalid; a file
//! that cannot be imported creates nothing.

use reqwest::StatusCode;
use shared::links::domain::{Slug, Tags, TargetUrl, Title};
use shared::links::store::{ImportedLink, LinkStore};

use crate::helpers::{Browser, TestApp, location, spawn_app};
use crate::links::{create_link, signed_in};

/// `(line, outcome)` of each row of an import's report, in order.
fn outcomes(html: &str) -> Vec<(u64, String)> {
    html.split(r#"<tr class="import-row" data-line=""#)
        .skip(1)
        .map(|row| {
            let (line, rest) = row.split_once('"').unwrap();
            let outcome = rest.split_once(r#"data-outcome=""#).unwrap().1;
            (
                line.parse().unwrap(),
                outcome[..outcome.find('"').unwrap()].to_string(),
            )
        })
        .collect()
}

async fn link_count(app: &TestApp, username: &str) -> i64 {
    let user = app.user_item(username).await.unwrap();
    user.get("link_count")
        .map_or(0, |count| count.as_n().unwrap().parse().unwrap())
}

async fn links_stored(app: &TestApp, username: &str) -> usize {
    app.items_with_prefix(&format!("LINK#{username}#")).await
}

const FILE: &str = "url,slug,title,tags,clicks\r\n\
https://example.com/one,one,First,\"news, promo\",3\r\n\
https://example.com/two,,Second,news,0\r\n\
example.com/three,Three,,,\r\n\
https://example.com/x,taken,,,\r\n\
https://example.com/dup,,,,\r\n\
ftp://nope,bad!,,,\r\n\
https://example.com/y,one,,,\r\n\
https://example.com/two,,,,\r\n\
https://example.com/t,tagged,,Bad Tag!,\r\n";

#[tokio::test]
async fn an_import_creates_the_good_rows_skips_what_exists_and_names_what_is_wrong() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let list = alice.get(&app, "/links/").await.text().await.unwrap();
    assert!(
        list.contains(r#"href="/links/import/""#),
        "the list offers the import"
    );
    let form = alice.get(&app, "/links/import/").await;
    assert_eq!(form.status(), StatusCode::OK);
    let form = form.text().await.unwrap();
    assert!(form.contains(r#"enctype="multipart/form-data""#) && form.contains(r#"name="file""#));
    create_link(&app, &alice, "https://example.com/taken", "taken").await;
    create_link(&app, &alice, "https://example.com/dup", "").await;

    let response = alice.upload(&app, "/links/import/", FILE.as_bytes()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    let expected: Vec<(u64, String)> = [
        (2, "created"),
        (3, "created"),
        (4, "created"),
        (5, "skipped"),
        (6, "skipped"),
        (7, "invalid"),
        (8, "skipped"),
        (9, "skipped"),
        (10, "invalid"),
    ]
    .iter()
    .map(|(line, outcome)| (*line, outcome.to_string()))
    .collect();
    assert_eq!(outcomes(&html), expected);
    assert!(
        html.contains(r#"<strong class="created-count">3</strong> created"#),
        "{html}"
    );
    assert!(html.contains(r#"<strong class="skipped-count">4</strong> skipped"#));
    assert!(html.contains(r#"<strong class="invalid-count">2</strong> invalid"#));
    // The reasons, said.
    assert!(html.contains("You already have a link with this slug"));
    assert!(html.contains("You already have a link to this address"));
    assert!(
        html.contains("Use only letters, digits and hyphens."),
        "the bad slug's rule"
    );
    assert!(
        html.contains("Tags are 1 to 30") && html.contains("Tag!"),
        "the bad tag named"
    );
    assert!(
        html.contains(r#"href="/links/one/""#),
        "a created row links its page"
    );

    // Created as the form would have made them, and counted exactly.
    assert_eq!(link_count(&app, "alice").await, 5);
    assert_eq!(links_stored(&app, "alice").await, 5);
    let one = alice.get(&app, "/links/one/").await.text().await.unwrap();
    assert!(one.contains("First") && one.contains("https://example.com/one"));
    let visit = crate::redirect::visit(&app, "/alice/three/", &[]).await;
    assert_eq!(visit.status(), StatusCode::FOUND);
    assert_eq!(location(&visit), "https://example.com/three");
    let tagged = alice.get(&app, "/links/?tag=news").await.text().await.unwrap();
    assert_eq!(
        tagged.matches(r#"<tr class="link-row""#).count(),
        2,
        "one and the generated slug"
    );
    assert!(tagged.contains(r#"data-slug="one""#));
    let promo = alice.get(&app, "/links/?tag=promo").await.text().await.unwrap();
    assert_eq!(promo.matches(r#"<tr class="link-row""#).count(), 1);

    // The same file again creates nothing: every row it made is there.
    let again = alice.upload(&app, "/links/import/", FILE.as_bytes()).await;
    assert_eq!(again.status(), StatusCode::OK);
    let again = again.text().await.unwrap();
    assert!(again.contains(r#"<strong class="created-count">0</strong> created"#));
    assert!(outcomes(&again).iter().all(|(_, outcome)| outcome != "created"));
    assert_eq!(link_count(&app, "alice").await, 5);

    // Another user's import is their own; alice's pages stay hers.
    let bob = signed_in(&app, "bob").await;
    let theirs = bob
        .upload(&app, "/links/import/", FILE.as_bytes())
        .await
        .text()
        .await
        .unwrap();
    assert!(
        theirs.contains(r#"<strong class="created-count">5</strong> created"#),
        "{theirs}"
    );
    assert_eq!(link_count(&app, "bob").await, 5);
    assert_eq!(link_count(&app, "alice").await, 5);
}

#[tokio::test]
async fn a_file_that_cannot_be_imported_gets_one_error_and_creates_nothing() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    // (file, status, what the page says)
    let cases: Vec<(Vec<u8>, StatusCode, &str)> = vec![
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe".to_vec(),
            StatusCode::BAD_REQUEST,
            "not CSV text in UTF-8",
        ),
        (
            b"name,address\nx,https://example.com/\n".to_vec(),
            StatusCode::BAD_REQUEST,
            "names no column of addresses",
        ),
        (
            b"url,slug\n".to_vec(),
            StatusCode::BAD_REQUEST,
            "no rows under its header",
        ),
        (
            // A good row before a broken one: nothing is created all the same.
            b"url\nhttps://example.com/a\n\xff\xfe\n".to_vec(),
            StatusCode::BAD_REQUEST,
            "(line 3)",
        ),
        (Vec::new(), StatusCode::BAD_REQUEST, "Choose a CSV file"),
        (
            (0..=1000)
                .fold(String::from("url\n"), |file, i| {
                    file + &format!("https://example.com/{i}\n")
                })
                .into_bytes(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "1,000 rows",
        ),
        (
            format!("url,title\nhttps://example.com/,{}\n", "x".repeat(1024 * 1024)).into_bytes(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "at most 1 MB",
        ),
    ];
    for (file, status, says) in cases {
        let response = alice.upload(&app, "/links/import/", &file).await;
        assert_eq!(
            response.status(),
            status,
            "{:?}",
            String::from_utf8_lossy(&file[..file.len().min(40)])
        );
        let html = response.text().await.unwrap();
        assert!(html.contains("<html"), "a branded page");
        assert!(html.contains(says), "{html}");
        if status == StatusCode::BAD_REQUEST {
            assert!(
                html.contains(r#"aria-invalid="true""#),
                "the error is the file field's"
            );
        }
    }
    // Without the form's token: refused before anything is read.
    let forged = alice
        .upload_raw(&app, "/links/import/", None, b"url\nhttps://example.com/\n")
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let signed_out = Browser::new();
    let response = signed_out
        .upload_raw(&app, "/links/import/", Some("x"), b"url\nhttps://example.com/\n")
        .await;
    assert_eq!(response.status(), StatusCode::FOUND, "to the sign-in page");
    assert_eq!(link_count(&app, "alice").await, 0);
    assert_eq!(links_stored(&app, "alice").await, 0);
}

/// 1,000 rows, 125 transactions: every row made, the count exact.
#[tokio::test]
async fn a_thousand_rows_are_imported_and_counted_exactly() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    create_link(&app, &alice, "https://example.com/0", "").await;
    let file = (0..1000).fold(String::from("long_url,back_half\n"), |file, i| {
        file + &format!("https://example.com/{i},\n")
    });
    let started = std::time::Instant::now();
    let response = alice.upload(&app, "/links/import/", file.as_bytes()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    eprintln!("1,000-row import: {:?}", started.elapsed());
    assert!(
        html.contains(r#"<strong class="created-count">999</strong> created"#),
        "row 0 is there"
    );
    assert!(html.contains(r#"<strong class="skipped-count">1</strong> skipped"#));
    assert_eq!(link_count(&app, "alice").await, 1000);
    assert_eq!(links_stored(&app, "alice").await, 1000);
    // Newest first is the file's last row.
    let list = alice.get(&app, "/links/").await.text().await.unwrap();
    let first = list
        .split(r#"<td class="text-truncate target-cell" data-label="Goes to"><a href=""#)
        .nth(1)
        .unwrap();
    assert!(first.starts_with("https://example.com/999\""), "{}", &first[..60]);
}

/// `import` is a fixed word now; a link made with that slug before keeps its short URL, and
/// its page is at `/links/import/stats/`.
#[tokio::test]
async fn a_link_slugged_import_from_before_keeps_working() {
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let response = create_link(&app, &alice, "https://example.com/new", "import").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.text().await.unwrap().contains("That slug is reserved"));

    // As it was made before the word was reserved.
    let legacy = ImportedLink {
        slug: Slug::existing("import").unwrap(),
        target: TargetUrl::parse("https://example.com/legacy", &[]).unwrap(),
        title: Title::parse("Legacy").unwrap(),
        tags: Tags::parse("").unwrap(),
        created_ms: shared::now_ms(),
    };
    app.table_handle().create_links("alice", &[legacy]).await.unwrap();

    let visit = crate::redirect::visit(&app, "/alice/import/", &[]).await;
    assert_eq!(visit.status(), StatusCode::FOUND);
    assert_eq!(location(&visit), "https://example.com/legacy");
    let list = alice.get(&app, "/links/").await.text().await.unwrap();
    assert!(list.contains(r#"href="/links/import/stats/""#), "{list}");
    let page = alice.get(&app, "/links/import/stats/").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("https://example.com/legacy"));
    let edit = alice.get(&app, "/links/import/edit/").await.text().await.unwrap();
    assert!(
        edit.contains(r#"href="/links/import/stats/""#),
        "Cancel leads to its page"
    );
    let form = alice.get(&app, "/links/import/").await.text().await.unwrap();
    assert!(
        form.contains(r#"enctype="multipart/form-data""#),
        "the import page"
    );

    let bob = signed_in(&app, "bob").await;
    assert_eq!(
        bob.get(&app, "/links/import/stats/").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bob.get(&app, "/links/import/edit/").await.status(),
        StatusCode::NOT_FOUND
    );
}
