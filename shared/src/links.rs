//! The `links` function: the public home page `/`, the static assets under `/static/`, and
//! the signed-in user's links under `/links/`.
//!
//! `/links/{slug}/...` always means the signed-in user's own link: the slug is looked up
//! under their name only, so anyone else's link is simply not found (no existence leak).
//! Every POST checks the CSRF token before anything else.

pub mod api;
pub mod domain;
pub mod export;
pub mod import;
pub mod page_token;
pub mod purge;
pub mod qr;
pub mod rollup;
pub mod stats;
pub mod store;

use askama::Template;
use lambda_http::http::header::{self, HeaderValue};
use lambda_http::http::{Method, StatusCode};
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};
use serde::Deserialize;

use self::domain::{SearchWords, Slug, Tag, Tags, TargetUrl, Title, ValidUntil};
use self::export::Before;
use self::stats::{Breakdowns, Chart, Daily, Dimension, Period};
use self::store::{Clicks, CreateLinkError, Link, LinkStore, ListFilter, NewLink, Visit};
use crate::assets;
use crate::config::{Config, ConfigError};
use crate::error::{Error, Result};
use crate::flash::Flash;
use crate::forms::{self, FormErrors, FormId, TokenForm, form_with_token};
use crate::pages::HomePage;
use crate::redirect::agent::{Agent, referrer_host};
use crate::routes::{self, Methods, Route, Routed, Slashless, Table};
use crate::session::{self, CurrentUser, SessionStore};
use crate::web;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    List,
    New,
    Detail,
    Export,
    Edit,
    Delete,
    QrSvg,
    QrPng,
    ExportLinks,
    Import,
}

/// The signed-in pages under `/links/`. They have always answered without their trailing
/// slash too, and still do. `new` is a fixed word, so no slug may be it (`FIXED_WORDS`; the
/// routes test holds the two together). A fixed word shadows only the link page of a slug
/// made before the word was (`import`): the pages below it still route, and the link page is
/// also at `/links/{slug}/stats/` ([`page_path`]).
pub const ROUTES: &[Route<Page>] = &[
    Route {
        path: "/links/",
        page: Page::List,
        methods: Methods::Read,
    },
    Route {
        path: "/links/new/",
        page: Page::New,
        methods: Methods::Form,
    },
    Route {
        path: "/links/export.csv",
        page: Page::ExportLinks,
        methods: Methods::Read,
    },
    Route {
        path: "/links/import/",
        page: Page::Import,
        methods: Methods::Form,
    },
    Route {
        path: "/links/{slug}/",
        page: Page::Detail,
        methods: Methods::Read,
    },
    Route {
        path: "/links/{slug}/stats/",
        page: Page::Detail,
        methods: Methods::Read,
    },
    Route {
        path: "/links/{slug}/clicks.csv",
        page: Page::Export,
        methods: Methods::Read,
    },
    Route {
        path: "/links/{slug}/qr.svg",
        page: Page::QrSvg,
        methods: Methods::Read,
    },
    Route {
        path: "/links/{slug}/qr.png",
        page: Page::QrPng,
        methods: Methods::Read,
    },
    Route {
        path: "/links/{slug}/edit/",
        page: Page::Edit,
        methods: Methods::Form,
    },
    Route {
        path: "/links/{slug}/delete/",
        page: Page::Delete,
        methods: Methods::Form,
    },
];

/// The fixed words right under `/links/` in [`ROUTES`]: no slug may be one, or its page
/// would be unreachable (`domain::Slug` refuses them).
pub const FIXED_WORDS: &[&str] = &["new", "export.csv", "import"];

/// Links per page of the list.
pub const PAGE_SIZE: usize = 20;
/// The latest links the signed-in home shows.
pub const HOME_LINKS: usize = 5;
/// Links one account may have: far above any real use, low enough that a single account
/// cannot fill the table with spam.
pub const MAX_LINKS_PER_USER: u32 = 10_000;
/// Visits shown on a link's page.
pub const LATEST_VISITS: usize = 10;
/// Generated slugs tried before giving up (a collision needs two equal 8-character draws
/// for one user, so a second attempt is already rare).
const SLUG_ATTEMPTS: usize = 5;

pub struct Links<S> {
    routes: Table<Page>,
    store: S,
    secret_key: Vec<u8>,
    public_url: Option<String>,
    region: Option<String>,
    /// Requests one API token may make in a minute (`Config::api_rate_limit`).
    api_rate_limit: u32,
}

impl<S: LinkStore + SessionStore + api::ApiStore> Links<S> {
    pub fn new(store: S, config: &Config) -> Result<Self, ConfigError> {
        Ok(Self {
            routes: Table::new(ROUTES, Slashless::Answer),
            store,
            secret_key: config.secret_key()?,
            public_url: config.public_url.clone(),
            region: config.region.clone(),
            api_rate_limit: config.api_rate_limit,
        })
    }

    #[tracing::instrument(name = "links", skip_all, fields(method = %request.method(), path = request.uri().path()))]
    pub async fn handle(&self, request: Request) -> Result<Response<Body>> {
        let path = request.uri().path();
        // Assets first: they need no session and are the most requested paths here.
        if path.starts_with(assets::ROUTE_PREFIX) {
            return assets::serve(&request);
        }
        let now = crate::now();
        if path == "/" {
            Error::only_get_head(request.method())?;
            return match session::current_user(&self.store, &request, now).await? {
                Some(user) => self.home(&request, &user).await,
                None => web::html(StatusCode::OK, &HomePage { user: None }),
            };
        }
        if path.starts_with(api::PREFIX) {
            return self.api(&request).await;
        }
        if !path.starts_with("/links/") {
            return Err(Error::NotFound);
        }
        let Some(user) = session::current_user(&self.store, &request, now).await? else {
            return Ok(sign_in_first(&request));
        };
        let (page, params) = match self.routes.route(&request)? {
            Routed::Page(page, params) => (page, params),
            Routed::AppendSlash(redirect) => return Ok(redirect),
        };
        let slug = routes::param(&params, "slug");
        let posting = request.method() == Method::POST;
        match (page, posting) {
            (Page::List, _) => self.list(&request, &user).await,
            (Page::New, false) => self.new_form(&request, &user),
            (Page::New, true) => self.create(&request, &user).await,
            (Page::Detail, _) => self.detail(&request, &user, slug).await,
            (Page::ExportLinks, _) => self.export_links(&request, &user).await,
            (Page::Import, false) => self.import_form(&request, &user, None),
            (Page::Import, true) => self.import(&request, &user).await,
            (Page::Export, _) => self.export(&request, &user, slug).await,
            (Page::QrSvg, _) => self.qr(&request, &user, slug, false).await,
            (Page::QrPng, _) => self.qr(&request, &user, slug, true).await,
            (Page::Edit, false) => self.edit_form(&request, &user, slug).await,
            (Page::Edit, true) => self.edit(&request, &user, slug).await,
            (Page::Delete, false) => self.delete_form(&request, &user, slug).await,
            (Page::Delete, true) => self.delete(&request, &user, slug).await,
        }
    }

    async fn list(&self, request: &Request, user: &CurrentUser) -> Result<Response<Body>> {
        let params = request.query_string_parameters();
        let after = page_token::position(
            &self.secret_key,
            &user.username_key,
            params.first("after"),
            "That page link is not valid. Start again from the first page of your links.",
        )?;
        let filter = ListFilter {
            tag: match params.first("tag").filter(|tag| !tag.is_empty()) {
                None => None,
                Some(tag) => Some(Tag::parse(tag).map_err(Error::BadRequest)?),
            },
            words: SearchWords::parse(params.first("q").unwrap_or_default()).map_err(Error::BadRequest)?,
        };
        let page = self
            .store
            .list_links(&user.username_key, after.as_ref(), PAGE_SIZE, &filter)
            .await?;
        tracing::debug!(count = page.links.len(), "links listed");
        let next = page
            .next
            .map(|cursor| page_token::sign(&self.secret_key, &user.username_key, &cursor));
        let base = self.public_base(request);
        let rows = page
            .links
            .iter()
            .map(|link| LinkRow::new(link, &base, &user.username))
            .collect();
        // What the page links carry along: the same filter, URL-encoded.
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if let Some(tag) = &filter.tag {
            query.append_pair("tag", tag.as_str());
        }
        if !filter.words.is_empty() {
            query.append_pair("q", &filter.words.words().join(" "));
        }
        let filter_query = query.finish();
        web::html(
            StatusCode::OK,
            &ListPage {
                user: Some(user.username.clone()),
                links: rows,
                next,
                first_page: after.is_none(),
                tag: filter.tag.as_ref().map(|tag| tag.as_str().to_string()),
                q: filter.words.words().join(" "),
                filtered: !filter.is_empty(),
                filter_query,
            },
        )
    }

    /// `/` signed in: a box that shortens a pasted address in one step (the new-link form's
    /// own POST, so the same rules and the same landing on the link's page), the latest links,
    /// and the way to all of them.
    async fn home(&self, request: &Request, user: &CurrentUser) -> Result<Response<Body>> {
        let page = self
            .store
            .list_links(&user.username_key, None, HOME_LINKS, &ListFilter::default())
            .await?;
        let base = self.public_base(request);
        let latest: Vec<LinkRow> = page
            .links
            .iter()
            .map(|link| LinkRow::new(link, &base, &user.username))
            .collect();
        let form_id = FormId::generate();
        forms::page(request, StatusCode::OK, |csrf| {
            SignedInHome {
                user: Some(user.username.clone()),
                csrf,
                form_id: form_id.as_str(),
                latest: &latest,
                more: page.next.is_some(),
            }
            .render()
        })
    }

    fn new_form(&self, request: &Request, user: &CurrentUser) -> Result<Response<Body>> {
        let form = LinkForm {
            form_id: FormId::generate().as_str().to_string(),
            ..LinkForm::default()
        };
        self.link_form(request, user, None, &form, &FormErrors::default(), StatusCode::OK)
    }

    async fn create(&self, request: &Request, user: &CurrentUser) -> Result<Response<Body>> {
        let form: LinkForm = forms::read(request)?;
        let form_id = FormId::parse(&form.form_id)?;
        let mut errors = FormErrors::default();
        let (target, title, valid_until, tags) =
            parse_link_fields(&form, &self.own_hosts(request), &mut errors);
        let custom = match form.slug.trim() {
            "" => None,
            slug => Slug::parse(slug).map_err(|e| errors.add("slug", e)).ok(),
        };
        let (Some(target), Some(title), Some(valid_until), Some(tags), true) =
            (target, title, valid_until, tags, errors.is_empty())
        else {
            tracing::warn!(fields = ?errors.fields(), "link form invalid");
            return self.link_form(request, user, None, &form, &errors, StatusCode::BAD_REQUEST);
        };
        let link = NewLink {
            owner: &user.username_key,
            form_id: &form_id,
            target: &target,
            title: &title,
            valid_until,
            tags: &tags,
            created_ms: crate::now_ms(),
            idempotency: None,
        };
        let slug = match create(&self.store, &link, custom, Slug::generate).await {
            Ok(slug) => slug,
            Err(CreateLinkError::SlugTaken) => {
                errors.add(
                    "slug",
                    "You already have a link with this slug. Choose another or leave it empty.".into(),
                );
                return self.link_form(request, user, None, &form, &errors, StatusCode::BAD_REQUEST);
            }
            Err(CreateLinkError::AlreadySubmitted) => {
                let created = self.store.submitted_link(&user.username_key, &form_id).await?;
                let slug = created.ok_or_else(|| Error::internal("a used form id without its link"))?;
                tracing::info!(owner = %user.username, slug = %slug, "link form submitted again: its link");
                return Ok(web::redirect(&page_path(&slug)));
            }
            Err(CreateLinkError::LimitReached) => {
                tracing::warn!(owner = %user.username, "link refused: limit reached");
                errors.general.push(format!(
                    "You have {MAX_LINKS_PER_USER} links, the most an account can have. Delete some to make room."
                ));
                return self.link_form(request, user, None, &form, &errors, StatusCode::BAD_REQUEST);
            }
            Err(CreateLinkError::ClaimLost) => return Err(Error::internal("a form claimed no key")),
            Err(CreateLinkError::Other(error)) => return Err(error),
        };
        tracing::info!(owner = %user.username, slug = %slug, target_url = target.as_str(), "link created");
        Ok(Flash::LinkCreated.on(web::redirect(&page_path(slug.as_str()))))
    }

    /// The link, its clicks per day over `?days=` (7, 30 or 90; 30 without) as a chart and a
    /// table, the period's totals, and the latest clicks. The page reads a fixed number of
    /// items whatever the link's volume: the link, its counter shards, one query per shard for
    /// the latest visits, and the roll-up of the days before today with today's aggregates
    /// (`rollup`), side by side.
    async fn detail(&self, request: &Request, user: &CurrentUser, slug: &str) -> Result<Response<Body>> {
        let period = Period::parse(request.query_string_parameters().first("days"))?;
        let link = self.own_link(user, slug).await?;
        let now_ms = crate::now_ms();
        let today = stats::utc_day(now_ms);
        let (visits, counted) = tokio::try_join!(
            self.store.latest_visits(&user.username_key, &link, LATEST_VISITS),
            rollup::period_counts(&self.store, &user.username_key, &link, period, now_ms)
        )?;
        let daily = Daily::zero_filled(period, today, &counted.per_day);
        tracing::debug!(slug = %link.slug, days = period.days(), "link viewed");
        let base = self.public_base(request);
        web::html(
            StatusCode::OK,
            &DetailPage {
                user: Some(user.username.clone()),
                link: LinkRow::new(&link, &base, &user.username),
                visits: visits.iter().map(VisitRow::new).collect(),
                period: PeriodView::new(period, &daily, &counted.breakdowns),
                chart: Chart::new(&daily),
            },
        )
    }

    /// The short URL's QR code (`qr`), cached a day by the owner's browser only: a QR code
    /// names its owner's link.
    async fn qr(
        &self,
        request: &Request,
        user: &CurrentUser,
        slug: &str,
        png: bool,
    ) -> Result<Response<Body>> {
        let link = self.own_link(user, slug).await?;
        let url = short_url(&self.public_base(request), &user.username, &link.slug);
        let (body, content_type) = if png {
            (Body::Binary(qr::png(&url)?), "image/png")
        } else {
            (Body::Text(qr::svg(&url)?), "image/svg+xml")
        };
        let mut response = Response::new(body);
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, max-age=86400"),
        );
        Ok(response)
    }

    /// The user's links as CSV (`links::export`), newest first, [`export::LINKS_PER_FILE`] a
    /// file, with a `Link` header to the next (its position signed, as the list's is).
    async fn export_links(&self, request: &Request, user: &CurrentUser) -> Result<Response<Body>> {
        let after = page_token::position(
            &self.secret_key,
            &user.username_key,
            request.query_string_parameters().first("after"),
            "That export link is not valid. Start again from your links.",
        )?;
        let page = self
            .store
            .export_links(&user.username_key, after.as_ref(), export::LINKS_PER_FILE)
            .await?;
        let base = self.public_base(request);
        let mut body = String::from(export::LINKS_HEADER);
        for link in &page.links {
            body.push_str(&export::link_row(
                link,
                &short_url(&base, &user.username, &link.slug),
            ));
        }
        tracing::debug!(links = page.links.len(), "links exported");
        let mut response = Response::builder()
            .status(StatusCode::OK)
            .header("content-type", "text/csv; charset=utf-8")
            .header("content-disposition", "attachment; filename=\"links.csv\"")
            .header("cache-control", "private, no-store");
        if let Some(next) = &page.next {
            let token = page_token::sign(&self.secret_key, &user.username_key, next);
            response = response.header("link", format!("</links/export.csv?after={token}>; rel=\"next\""));
        }
        response.body(Body::Text(body)).map_err(Error::internal)
    }

    /// The import form; with `error` (why the file was refused), a 400 that shows it.
    fn import_form(
        &self,
        request: &Request,
        user: &CurrentUser,
        error: Option<String>,
    ) -> Result<Response<Body>> {
        let mut errors = FormErrors::default();
        let status = match error {
            Some(message) => {
                errors.add("file", message);
                StatusCode::BAD_REQUEST
            }
            None => StatusCode::OK,
        };
        forms::page(request, status, |csrf| {
            ImportPage {
                user: Some(user.username.clone()),
                csrf,
                errors: &errors,
                report: None,
            }
            .render()
        })
    }

    /// A CSV upload (`links::import`): the file refused as a whole with one error, or each row
    /// created, skipped or invalid, shown with the totals (a page, not a redirect: the report
    /// is this request's alone, and sending the file again creates nothing more).
    async fn import(&self, request: &Request, user: &CurrentUser) -> Result<Response<Body>> {
        let Some(file) = import::read_upload(request).await? else {
            return self.import_form(request, user, Some("Choose a CSV file to import.".into()));
        };
        let rows = match import::read_rows(&file)? {
            Ok(rows) => rows,
            Err(message) => {
                tracing::warn!(bytes = file.len(), "import refused: not an importable file");
                return self.import_form(request, user, Some(message));
            }
        };
        let hosts = self.own_hosts(request);
        let hosts: Vec<&str> = hosts.iter().map(String::as_str).collect();
        let report = import::import(&self.store, &user.username_key, rows, &hosts, crate::now_ms()).await?;
        tracing::info!(
            owner = %user.username,
            created = report.created(),
            skipped = report.skipped(),
            invalid = report.invalid(),
            "links imported"
        );
        let view = ReportView::new(&report);
        forms::page(request, StatusCode::OK, |csrf| {
            ImportPage {
                user: Some(user.username.clone()),
                csrf,
                errors: &FormErrors::default(),
                report: Some(view),
            }
            .render()
        })
    }

    /// The period's clicks from people as CSV (`links::export`), a file of at most 10,000 rows
    /// and 4 MB, with a `Link` header to the next.
    async fn export(&self, request: &Request, user: &CurrentUser, slug: &str) -> Result<Response<Body>> {
        let params = request.query_string_parameters();
        let period = Period::parse(params.first("days"))?;
        let before = match params.first("before") {
            None => None,
            Some(value) => Some(Before::parse(value).ok_or_else(|| {
                Error::BadRequest("That export link is not valid. Start again from the link's page.".into())
            })?),
        };
        let link = self.own_link(user, slug).await?;
        let first = period.first_day(stats::utc_day(crate::now_ms()));
        let since_ms = stats::day_start(first) * 1000;
        let page = self
            .store
            .export_visits(
                &user.username_key,
                &link,
                since_ms,
                before.as_ref(),
                export::MAX_ROWS,
            )
            .await?;
        let mut body = String::from(export::HEADER);
        let (mut last, mut cut) = (None, false);
        for (position, visit) in &page.visits {
            let line = export::row(visit);
            if body.len() + line.len() > export::MAX_BYTES {
                cut = true;
                break;
            }
            body.push_str(&line);
            last = Some(position);
        }
        tracing::debug!(slug = %link.slug, rows = page.visits.len(), "clicks exported");
        let mut response = Response::builder()
            .status(StatusCode::OK)
            .header("content-type", "text/csv; charset=utf-8")
            .header(
                "content-disposition",
                format!("attachment; filename=\"{}-clicks.csv\"", link.slug),
            )
            .header("cache-control", "private, no-store");
        if let (true, Some(last)) = (cut || page.more, last) {
            response = response.header(
                "link",
                format!(
                    "</links/{}/clicks.csv?days={}&before={last}>; rel=\"next\"",
                    link.slug,
                    period.days()
                ),
            );
        }
        response.body(Body::Text(body)).map_err(Error::internal)
    }

    async fn edit_form(&self, request: &Request, user: &CurrentUser, slug: &str) -> Result<Response<Body>> {
        let link = self.own_link(user, slug).await?;
        let form = LinkForm {
            target_url: link.target.clone(),
            title: link.title.clone(),
            valid_until: ValidUntil::stored(link.valid_until).form_value(),
            tags: link.tags.join(", "),
            ..LinkForm::default()
        };
        self.link_form(
            request,
            user,
            Some(&link.slug),
            &form,
            &FormErrors::default(),
            StatusCode::OK,
        )
    }

    async fn edit(&self, request: &Request, user: &CurrentUser, slug: &str) -> Result<Response<Body>> {
        let form: LinkForm = forms::read(request)?;
        let link = self.own_link(user, slug).await?;
        let mut errors = FormErrors::default();
        let (target, title, valid_until, tags) =
            parse_link_fields(&form, &self.own_hosts(request), &mut errors);
        let (Some(target), Some(title), Some(valid_until), Some(tags)) = (target, title, valid_until, tags)
        else {
            tracing::warn!(fields = ?errors.fields(), "link form invalid");
            return self.link_form(
                request,
                user,
                Some(&link.slug),
                &form,
                &errors,
                StatusCode::BAD_REQUEST,
            );
        };
        if !self
            .store
            .update_link(
                &user.username_key,
                &link.slug,
                &target,
                &title,
                valid_until,
                &tags,
            )
            .await?
        {
            return Err(Error::NotFound);
        }
        tracing::info!(owner = %user.username, slug = %link.slug, target_url = target.as_str(), "link updated");
        Ok(Flash::Saved.on(web::redirect(&page_path(&link.slug))))
    }

    async fn delete_form(&self, request: &Request, user: &CurrentUser, slug: &str) -> Result<Response<Body>> {
        let link = self.own_link(user, slug).await?;
        let base = self.public_base(request);
        forms::page(request, StatusCode::OK, |csrf| {
            DeletePage {
                user: Some(user.username.clone()),
                csrf,
                link: LinkRow::new(&link, &base, &user.username),
            }
            .render()
        })
    }

    async fn delete(&self, request: &Request, user: &CurrentUser, slug: &str) -> Result<Response<Body>> {
        let _: TokenForm = forms::read(request)?;
        let slug = Slug::existing(slug).map_err(|_| Error::NotFound)?;
        if !self.store.delete_link(&user.username_key, slug.as_str()).await? {
            return Err(Error::NotFound);
        }
        tracing::info!(owner = %user.username, slug = %slug, "link deleted");
        Ok(Flash::Deleted.on(web::redirect("/links/")))
    }

    /// The signed-in user's link `slug`, or 404 (whether or not someone else has one).
    async fn own_link(&self, user: &CurrentUser, slug: &str) -> Result<Link> {
        let slug = Slug::existing(slug).map_err(|_| Error::NotFound)?;
        self.store
            .find_link(&user.username_key, slug.as_str())
            .await?
            .ok_or(Error::NotFound)
    }

    fn link_form(
        &self,
        request: &Request,
        user: &CurrentUser,
        editing: Option<&str>,
        form: &LinkForm,
        errors: &FormErrors,
        status: StatusCode,
    ) -> Result<Response<Body>> {
        forms::page(request, status, |csrf| {
            LinkFormPage {
                user: Some(user.username.clone()),
                csrf,
                editing,
                back: editing.map_or_else(|| "/links/".to_string(), page_path),
                prefix: format!("{}/{}/", self.public_base(request), user.username),
                form,
                errors,
            }
            .render()
        })
    }

    /// Where this service answers: the host the request came to, `PUBLIC_URL`'s, and the
    /// HTTP API's own `execute-api` address, which keeps serving it behind a custom domain.
    fn own_hosts(&self, request: &Request) -> Vec<String> {
        let public = self
            .public_url
            .as_deref()
            .and_then(|url| url.split_once("://"))
            .map(|(_, host)| host.to_string());
        web::own_host(request)
            .map(str::to_string)
            .into_iter()
            .chain(public)
            .chain(self.execute_api_host(request))
            .collect()
    }

    fn execute_api_host(&self, request: &Request) -> Option<String> {
        let Some(RequestContext::ApiGatewayV2(context)) = request.request_context_ref() else {
            return None;
        };
        let region = self.region.as_deref()?;
        Some(format!(
            "{}.execute-api.{region}.amazonaws.com",
            context.apiid.as_deref()?
        ))
    }

    /// `https://host` of short links: `PUBLIC_URL`, or where this request arrived.
    fn public_base(&self, request: &Request) -> String {
        web::public_base(self.public_url.as_deref(), request)
    }
}

/// Creates `link` under the custom slug, or under generated ones until one is free.
/// `generate` is a parameter so the collision path can be exercised with a fixed sequence.
pub async fn create(
    store: &impl LinkStore,
    link: &NewLink<'_>,
    custom: Option<Slug>,
    mut generate: impl FnMut() -> Slug,
) -> Result<Slug, CreateLinkError> {
    if let Some(slug) = custom {
        store.create_link(link, &slug).await?;
        return Ok(slug);
    }
    for attempt in 1..=SLUG_ATTEMPTS {
        let slug = generate();
        match store.create_link(link, &slug).await {
            Ok(()) => {
                tracing::debug!(slug = %slug, attempt, "slug generated");
                return Ok(slug);
            }
            Err(CreateLinkError::SlugTaken) => {
                tracing::debug!(slug = %slug, attempt, "generated slug already used, drawing again");
            }
            Err(other) => return Err(other),
        }
    }
    Err(CreateLinkError::Other(Error::internal(
        "no free generated slug after several attempts",
    )))
}

/// Where the owner's page of link `slug` is: `/links/{slug}/`, or `/links/{slug}/stats/` when
/// a fixed word shadows that (a slug made before the word was reserved).
pub fn page_path(slug: &str) -> String {
    if FIXED_WORDS.contains(&slug) {
        format!("/links/{slug}/stats/")
    } else {
        format!("/links/{slug}/")
    }
}

/// A link's public address: `{base}/{username}/{slug}/`.
pub fn short_url(base: &str, username: &str, slug: &str) -> String {
    format!("{base}/{username}/{slug}/")
}

/// Signed out: to the sign-in page, coming back here afterwards.
fn sign_in_first(request: &Request) -> Response<Body> {
    let next: String = url::form_urlencoded::byte_serialize(request.uri().path().as_bytes()).collect();
    web::redirect(&format!("/accounts/login/?next={next}"))
}

fn parse_link_fields(
    form: &LinkForm,
    own_hosts: &[String],
    errors: &mut FormErrors,
) -> (Option<TargetUrl>, Option<Title>, Option<ValidUntil>, Option<Tags>) {
    let hosts: Vec<&str> = own_hosts.iter().map(String::as_str).collect();
    let target = TargetUrl::parse(&form.target_url, &hosts)
        .map_err(|e| errors.add("target_url", e))
        .ok();
    let title = Title::parse(&form.title).map_err(|e| errors.add("title", e)).ok();
    let valid_until = ValidUntil::parse(&form.valid_until)
        .map_err(|e| errors.add("valid_until", e))
        .ok();
    let tags = Tags::parse(&form.tags).map_err(|e| errors.add("tags", e)).ok();
    (target, title, valid_until, tags)
}

#[derive(Deserialize, Default)]
struct LinkForm {
    #[serde(default)]
    csrf_token: String,
    /// The new-link form's [`FormId`] (the edit form has none: an edit is idempotent).
    #[serde(default)]
    form_id: String,
    #[serde(default)]
    target_url: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    title: String,
    /// `datetime-local`, read as UTC; empty is never.
    #[serde(default)]
    valid_until: String,
    /// Comma-separated.
    #[serde(default)]
    tags: String,
}
form_with_token!(LinkForm);

/// A link as the pages show it.
struct LinkRow {
    slug: String,
    /// [`page_path`].
    page: String,
    short_url: String,
    target: String,
    title: String,
    created: crate::Moment,
    clicks: Clicks,
    recent_clicks: i64,
    /// When it has a validity.
    valid_until: Option<crate::Moment>,
    /// Whether its validity has passed: the short URL answers 410.
    expired: bool,
    tags: Vec<String>,
}

impl LinkRow {
    fn new(link: &Link, base: &str, username: &str) -> Self {
        Self {
            valid_until: link.valid_until.map(crate::Moment::at),
            expired: ValidUntil::stored(link.valid_until).has_passed(crate::now()),
            tags: link.tags.clone(),
            page: page_path(&link.slug),
            slug: link.slug.clone(),
            short_url: short_url(base, username, &link.slug),
            target: link.target.clone(),
            title: link.title.clone(),
            created: crate::Moment::at(link.created_ms / 1000),
            clicks: link.clicks,
            recent_clicks: link.recent_clicks,
        }
    }
}

/// A latest click as the page shows it: the referrer's host (the whole referrer on hover), the
/// browser, system and device the user agent names (the raw user agent on hover), the network.
struct VisitRow {
    at: crate::Moment,
    referrer: String,
    referrer_host: String,
    browser: String,
    system: String,
    device: &'static str,
    user_agent: String,
    ip: String,
}

impl VisitRow {
    fn new(visit: &Visit) -> Self {
        let agent = Agent::of(&visit.user_agent);
        Self {
            at: crate::Moment::at(visit.at_ms / 1000),
            referrer: visit.referrer.clone(),
            referrer_host: referrer_host(&visit.referrer),
            browser: agent.browser,
            system: agent.system,
            device: agent.device,
            user_agent: visit.user_agent.clone(),
            ip: visit.ip.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "links/list.html")]
struct ListPage {
    user: Option<String>,
    links: Vec<LinkRow>,
    next: Option<String>,
    first_page: bool,
    /// The tag the list is narrowed to, if any.
    tag: Option<String>,
    /// The search's words, as the box shows them.
    q: String,
    filtered: bool,
    /// `tag=…&q=…`, for the page links (empty without a filter).
    filter_query: String,
}

#[derive(Template)]
#[template(path = "links/home.html")]
struct SignedInHome<'a> {
    user: Option<String>,
    csrf: &'a str,
    form_id: &'a str,
    latest: &'a [LinkRow],
    /// Whether there are more than these.
    more: bool,
}

#[derive(Template)]
#[template(path = "links/form.html")]
struct LinkFormPage<'a> {
    user: Option<String>,
    csrf: &'a str,
    /// The slug of the link being edited; `None` on the new-link form.
    editing: Option<&'a str>,
    /// Where Cancel leads.
    back: String,
    /// `https://host/username/`, shown before the slug field.
    prefix: String,
    form: &'a LinkForm,
    errors: &'a FormErrors,
}

#[derive(Template)]
#[template(path = "links/import.html")]
struct ImportPage<'a> {
    user: Option<String>,
    csrf: &'a str,
    errors: &'a FormErrors,
    report: Option<ReportView>,
}

/// An import's report as the page shows it.
struct ReportView {
    created: usize,
    skipped: usize,
    invalid: usize,
    rows: Vec<ReportRow>,
}

struct ReportRow {
    line: u64,
    url: String,
    slug: String,
    /// The created link's page.
    page: Option<String>,
    /// `created`, `skipped` or `invalid`.
    outcome: &'static str,
    reason: String,
}

impl ReportView {
    fn new(report: &import::Report) -> Self {
        let rows = report
            .rows
            .iter()
            .map(|row| {
                let (outcome, slug, reason) = match &row.outcome {
                    import::Outcome::Created { slug } => ("created", slug.clone(), String::new()),
                    import::Outcome::Skipped(reason) => ("skipped", row.row.slug.clone(), reason.clone()),
                    import::Outcome::Invalid(reason) => ("invalid", row.row.slug.clone(), reason.clone()),
                };
                ReportRow {
                    line: row.row.line,
                    // A row's address as given, cut for the page (the row's line finds it).
                    url: row.row.url.chars().take(200).collect(),
                    page: (outcome == "created").then(|| page_path(&slug)),
                    slug,
                    outcome,
                    reason,
                }
            })
            .collect();
        Self {
            created: report.created(),
            skipped: report.skipped(),
            invalid: report.invalid(),
            rows,
        }
    }
}

#[derive(Template)]
#[template(path = "links/detail.html")]
struct DetailPage {
    user: Option<String>,
    link: LinkRow,
    visits: Vec<VisitRow>,
    period: PeriodView,
    chart: Chart,
}

/// The period shown, the others offered, its totals and its days (newest first, for the table).
struct PeriodView {
    days: u32,
    choices: [u32; 3],
    totals: Clicks,
    visitors: i64,
    first: String,
    last: String,
    rows: Vec<DayRow>,
    /// The busiest day for people, if any clicked.
    peak: Option<DayRow>,
    breakdowns: Vec<BreakdownView>,
}

/// One breakdown's table: its top values with their share of the period's clicks, then "other".
struct BreakdownView {
    title: &'static str,
    id: String,
    rows: Vec<(String, i64, String)>,
    other: Option<(i64, String)>,
}

impl BreakdownView {
    fn new(dimension: Dimension, breakdowns: &Breakdowns, total: i64) -> Self {
        let share = |count: i64| {
            if total == 0 {
                "0%".to_string()
            } else {
                format!("{:.0}%", count as f64 * 100.0 / total as f64)
            }
        };
        let ranked = breakdowns.ranked(dimension);
        Self {
            title: dimension.title(),
            id: format!("breakdown-{}", dimension.title().to_ascii_lowercase()),
            rows: ranked
                .rows
                .into_iter()
                .map(|(label, count)| (label, count, share(count)))
                .collect(),
            other: (ranked.other > 0).then(|| (ranked.other, share(ranked.other))),
        }
    }
}

#[derive(Clone)]
struct DayRow {
    day: String,
    date: String,
    clicks: Clicks,
    visitors: i64,
}

impl PeriodView {
    fn new(period: Period, daily: &Daily, breakdowns: &Breakdowns) -> Self {
        let row = |d: &stats::DayClicks| DayRow {
            day: stats::short_day(d.day),
            date: d.day.to_string(),
            clicks: d.clicks,
            visitors: d.visitors,
        };
        let peak = daily
            .days
            .iter()
            .filter(|d| d.clicks.human > 0)
            .max_by_key(|d| (d.clicks.human, d.day))
            .map(row);
        Self {
            days: period.days(),
            choices: stats::PERIODS,
            totals: daily.total(),
            visitors: daily.visitors(),
            first: daily
                .days
                .first()
                .map(|d| stats::short_day(d.day))
                .unwrap_or_default(),
            last: daily
                .days
                .last()
                .map(|d| stats::short_day(d.day))
                .unwrap_or_default(),
            rows: daily.days.iter().rev().map(row).collect(),
            peak,
            breakdowns: Dimension::ALL
                .into_iter()
                .map(|dimension| BreakdownView::new(dimension, breakdowns, daily.total().human))
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "links/delete.html")]
struct DeletePage<'a> {
    user: Option<String>,
    csrf: &'a str,
    link: LinkRow,
}
