//! `/links/import/`: links from a CSV file, as other services export them (README, "Importing
//! links").
//!
//! The order of the work is the forms' rule (`forms`), with an upload's own limits: the body's
//! size before it is parsed, the file's rows counted before any is validated, each row through
//! the new-link form's own types, and only then the database: one read of the owner's slugs
//! and targets, then the new links in transactions of [`LINKS_PER_BATCH`]. An import never
//! overwrites: a row whose slug the owner has, or (without a slug) whose target one of their
//! links already leads to, is skipped, so importing the same file again creates nothing.

use std::collections::HashSet;
use std::convert::Infallible;

use lambda_http::Request;
use lambda_http::http::header;

use super::MAX_LINKS_PER_USER;
use super::domain::{Slug, Tags, TargetUrl, Title};
use super::store::{BatchError, ImportedLink, LinkStore};
use crate::csrf;
use crate::error::{Error, Result};

/// The largest file taken.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// The most rows (besides the header) a file may have.
pub const MAX_ROWS: usize = 1000;
/// What a body may carry besides the file: the CSRF token, boundaries and part headers.
const ENVELOPE_BYTES: usize = 16 * 1024;
/// Links per transaction. Each is 11 writes (the link and its counter shards) and the batch
/// one more (the owner's `link_count`): 8 × 11 + 1 = 89 of DynamoDB's 100 a transaction.
pub const LINKS_PER_BATCH: usize = 8;
/// The header names each column is recognised by (case-insensitive): a generic export's,
/// YOURLS's (`keyword`, `url`), Bitly's (`long_url`, `back_half`) and ours (`target_url`).
pub const URL_COLUMNS: &[&str] = &["url", "target_url", "long_url"];
pub const SLUG_COLUMNS: &[&str] = &["slug", "keyword", "back_half"];

const TOO_LARGE: &str = "Import files are at most 1 MB and 1,000 rows. Split the file and import each part.";

/// The upload's file, after the body's size and the form's CSRF token are checked; `None` when
/// the form came without a file.
pub async fn read_upload(request: &Request) -> Result<Option<Vec<u8>>> {
    let body: &[u8] = request.body().as_ref();
    if body.len() > MAX_FILE_BYTES + ENVELOPE_BYTES {
        return Err(Error::FileTooLarge(TOO_LARGE));
    }
    let boundary = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| multer::parse_boundary(value).ok());
    let (mut token, mut file, mut unreadable) = (None, None, boundary.is_none());
    if let Some(boundary) = boundary {
        let body = bytes::Bytes::copy_from_slice(body);
        let stream = futures_util::stream::once(async move { Ok::<_, Infallible>(body) });
        let limits = multer::SizeLimit::new()
            .for_field("file", MAX_FILE_BYTES as u64)
            .for_field("csrf_token", 256);
        let mut parts = multer::Multipart::with_constraints(
            stream,
            boundary,
            multer::Constraints::new().size_limit(limits),
        );
        loop {
            let field = match parts.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(error) => {
                    unreadable = true;
                    tracing::debug!(%error, "upload not readable");
                    break;
                }
            };
            let name = field.name().unwrap_or_default().to_string();
            let content = match field.bytes().await {
                Ok(content) => content,
                Err(multer::Error::FieldSizeExceeded { .. }) => return Err(Error::FileTooLarge(TOO_LARGE)),
                Err(error) => {
                    unreadable = true;
                    tracing::debug!(%error, "upload part not readable");
                    break;
                }
            };
            match name.as_str() {
                "csrf_token" => token = String::from_utf8(content.to_vec()).ok(),
                "file" if !content.is_empty() => file = Some(content.to_vec()),
                _ => {}
            }
        }
    }
    // A body that cannot be read carries no token: refused as a forgery, as forms are.
    csrf::verify(request, token.as_deref())?;
    if unreadable {
        return Err(Error::BadRequest(
            "The upload could not be read. Please choose the file again and resend it.".into(),
        ));
    }
    Ok(file)
}

/// One row of the file as given, before validation.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Row {
    /// Its line in the file (the header is line 1).
    pub line: u64,
    pub url: String,
    pub slug: String,
    pub title: String,
    pub tags: String,
}

/// The rows of a CSV file with a header row. `Ok(Err(message))`: the file as a whole cannot be
/// imported, and the message says why; [`Error::FileTooLarge`] past [`MAX_ROWS`], counted
/// before any row is validated.
pub fn read_rows(file: &[u8]) -> Result<std::result::Result<Vec<Row>, String>> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(file);
    let not_csv = |error: csv::Error| {
        let line = error.position().map_or(String::new(), |p| {
            let upto = (p.byte() as usize + 1).min(file.len());
            format!(
                " (line {})",
                1 + file[..upto].iter().filter(|b| **b == b'\n').count()
            )
        });
        format!("This file is not CSV text in UTF-8{line}. Export the links as CSV and try again.")
    };
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(error) => return Ok(Err(not_csv(error))),
    };
    let column = |names: &[&str]| {
        headers
            .iter()
            .position(|header| names.contains(&header.trim().to_ascii_lowercase().as_str()))
    };
    let Some(url) = column(URL_COLUMNS) else {
        return Ok(Err(format!(
            "The file's first row names no column of addresses: call it {}.",
            URL_COLUMNS.join(", ")
        )));
    };
    let (slug, title, tags) = (column(SLUG_COLUMNS), column(&["title"]), column(&["tags"]));
    let mut records = Vec::new();
    for record in reader.records() {
        if records.len() == MAX_ROWS {
            return Err(Error::FileTooLarge(TOO_LARGE));
        }
        match record {
            Ok(record) => records.push(record),
            Err(error) => return Ok(Err(not_csv(error))),
        }
    }
    if records.is_empty() {
        return Ok(Err("The file has no rows under its header.".into()));
    }
    let field = |record: &csv::StringRecord, index: Option<usize>| {
        index.and_then(|i| record.get(i)).unwrap_or_default().to_string()
    };
    // Lines from the records' byte offsets, counted up to the record's first byte: `csv`
    // places a record (and its own line count) before the line breaks that precede it when
    // they are CRLF or blank lines.
    let (mut line, mut counted) = (1, 0);
    let mut line_at = |position: usize| {
        let mut byte = position.max(counted);
        while file.get(byte).is_some_and(|b| *b == b'\r' || *b == b'\n') {
            byte += 1;
        }
        line += file[counted..byte].iter().filter(|b| **b == b'\n').count() as u64;
        counted = byte;
        line
    };
    Ok(Ok(records
        .iter()
        .map(|record| Row {
            line: line_at(record.position().map_or(0, |p| p.byte() as usize)),
            url: field(record, Some(url)),
            slug: field(record, slug),
            title: field(record, title),
            tags: field(record, tags),
        })
        .collect()))
}

/// What became of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created {
        slug: String,
    },
    /// Left alone: the owner has this already (or the account is full). Why, shown.
    Skipped(String),
    /// Not a valid link. Why, shown.
    Invalid(String),
}

/// A row and what became of it.
#[derive(Debug, Clone)]
pub struct RowReport {
    pub row: Row,
    pub outcome: Outcome,
}

/// An import's answer, row by row in the file's order.
#[derive(Debug, Default)]
pub struct Report {
    pub rows: Vec<RowReport>,
}

impl Report {
    pub fn created(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Created { .. }))
    }

    pub fn skipped(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Skipped(_)))
    }

    pub fn invalid(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Invalid(_)))
    }

    fn count(&self, which: impl Fn(&Outcome) -> bool) -> usize {
        self.rows.iter().filter(|row| which(&row.outcome)).count()
    }
}

/// A row's fields through the new-link form's types; every broken rule, joined.
fn validate(
    row: &Row,
    own_hosts: &[&str],
) -> std::result::Result<(TargetUrl, Option<Slug>, Title, Tags), String> {
    let mut errors = Vec::new();
    let target = TargetUrl::parse(&row.url, own_hosts)
        .map_err(|e| errors.push(e))
        .ok();
    let slug = match row.slug.trim() {
        "" => Some(None),
        slug => Slug::parse(slug).map(Some).map_err(|e| errors.push(e)).ok(),
    };
    let title = Title::parse(&row.title).map_err(|e| errors.push(e)).ok();
    let tags = Tags::parse_imported(&row.tags).map_err(|e| errors.push(e)).ok();
    match (target, slug, title, tags) {
        (Some(target), Some(slug), Some(title), Some(tags)) => Ok((target, slug, title, tags)),
        _ => Err(errors.join(" ")),
    }
}

/// Imports `rows` for `owner`: validates each, skips what the owner has (or an earlier row
/// made), then creates the rest in order, [`LINKS_PER_BATCH`] a transaction. Their
/// `created_ms` end at `now_ms`, a millisecond apart, so the list shows them newest (last row)
/// first, as if made one by one.
pub async fn import(
    store: &impl LinkStore,
    owner: &str,
    rows: Vec<Row>,
    own_hosts: &[&str],
    now_ms: i64,
) -> Result<Report> {
    let existing = store.link_targets(owner).await?;
    let mut slugs: HashSet<String> = existing.iter().map(|(slug, _)| slug.clone()).collect();
    let mut targets: HashSet<String> = existing.into_iter().map(|(_, target)| target).collect();
    let room = (MAX_LINKS_PER_USER as usize).saturating_sub(slugs.len());
    let mut report = Report::default();
    // (row index, link) of the rows to create.
    let mut planned: Vec<(usize, ImportedLink)> = Vec::new();
    for row in rows {
        let outcome = match validate(&row, own_hosts) {
            Err(reason) => Some(Outcome::Invalid(reason)),
            Ok((_, Some(slug), ..)) if slugs.contains(slug.as_str()) => Some(Outcome::Skipped(
                "You already have a link with this slug (or an earlier row has it).".into(),
            )),
            Ok((target, None, ..)) if targets.contains(target.as_str()) => Some(Outcome::Skipped(
                "You already have a link to this address (or an earlier row has it).".into(),
            )),
            Ok(_) if planned.len() >= room => Some(Outcome::Skipped(format!(
                "An account has at most {MAX_LINKS_PER_USER} links; this one did not fit."
            ))),
            Ok((target, slug, title, tags)) => {
                let slug = slug.unwrap_or_else(|| {
                    loop {
                        let drawn = Slug::generate();
                        if !slugs.contains(drawn.as_str()) {
                            break drawn;
                        }
                    }
                });
                slugs.insert(slug.as_str().to_string());
                targets.insert(target.as_str().to_string());
                planned.push((
                    report.rows.len(),
                    ImportedLink {
                        slug,
                        target,
                        title,
                        tags,
                        created_ms: 0,
                    },
                ));
                None
            }
        };
        report.rows.push(RowReport {
            row,
            // Set once its batch is stored.
            outcome: outcome.unwrap_or(Outcome::Skipped(String::new())),
        });
    }
    let first_ms = now_ms - planned.len() as i64 + 1;
    for (offset, (_, link)) in planned.iter_mut().enumerate() {
        link.created_ms = first_ms + offset as i64;
    }
    let mut batches = planned.into_iter().peekable();
    while batches.peek().is_some() {
        let mut batch: Vec<(usize, ImportedLink)> = batches.by_ref().take(LINKS_PER_BATCH).collect();
        while !batch.is_empty() {
            let links: Vec<ImportedLink> = batch.iter().map(|(_, link)| link.clone()).collect();
            match store.create_links(owner, &links).await {
                Ok(()) => {
                    for (index, link) in batch.drain(..) {
                        report.rows[index].outcome = Outcome::Created {
                            slug: link.slug.as_str().to_string(),
                        };
                    }
                }
                Err(BatchError::SlugTaken(at)) => {
                    let (index, _) = batch.remove(at);
                    report.rows[index].outcome =
                        Outcome::Skipped("You made a link with this slug while the import ran.".into());
                }
                Err(BatchError::LimitReached) => {
                    for (index, _) in batch.drain(..).chain(batches.by_ref()) {
                        report.rows[index].outcome = Outcome::Skipped(format!(
                            "An account has at most {MAX_LINKS_PER_USER} links; this one did not fit."
                        ));
                    }
                }
                Err(BatchError::Other(error)) => return Err(error),
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(csv: &str) -> std::result::Result<Vec<Row>, String> {
        read_rows(csv.as_bytes()).unwrap()
    }

    #[test]
    fn columns_are_found_by_any_of_their_names() {
        assert_eq!(rows("url\nhttps://a.example/\n").unwrap()[0].line, 2);
        assert_eq!(rows("url\r\nhttps://a.example/\r\n").unwrap()[0].line, 2);
        let lines: Vec<u64> = rows("url,t\r\na,1\r\n\r\nb,\"x\r\ny\"\r\nc,2\r\n")
            .unwrap()
            .iter()
            .map(|row| row.line)
            .collect();
        assert_eq!(lines, [2, 4, 6], "blank lines and line breaks in quotes counted");
        let read = rows("Keyword,URL,Title,Clicks\r\nabc,https://a.example/,A,3\n").unwrap();
        assert_eq!(
            read,
            vec![Row {
                line: 2,
                url: "https://a.example/".into(),
                slug: "abc".into(),
                title: "A".into(),
                tags: String::new(),
            }]
        );
        let bitly = rows("\u{feff}long_url,back_half\nhttps://b.example/,\n").unwrap();
        assert_eq!(bitly[0].url, "https://b.example/");
        assert_eq!(bitly[0].slug, "");
        let short_row = rows("target_url,slug,title\nhttps://c.example/\n").unwrap();
        assert_eq!(short_row[0].title, "", "a missing trailing field is empty");
    }

    #[test]
    fn a_file_that_cannot_be_imported_says_why() {
        assert!(
            rows("name,address\nx,y\n")
                .unwrap_err()
                .contains("no column of addresses")
        );
        assert!(rows("url\n").unwrap_err().contains("no rows"));
        assert!(rows("").unwrap_err().contains("no column"));
        let binary = read_rows(b"url\n\xff\xfe\x00bad\n").unwrap().unwrap_err();
        assert!(binary.contains("not CSV text in UTF-8 (line 2)"), "{binary}");
        let mut many = String::from("url\n");
        for i in 0..=MAX_ROWS {
            many.push_str(&format!("https://e.example/{i}\n"));
        }
        assert!(matches!(read_rows(many.as_bytes()), Err(Error::FileTooLarge(_))));
        many.truncate(many.trim_end().rfind('\n').unwrap() + 1);
        assert_eq!(rows(&many).unwrap().len(), MAX_ROWS);
    }

    #[test]
    fn a_row_is_checked_as_the_form_checks_it() {
        let row = |url: &str, slug: &str, tags: &str| Row {
            url: url.into(),
            slug: slug.into(),
            tags: tags.into(),
            ..Row::default()
        };
        let (_, slug, _, tags) = validate(&row("https://a.example/", "", "News promo,x"), &[]).unwrap();
        assert_eq!(slug, None);
        assert_eq!(tags.as_slice(), ["news", "promo", "x"]);
        let broken = validate(&row("ftp://a", "a!", ""), &[]).unwrap_err();
        assert!(broken.contains("http") && broken.contains("3 to 50"), "{broken}");
        assert!(validate(&row("https://a.example/", "import", ""), &[]).is_err());
    }
}
