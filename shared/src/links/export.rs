//! `/links/{slug}/clicks.csv`: a period's clicks from people, one row each, newest first; and
//! `/links/export.csv`: one's links, [`LINKS_PER_FILE`] a file, newest first.
//!
//! The rows come from the stored visits, which DynamoDB's TTL deletes 90 days after each click,
//! so an export reaches back 90 days at most. A file holds at most [`MAX_ROWS`] rows and
//! [`MAX_BYTES`] bytes, far under Lambda's 6 MB response; a `Link: <...?before=...>;
//! rel="next"` header names the next file. Cells follow RFC 4180, and a cell that a spreadsheet
//! would run as a formula (`=`, `+`, `-`, `@`, tab or carriage return first) starts with `'`.

use super::store::{Link, Visit};
use crate::redirect::agent::Agent;

pub const MAX_ROWS: usize = 10_000;
pub const MAX_BYTES: usize = 4_000_000;
pub const HEADER: &str = "time,referrer,browser,os,device,country,ip\r\n";

/// Links a file of `/links/export.csv` holds: a few hundred KB at most, and the reads of their
/// counters (10 a link) stay at 10,000 a file.
pub const LINKS_PER_FILE: usize = 1_000;
pub const LINKS_HEADER: &str = "slug,short_url,target_url,title,tags,created,valid_until,clicks,bot_hits\r\n";

/// One CSV line of a link, `\r\n` included: times in RFC 3339 UTC, tags separated by spaces.
pub fn link_row(link: &Link, short_url: &str) -> String {
    let cells = [
        link.slug.clone(),
        short_url.to_string(),
        link.target.clone(),
        link.title.clone(),
        link.tags.join(" "),
        crate::rfc3339(link.created_ms.div_euclid(1000)),
        link.valid_until.map(crate::rfc3339).unwrap_or_default(),
        link.clicks.human.to_string(),
        link.clicks.bot.to_string(),
    ];
    let mut line = cells
        .iter()
        .map(|value| cell(value))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// Where the next file starts: the position of the last visit of this one, `<ms>-<nonce>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Before {
    pub at_ms: i64,
    pub nonce: String,
}

impl Before {
    /// `?before=` as given: 13 digits, `-`, 8 lower-case hex digits; anything else is refused.
    pub fn parse(value: &str) -> Option<Self> {
        let (at, nonce) = value.split_once('-')?;
        let digits = at.len() == 13 && at.bytes().all(|b| b.is_ascii_digit());
        let hex = nonce.len() == 8 && nonce.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !(digits && hex) {
            return None;
        }
        Some(Self {
            at_ms: at.parse().ok()?,
            nonce: nonce.to_string(),
        })
    }
}

impl std::fmt::Display for Before {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:013}-{}", self.at_ms, self.nonce)
    }
}

/// One CSV line of a visit, `\r\n` included.
pub fn row(visit: &Visit) -> String {
    let agent = Agent::of(&visit.user_agent);
    let at = crate::rfc3339(visit.at_ms.div_euclid(1000));
    let cells = [
        at.as_str(),
        // As it was sent (capped at 512 characters), whatever it holds: the cell is defused.
        if visit.referrer.is_empty() {
            "direct"
        } else {
            visit.referrer.as_str()
        },
        agent.browser.as_str(),
        agent.system.as_str(),
        agent.device,
        if visit.country.is_empty() {
            "unknown"
        } else {
            visit.country.as_str()
        },
        visit.ip.as_str(),
    ];
    let mut line = cells.map(cell).join(",");
    line.push_str("\r\n");
    line
}

/// RFC 4180 quoting, after defusing what a spreadsheet would evaluate.
fn cell(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if defused.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
        for formula in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(
                cell(formula).trim_start_matches('"').starts_with('\''),
                "{formula:?}"
            );
        }
        assert_eq!(
            cell("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
    }

    #[test]
    fn a_row_is_the_visit_in_seven_cells() {
        let visit = Visit {
            at_ms: 1_765_000_000_123,
            referrer: "https://news.example/a,b".into(),
            user_agent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0".into(),
            ip: "192.0.2.0".into(),
            country: String::new(),
            bot: false,
        };
        assert_eq!(
            row(&visit),
            "2025-12-06T05:46:40Z,\"https://news.example/a,b\",Firefox,Linux,Desktop,unknown,192.0.2.0\r\n"
        );
        let direct = Visit {
            referrer: String::new(),
            ..visit
        };
        assert!(row(&direct).contains(",direct,"));
    }

    #[test]
    fn a_link_row_has_its_nine_cells_defused() {
        let link = Link {
            slug: "docs".into(),
            target: "https://example.com/a,b".into(),
            title: "=cmd()".into(),
            created_ms: 1_765_000_000_123,
            valid_until: Some(1_765_000_060),
            tags: vec!["news".into(), "promo".into()],
            clicks: crate::links::store::Clicks { human: 3, bot: 1 },
            recent_clicks: 0,
        };
        assert_eq!(
            link_row(&link, "https://s.example/alice/docs/"),
            "docs,https://s.example/alice/docs/,\"https://example.com/a,b\",'=cmd(),news promo,\
             2025-12-06T05:46:40Z,2025-12-06T05:47:40Z,3,1\r\n"
        );
    }

    #[test]
    fn only_a_position_this_server_writes_is_taken() {
        let before = Before::parse("1765000000123-0a1b2c3d").unwrap();
        assert_eq!(before.at_ms, 1_765_000_000_123);
        assert_eq!(before.to_string(), "1765000000123-0a1b2c3d");
        for bad in [
            "",
            "1765000000123",
            "1765000000123-0A1B2C3D",
            "176500000012-0a1b2c3d",
            "x-y",
            "1765000000123-0a1b2c3d0",
        ] {
            assert!(Before::parse(bad).is_none(), "{bad}");
        }
    }
}
