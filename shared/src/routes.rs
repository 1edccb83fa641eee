//! Declared route tables for the functions with several pages (`links`, `accounts`): each
//! page is one row (its path pattern, what it is, the methods it takes), and everything
//! else derives from the rows: the match itself (`matchit`, where a fixed segment such as
//! `new` wins over `{slug}` whatever the order), the 405 with its `Allow` header, `HEAD`
//! wherever `GET` is, and the slash-less forms of the paths. (The functions' top-level
//! routes are API Gateway's, declared in `template.yaml` and `Cargo.toml`.)

use lambda_http::http::Method;
use lambda_http::{Body, Request, Response};

use crate::error::{Error, Result};

/// The methods a page takes. `HEAD` always goes with `GET`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Methods {
    /// A page to read: `GET`, `HEAD`.
    Read,
    /// A form: `GET`, `HEAD` for the page, `POST` to submit it.
    Form,
    /// What a button on another page posts to: `POST` only.
    Action,
}

impl Methods {
    fn allow(self) -> &'static str {
        match self {
            Methods::Read => "GET, HEAD",
            Methods::Form => "GET, HEAD, POST",
            Methods::Action => "POST",
        }
    }

    fn allows(self, method: &Method) -> bool {
        match self {
            Methods::Read => *method == Method::GET || *method == Method::HEAD,
            Methods::Form => *method == Method::GET || *method == Method::HEAD || *method == Method::POST,
            Methods::Action => *method == Method::POST,
        }
    }
}

/// What a path without its trailing slash gets when the slash form is a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slashless {
    /// `308` to the slash form, as Django's `APPEND_SLASH` (`GET` and `HEAD` only).
    Redirect,
    /// The page itself, as if the slash were there (pages that always answered so).
    Answer,
}

pub struct Route<P: 'static> {
    pub path: &'static str,
    pub page: P,
    pub methods: Methods,
}

/// What a request is for: a page with the path's parameters, or a redirect to the slash form.
pub enum Routed<P> {
    Page(P, Vec<(String, String)>),
    AppendSlash(Response<Body>),
}

pub struct Table<P: Copy + 'static> {
    routes: &'static [Route<P>],
    router: matchit::Router<usize>,
    slashless: Slashless,
}

impl<P: Copy + 'static> Table<P> {
    /// Built once, at init. A pattern `matchit` refuses is a bug in the table: it panics
    /// there, and the tests that start each function catch it.
    pub fn new(routes: &'static [Route<P>], slashless: Slashless) -> Self {
        let mut router = matchit::Router::new();
        for (index, route) in routes.iter().enumerate() {
            router
                .insert(route.path, index)
                .unwrap_or_else(|e| panic!("route {}: {e}", route.path));
        }
        Self {
            routes,
            router,
            slashless,
        }
    }

    /// The page `request` is for; `NotFound` for no page, `MethodNotAllowed` (with the page's
    /// `Allow`) for a method it does not take.
    pub fn route(&self, request: &Request) -> Result<Routed<P>> {
        let path = request.uri().path();
        if let Ok(found) = self.router.at(path) {
            return self.page(found, request.method());
        }
        if path.ends_with('/') {
            return Err(Error::NotFound);
        }
        let with_slash = format!("{path}/");
        let found = self.router.at(&with_slash).map_err(|_| Error::NotFound)?;
        match self.slashless {
            Slashless::Redirect => crate::web::slash_redirect(request)
                .map(Routed::AppendSlash)
                .ok_or(Error::NotFound),
            Slashless::Answer => self.page(found, request.method()),
        }
    }

    fn page(&self, found: matchit::Match<'_, '_, &usize>, method: &Method) -> Result<Routed<P>> {
        let route = &self.routes[*found.value];
        if !route.methods.allows(method) {
            return Err(Error::MethodNotAllowed {
                allow: route.methods.allow(),
            });
        }
        let params = found
            .params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Ok(Routed::Page(route.page, params))
    }
}

/// The value of path parameter `name` (the table's patterns name them).
pub fn param<'a>(params: &'a [(String, String)], name: &str) -> &'a str {
    params
        .iter()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROUTES: &[Route<&str>] = &[
        Route {
            path: "/x/{slug}/",
            page: "detail",
            methods: Methods::Read,
        },
        Route {
            path: "/x/new/",
            page: "new",
            methods: Methods::Form,
        },
        Route {
            path: "/x/{slug}/edit/",
            page: "edit",
            methods: Methods::Form,
        },
    ];

    fn request(method: Method, path: &str) -> Request {
        lambda_http::http::Request::builder()
            .method(method)
            .uri(path)
            .body(Body::Empty)
            .unwrap()
    }

    fn page(table: &Table<&'static str>, method: Method, path: &str) -> Result<&'static str> {
        match table.route(&request(method, path))? {
            Routed::Page(page, params) => {
                assert!(page != "detail" || !param(&params, "slug").is_empty());
                Ok(page)
            }
            Routed::AppendSlash(response) => Ok(if response.status() == 308 { "308" } else { "?" }),
        }
    }

    #[test]
    fn everything_derives_from_the_rows() {
        let table = Table::new(ROUTES, Slashless::Redirect);
        assert_eq!(
            page(&table, Method::GET, "/x/new/").unwrap(),
            "new",
            "a fixed word wins over {{slug}}"
        );
        assert_eq!(
            page(&table, Method::HEAD, "/x/abc/").unwrap(),
            "detail",
            "HEAD goes with GET"
        );
        assert_eq!(page(&table, Method::POST, "/x/new/").unwrap(), "new");
        assert_eq!(
            page(&table, Method::GET, "/x/new/edit/").unwrap(),
            "edit",
            "a fixed word shadows {{slug}}'s own page only, not the pages below it"
        );
        assert!(matches!(
            page(&table, Method::POST, "/x/abc/"),
            Err(Error::MethodNotAllowed { allow: "GET, HEAD" })
        ));
        assert!(matches!(
            page(&table, Method::DELETE, "/x/new/"),
            Err(Error::MethodNotAllowed {
                allow: "GET, HEAD, POST"
            })
        ));
        assert_eq!(page(&table, Method::GET, "/x/abc").unwrap(), "308");
        assert!(matches!(
            page(&table, Method::POST, "/x/abc"),
            Err(Error::NotFound)
        ));
        assert!(matches!(
            page(&table, Method::GET, "/x/a/b/"),
            Err(Error::NotFound)
        ));

        let answering = Table::new(ROUTES, Slashless::Answer);
        assert_eq!(page(&answering, Method::GET, "/x/abc").unwrap(), "detail");
        assert_eq!(page(&answering, Method::POST, "/x/new").unwrap(), "new");
    }
}
