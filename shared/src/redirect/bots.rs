//! Which requests are not a person clicking: they are still redirected, but counted apart.
//! The one list; every check reads it.

use lambda_http::http::HeaderMap;

/// Substrings (lower-case) of user agents that fetch links on their own: search crawlers,
/// link-preview fetchers of chat and social apps, monitors, and command-line clients.
pub const AUTOMATED_AGENTS: &[&str] = &[
    "bot",
    "crawl",
    "spider",
    "slurp",
    "preview",
    "facebookexternalhit",
    "facebookcatalog",
    "whatsapp",
    "embedly",
    "outbrain",
    "pinterest",
    "vkshare",
    "w3c_validator",
    "bitlybot",
    "iframely",
    "mastodon",
    "python-requests",
    "python-urllib",
    "go-http-client",
    "curl/",
    "wget/",
    "httpclient",
    "okhttp",
    "node-fetch",
    "axios/",
    "lighthouse",
    "pingdom",
    "uptime",
    "monitor",
    "cloudwatchsynthetics",
];

/// Prefetch and preview requests announce themselves in one of these headers.
const PURPOSE_HEADERS: &[&str] = &["purpose", "sec-purpose", "x-purpose", "x-moz"];

/// Whether the request comes from software rather than a person: an announced prefetch or
/// preview, a known automated user agent, or none at all (every browser sends one).
pub fn is_automated(headers: &HeaderMap) -> bool {
    let prefetch = PURPOSE_HEADERS.iter().any(|name| {
        headers.get(*name).and_then(|v| v.to_str().ok()).is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("prefetch") || v.contains("preview") || v.contains("prerender")
        })
    });
    if prefetch {
        return true;
    }
    match headers.get("user-agent").and_then(|v| v.to_str().ok()) {
        None => true,
        Some(agent) if agent.trim().is_empty() => true,
        Some(agent) => {
            let agent = agent.to_ascii_lowercase();
            AUTOMATED_AGENTS.iter().any(|bot| agent.contains(bot))
        }
    }
}

#[cfg(test)]
mod tests {
    use lambda_http::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

    #[test]
    fn people_are_people_and_software_is_not() {
        assert!(!is_automated(&headers(&[("user-agent", FIREFOX)])));
        assert!(is_automated(&headers(&[])));
        assert!(is_automated(&headers(&[(
            "user-agent",
            "Slackbot-LinkExpanding 1.0"
        )])));
        assert!(is_automated(&headers(&[(
            "user-agent",
            "facebookexternalhit/1.1"
        )])));
        assert!(is_automated(&headers(&[("user-agent", "curl/8.5.0")])));
        assert!(is_automated(&headers(&[
            ("user-agent", FIREFOX),
            ("purpose", "prefetch")
        ])));
        assert!(is_automated(&headers(&[
            ("user-agent", FIREFOX),
            ("sec-purpose", "prefetch;prerender")
        ])));
    }
}
