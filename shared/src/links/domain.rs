//! What a link is made of, validated once at the edge (the form handler): a value of these
//! types is valid by construction.

use std::fmt;

use url::{Host, Url};

/// Generated slugs: 8 characters of `a–z 0–9` (36⁸ ≈ 2.8 × 10¹² per user).
pub const GENERATED_SLUG_LENGTH: usize = 8;
const SLUG_ALPHABET: [char; 36] = [
    'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u',
    'v', 'w', 'x', 'y', 'z', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
];
/// Slugs that would make a `/links/{slug}/` page unreachable: the fixed words there.
const RESERVED_SLUGS: &[&str] = super::FIXED_WORDS;
pub const MAX_TARGET_LENGTH: usize = 2048;
pub const MAX_TITLE_LENGTH: usize = 200;

/// The last part of `/{username}/{slug}/`: 3–50 of `a–z 0–9 -`, stored case-folded, unique
/// per user.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

impl Slug {
    /// A slug the user chose.
    pub fn parse(input: &str) -> Result<Self, String> {
        let slug = input.trim();
        if slug.len() < 3 || slug.len() > 50 {
            return Err("Custom slugs are 3 to 50 characters long.".into());
        }
        let slug = slug.to_ascii_lowercase();
        if !slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err("Use only letters, digits and hyphens.".into());
        }
        if RESERVED_SLUGS.contains(&slug.as_str()) {
            return Err("That slug is reserved. Please choose another.".into());
        }
        Ok(Self(slug))
    }

    /// A random slug from the operating system's CSPRNG (nanoid).
    pub fn generate() -> Self {
        Self(nanoid::nanoid!(GENERATED_SLUG_LENGTH, &SLUG_ALPHABET))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a link sends its visitors: an absolute `http`/`https` URL with a host, no
/// credentials, at most [`MAX_TARGET_LENGTH`] characters, and not on this service (a short
/// link to a short link could loop).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetUrl(Url);

impl TargetUrl {
    /// `own_hosts` are the addresses (`host[:port]`) this service answers at. A bare
    /// `example.com/page` is read as `https://example.com/page`, as browsers do.
    pub fn parse(input: &str, own_hosts: &[&str]) -> Result<Self, String> {
        let input = input.trim();
        if input.is_empty() {
            return Err("Enter the address the link should lead to.".into());
        }
        if input.len() > MAX_TARGET_LENGTH {
            return Err(format!(
                "Addresses are at most {MAX_TARGET_LENGTH} characters long."
            ));
        }
        let url = match Url::parse(input) {
            Ok(url) => url,
            Err(url::ParseError::RelativeUrlWithoutBase) => {
                Url::parse(&format!("https://{input}")).map_err(|_| invalid())?
            }
            Err(_) => return Err(invalid()),
        };
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err("Only http:// and https:// addresses can be shortened.".into());
        }
        let Some(host) = url.host() else {
            return Err(invalid());
        };
        if matches!(&host, Host::Domain(domain) if domain.is_empty()) {
            return Err(invalid());
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("Addresses with a user name or password in them cannot be shortened.".into());
        }
        if url.as_str().len() > MAX_TARGET_LENGTH {
            return Err(format!(
                "Addresses are at most {MAX_TARGET_LENGTH} characters long."
            ));
        }
        if own_hosts.iter().any(|own| is_same_host(&url, own)) {
            return Err("That address is a short link itself. Link to the final destination instead.".into());
        }
        Ok(Self(url))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

fn invalid() -> String {
    "Enter a full web address, such as https://example.com/page.".into()
}

/// Whether `url` points at `own` (`host[:port]`), ports compared with the scheme's default.
fn is_same_host(url: &Url, own: &str) -> bool {
    let Ok(own) = Url::parse(&format!("{}://{own}", url.scheme())) else {
        return false;
    };
    let host = |u: &Url| u.host_str().map(|h| h.trim_end_matches('.').to_ascii_lowercase());
    host(url) == host(&own) && url.port_or_known_default() == own.port_or_known_default()
}

/// An optional label for the owner's eyes: trimmed, at most [`MAX_TITLE_LENGTH`] characters,
/// no control characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    pub fn parse(input: &str) -> Result<Self, String> {
        let title = input.trim();
        if title.chars().count() > MAX_TITLE_LENGTH {
            return Err(format!("Titles are at most {MAX_TITLE_LENGTH} characters long."));
        }
        if title.chars().any(char::is_control) {
            return Err("Titles cannot contain control characters.".into());
        }
        Ok(Self(title.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_case_folded_and_limited() {
        assert_eq!(Slug::parse(" My-Link-2 ").unwrap().as_str(), "my-link-2");
        for bad in ["ab", "has space", "under_score", "émoji", "new", &"x".repeat(51)] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
        let generated = Slug::generate();
        assert_eq!(generated.as_str().len(), 8);
        assert!(Slug::parse(generated.as_str()).is_ok());
    }

    #[test]
    fn targets_must_be_plain_web_addresses_elsewhere() {
        let ok = |s| TargetUrl::parse(s, &["snip.test", "sn.ip"]).map(|t| t.as_str().to_string());
        assert_eq!(
            ok("https://example.com/a?b=c#d").unwrap(),
            "https://example.com/a?b=c#d"
        );
        assert_eq!(ok("example.com/page").unwrap(), "https://example.com/page");
        assert_eq!(ok("http://EXAMPLE.com").unwrap(), "http://example.com/");
        assert!(
            ok("https://snip.test:8443/x").is_ok(),
            "another port is another service"
        );
        for bad in [
            "",
            "javascript:alert(1)",
            "data:text/html,hi",
            "file:///etc/passwd",
            "ftp://example.com/",
            "https://user:pass@example.com/",
            "https://user@example.com/",
            "http://",
            "https://SNIP.test/alice/x/",
            "https://snip.test:443/alice/x/",
            "http://SN.IP/alice/x/",
        ] {
            assert!(ok(bad).is_err(), "{bad}");
        }
        let long = format!("https://example.com/{}", "a".repeat(MAX_TARGET_LENGTH));
        assert!(ok(&long).is_err());
    }

    #[test]
    fn titles_are_trimmed_and_bounded() {
        assert_eq!(Title::parse("  Docs ").unwrap().as_str(), "Docs");
        assert!(Title::parse(&"t".repeat(201)).is_err());
        assert!(Title::parse("a\u{0}b").is_err());
    }
}
