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
        let slug = Self::existing(input)?;
        if RESERVED_SLUGS.contains(&slug.as_str()) {
            return Err("That slug is reserved. Please choose another.".into());
        }
        Ok(slug)
    }

    /// A slug a link may already have, to look it up: a word reserved after links were made
    /// with it (`import`) still finds them, so their short URLs and pages keep working.
    pub fn existing(input: &str) -> Result<Self, String> {
        let slug = input.trim().to_ascii_lowercase();
        // Every rule the slug breaks, not only the first.
        let mut broken = Vec::new();
        if slug.len() < 3 || slug.len() > 50 {
            broken.push("Custom slugs are 3 to 50 characters long.");
        }
        if !slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            broken.push("Use only letters, digits and hyphens.");
        }
        if !broken.is_empty() {
            return Err(broken.join(" "));
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

/// Tags a link may carry, and the characters of one.
pub const MAX_TAGS: usize = 10;
pub const MAX_TAG_CHARS: usize = 30;

/// A link's tags: each trimmed and lower-cased, 1–30 of `a–z 0–9 -`, duplicates dropped, at
/// most [`MAX_TAGS`], in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags(Vec<String>);

impl Tags {
    /// The form's comma-separated field.
    pub fn parse(input: &str) -> Result<Self, String> {
        Self::split(input, &[','])
    }

    /// An import's column: separated by commas as the form's, or by spaces as our export
    /// writes them (a tag has neither).
    pub fn parse_imported(input: &str) -> Result<Self, String> {
        Self::split(input, &[',', ' '])
    }

    fn split(input: &str, separators: &[char]) -> Result<Self, String> {
        if input.len() > 4 * MAX_TAGS * (MAX_TAG_CHARS + 2) {
            return Err(format!(
                "At most {MAX_TAGS} tags of up to {MAX_TAG_CHARS} characters."
            ));
        }
        Self::from_list(input.split(separators).filter(|tag| !tag.trim().is_empty()))
    }

    /// The API's list.
    pub fn from_list<'a>(tags: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut kept: Vec<String> = Vec::new();
        let mut bad = Vec::new();
        for tag in tags {
            match Tag::parse(tag) {
                Ok(tag) if !kept.contains(&tag.0) => kept.push(tag.0),
                Ok(_) => {}
                Err(_) => bad.push(tag.trim().chars().take(40).collect::<String>()),
            }
            if kept.len() + bad.len() > 4 * MAX_TAGS {
                break;
            }
        }
        if !bad.is_empty() {
            return Err(format!(
                "Tags are 1 to {MAX_TAG_CHARS} of a–z, 0–9 and -, separated by commas: not {}.",
                bad.iter()
                    .map(|b| format!("\"{b}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if kept.len() > MAX_TAGS {
            return Err(format!("A link has at most {MAX_TAGS} tags."));
        }
        Ok(Self(kept))
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// The form's value back.
    pub fn form_value(&self) -> String {
        self.0.join(", ")
    }
}

/// One tag, as [`Tags`] holds them (also what `/links/?tag=` takes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag(String);

impl Tag {
    pub fn parse(input: &str) -> Result<Self, String> {
        let tag = input.trim().to_ascii_lowercase();
        let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
        if tag.is_empty() || tag.len() > MAX_TAG_CHARS || !tag.bytes().all(allowed) {
            return Err(format!("A tag is 1 to {MAX_TAG_CHARS} of a–z, 0–9 and -."));
        }
        Ok(Self(tag))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The words of a search of one's links (`/links/?q=`): lower-cased, each of which a link's
/// slug, title or target must contain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchWords(Vec<String>);

/// A search's length and words, bounded before it reaches the table.
pub const MAX_SEARCH_CHARS: usize = 200;
pub const MAX_SEARCH_WORDS: usize = 10;

impl SearchWords {
    pub fn parse(input: &str) -> Result<Self, String> {
        if input.chars().count() > MAX_SEARCH_CHARS {
            return Err(format!("Searches are at most {MAX_SEARCH_CHARS} characters."));
        }
        let mut words: Vec<String> = Vec::new();
        for word in input.split_whitespace().map(str::to_lowercase) {
            if !words.contains(&word) {
                words.push(word);
            }
        }
        if words.len() > MAX_SEARCH_WORDS {
            return Err(format!("Search for at most {MAX_SEARCH_WORDS} words."));
        }
        Ok(Self(words))
    }

    pub fn words(&self) -> &[String] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What a search looks in: the slug, title and target, lower-cased (DynamoDB's `contains`
/// is case-sensitive), kept on the link item as `search`.
pub fn search_text(slug: &str, title: &str, target: &str) -> String {
    format!("{slug}\n{title}\n{target}").to_lowercase()
}

/// When a link stops redirecting (`valid_until`), in epoch seconds, or never. After it, its
/// short URL answers 410 Gone and counts nothing; the link, its page and its clicks stay, and
/// clearing the field switches it back on. A time in the past switches it off at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ValidUntil(Option<i64>);

impl ValidUntil {
    pub const NEVER: Self = Self(None);

    /// A form's `datetime-local` value, read as UTC (`2026-12-31T23:59`, seconds optional);
    /// empty is never.
    pub fn parse(input: &str) -> Result<Self, String> {
        let input = input.trim();
        if input.is_empty() {
            return Ok(Self(None));
        }
        let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
        let with_seconds = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
        let at = time::PrimitiveDateTime::parse(input, format)
            .or_else(|_| time::PrimitiveDateTime::parse(input, with_seconds))
            .map_err(|_| {
                "Give a date and time, such as 2026-12-31T23:59 (UTC), or leave it empty.".to_string()
            })?;
        Self::checked(at.assume_utc().unix_timestamp())
    }

    /// An RFC 3339 time (the API's), any offset; `None` is never.
    pub fn parse_rfc3339(input: Option<&str>) -> Result<Self, String> {
        let Some(input) = input else {
            return Ok(Self(None));
        };
        let at = time::OffsetDateTime::parse(input.trim(), &time::format_description::well_known::Rfc3339)
            .map_err(|_| "Give an RFC 3339 time, such as 2026-12-31T23:59:00Z, or null.".to_string())?;
        Self::checked(at.unix_timestamp())
    }

    /// As stored.
    pub fn stored(epoch_seconds: Option<i64>) -> Self {
        Self(epoch_seconds)
    }

    fn checked(epoch_seconds: i64) -> Result<Self, String> {
        // 2000-01-01 to 9999-12-31: anything else is a typo, not a plan.
        if !(946_684_800..=253_402_300_799).contains(&epoch_seconds) {
            return Err("Give a time between the years 2000 and 9999.".into());
        }
        Ok(Self(Some(epoch_seconds)))
    }

    pub fn epoch_seconds(self) -> Option<i64> {
        self.0
    }

    /// Whether the link no longer redirects at `now` (epoch seconds).
    pub fn has_passed(self, now: i64) -> bool {
        self.0.is_some_and(|until| until <= now)
    }

    /// The form's value back: `2026-12-31T23:59` (UTC), or empty.
    pub fn form_value(self) -> String {
        let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
        self.0
            .and_then(|at| time::OffsetDateTime::from_unix_timestamp(at).ok())
            .and_then(|at| at.format(format).ok())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_lower_cased_deduplicated_and_bounded() {
        let tags = Tags::parse(" News, promo-2026,news ,, ").unwrap();
        assert_eq!(tags.as_slice(), ["news", "promo-2026"]);
        assert_eq!(tags.form_value(), "news, promo-2026");
        assert_eq!(Tags::parse("").unwrap(), Tags::default());
        let error = Tags::parse("ok, bad tag, émoji").unwrap_err();
        assert!(
            error.contains("\"bad tag\"") && error.contains("\"émoji\""),
            "{error}"
        );
        assert!(Tags::parse(&"x".repeat(31)).is_err());
        assert!(Tags::parse(&(0..10).map(|i| format!("t{i}")).collect::<Vec<_>>().join(",")).is_ok());
        assert!(Tags::parse(&(0..11).map(|i| format!("t{i}")).collect::<Vec<_>>().join(",")).is_err());
        let words = SearchWords::parse("  Docs  API docs ").unwrap();
        assert_eq!(words.words(), ["docs", "api"]);
        assert!(SearchWords::parse(&"w ".repeat(11)).is_ok(), "one word, repeated");
        assert!(SearchWords::parse(&(0..11).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ")).is_err());
        assert_eq!(
            search_text("Ab", "My Title", "https://X.example/"),
            "ab\nmy title\nhttps://x.example/"
        );
    }

    #[test]
    fn a_validity_is_a_utc_time_or_never() {
        assert_eq!(ValidUntil::parse("").unwrap(), ValidUntil::NEVER);
        let at = ValidUntil::parse("2026-12-31T23:59").unwrap();
        assert_eq!(at.epoch_seconds(), Some(1_798_761_540));
        assert_eq!(ValidUntil::parse("2026-12-31T23:59:00").unwrap(), at);
        assert_eq!(at.form_value(), "2026-12-31T23:59");
        assert!(at.has_passed(1_798_761_540) && !at.has_passed(1_798_761_539));
        assert_eq!(
            ValidUntil::parse_rfc3339(Some("2027-01-01T00:59:00+01:00")).unwrap(),
            at
        );
        assert_eq!(ValidUntil::parse_rfc3339(None).unwrap(), ValidUntil::NEVER);
        for bad in [
            "tomorrow",
            "2026-13-01T00:00",
            "31/12/2026 23:59",
            "1999-12-31T23:59",
            "10000-01-01T00:00",
        ] {
            assert!(ValidUntil::parse(bad).is_err(), "{bad}");
        }
        assert!(ValidUntil::parse_rfc3339(Some("2026-12-31")).is_err());
        assert!(!ValidUntil::NEVER.has_passed(i64::MAX));
    }

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
