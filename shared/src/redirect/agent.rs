//! What a click's breakdowns count of it: the browser, system and device its user agent names
//! (parsed by `woothee`), the host it was referred from, and its country when a CDN says.
//!
//! `woothee` was chosen by size and speed: its patterns compile on first use (nothing at
//! start-up, where ua-parser's rule sets take about 200 ms) and a parse takes microseconds
//! (BENCHMARKS.md, "Analytics on the click path"). It has no tablet category: an iPad, or an
//! Android device without `Mobile` in its user agent (Android's own convention for tablets),
//! counts as a tablet.

use lambda_http::http::HeaderMap;

/// The browser, system and device of a user agent, as the link page names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    pub browser: String,
    pub system: String,
    pub device: &'static str,
}

/// What a breakdown calls what the parser does not know.
pub const OTHER: &str = "Other";

pub const DESKTOP: &str = "Desktop";
pub const MOBILE: &str = "Mobile";
pub const TABLET: &str = "Tablet";

impl Agent {
    pub fn of(user_agent: &str) -> Self {
        let parsed = woothee::parser::Parser::new().parse(user_agent);
        let known = |value: &str| (!value.is_empty() && value != "UNKNOWN").then(|| value.to_string());
        let (name, category, os) = parsed
            .as_ref()
            .map_or(("", "", ""), |p| (p.name, p.category, p.os));
        let system = match os {
            "iPhone" | "iPad" | "iPod" => Some("iOS".to_string()),
            "Mac OSX" => Some("macOS".to_string()),
            other => known(other),
        };
        let tablet = os == "iPad" || (os == "Android" && !user_agent.contains("Mobile"));
        let device = match category {
            "pc" => DESKTOP,
            "smartphone" if tablet => TABLET,
            "smartphone" | "mobilephone" => MOBILE,
            _ => OTHER,
        };
        Self {
            browser: known(name).unwrap_or_else(|| OTHER.to_string()),
            system: system.unwrap_or_else(|| OTHER.to_string()),
            device,
        }
    }
}

/// The host a `Referer` names, lower-cased and without `www.`; empty for none (a direct
/// visit) or for what is not an http(s) URL with a host.
pub fn referrer_host(referrer: &str) -> String {
    let Ok(url) = url::Url::parse(referrer) else {
        return String::new();
    };
    if !matches!(url.scheme(), "http" | "https") {
        return String::new();
    }
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    host.strip_prefix("www.").map(str::to_string).unwrap_or(host)
}

/// The viewer's country from `CloudFront-Viewer-Country` when `trust_cdn` says a CDN that sets
/// it sits in front (any client can send the header otherwise); empty when unknown. Only an ISO
/// 3166 alpha-2 shape is taken.
pub fn country(headers: &HeaderMap, trust_cdn: bool) -> String {
    if !trust_cdn {
        return String::new();
    }
    headers
        .get("cloudfront-viewer-country")
        .and_then(|value| value.to_str().ok())
        .filter(|code| code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()))
        .map(str::to_string)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsers_systems_and_devices_are_named_as_people_know_them() {
        let cases = [
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
                ("Firefox", "Linux", DESKTOP),
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                ("Chrome", "Windows 10", DESKTOP),
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
                ("Safari", "macOS", DESKTOP),
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
                ("Safari", "iOS", MOBILE),
            ),
            (
                "Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
                ("Safari", "iOS", TABLET),
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
                ("Chrome", "Android", MOBILE),
            ),
            (
                "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                ("Chrome", "Android", TABLET),
            ),
            ("", (OTHER, OTHER, OTHER)),
            ("something-unheard-of/1.0", (OTHER, OTHER, OTHER)),
        ];
        for (user_agent, (browser, system, device)) in cases {
            let agent = Agent::of(user_agent);
            assert_eq!(
                (agent.browser.as_str(), agent.system.as_str(), agent.device),
                (browser, system, device),
                "{user_agent}"
            );
        }
    }

    #[test]
    fn a_referrer_is_its_host_without_www() {
        assert_eq!(
            referrer_host("https://www.News.example/post/1?x=y"),
            "news.example"
        );
        assert_eq!(referrer_host("http://t.co/abc"), "t.co");
        assert_eq!(referrer_host("https://wwwx.example/"), "wwwx.example");
        for direct in [
            "",
            "not a url",
            "android-app://com.slack/",
            "javascript:alert(1)",
            "file:///etc/passwd",
        ] {
            assert_eq!(referrer_host(direct), "", "{direct}");
        }
    }

    #[test]
    fn a_country_is_taken_from_a_trusted_cdn_only() {
        let mut headers = HeaderMap::new();
        headers.insert("cloudfront-viewer-country", "FR".parse().unwrap());
        assert_eq!(country(&headers, true), "FR");
        assert_eq!(country(&headers, false), "", "any client can send the header");
        for bad in ["fr", "FRA", "F1", ""] {
            headers.insert("cloudfront-viewer-country", bad.parse().unwrap());
            assert_eq!(country(&headers, true), "", "{bad}");
        }
    }
}
