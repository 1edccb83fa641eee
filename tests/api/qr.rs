//! A link's QR codes: its owner's only, and they read back as its short URL.

use reqwest::StatusCode;

use crate::helpers::spawn_app;
use crate::links::{new_link, signed_in};

#[tokio::test]
async fn a_links_qr_codes_read_as_its_short_url_for_its_owner_only() {
    let zbarimg =
        std::env::var("ZBARIMG").expect("ZBARIMG: run through `make test`, which installs zbar-tools");
    let app = spawn_app().await;
    let alice = signed_in(&app, "alice").await;
    let slug = new_link(&app, &alice, "https://example.com/printed").await;

    let png = alice.get(&app, &format!("/links/{slug}/qr.png")).await;
    assert_eq!(png.status(), StatusCode::OK);
    assert_eq!(png.headers()["content-type"], "image/png");
    assert_eq!(png.headers()["cache-control"], "private, max-age=86400");
    let bytes = png.bytes().await.unwrap();
    let file = std::env::temp_dir().join(format!("snip-qr-{}-{slug}.png", std::process::id()));
    std::fs::write(&file, &bytes).unwrap();
    let decoded = std::process::Command::new(zbarimg)
        .args(["--quiet", "--raw"])
        .arg(&file)
        .output()
        .unwrap();
    std::fs::remove_file(&file).ok();
    assert!(decoded.status.success(), "zbarimg read nothing: {decoded:?}");
    assert_eq!(
        String::from_utf8_lossy(&decoded.stdout).trim(),
        app.url(&format!("/alice/{slug}/"))
    );

    let svg = alice.get(&app, &format!("/links/{slug}/qr.svg")).await;
    assert_eq!(svg.status(), StatusCode::OK);
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");
    assert_eq!(svg.headers()["cache-control"], "private, max-age=86400");
    assert!(svg.text().await.unwrap().contains("<svg"));

    let page = alice
        .get(&app, &format!("/links/{slug}/"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!(r#"<img src="/links/{slug}/qr.svg""#)));
    assert!(page.contains(&format!(r#"href="/links/{slug}/qr.png" download"#)));

    let bob = signed_in(&app, "bob").await;
    for path in ["qr.svg", "qr.png"] {
        let response = bob.get(&app, &format!("/links/{slug}/{path}")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let signed_out = app.get(&format!("/links/{slug}/qr.png")).await;
    assert_ne!(signed_out.status(), StatusCode::OK);
}
