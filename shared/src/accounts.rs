//! The `accounts` function: register, sign in, sign out, profile, API tokens, and self-service
//! (password change, email change, password reset by email, account deletion) under
//! `/accounts/...`.
//!
//! Every POST checks the CSRF token before anything else. Forms that fail validation come
//! back with a 400, the errors next to their fields, and what the user typed (never a
//! password).

pub mod domain;
pub mod password;
pub mod reset;
pub mod store;
pub mod throttle;
pub mod tokens;

use askama::Template;
use lambda_http::http::{Method, StatusCode};
use lambda_http::{Body, Request, RequestExt, Response};
use serde::Deserialize;

use self::domain::{Email, MAX_PASSWORD_CHARS, MAX_USERNAME_CHARS, NewPassword, Username};
use self::store::{AccountStore, ChangeEmailError, CreateUserError, NewUser};
use self::throttle::Attempt;
use self::tokens::{
    CreateTokenError, MAX_TOKEN_NAME_CHARS, MAX_TOKENS_PER_USER, NewSecret, Scope, Token, TokenName,
    TokenOwner, TokenStore,
};
use std::sync::Arc;

use self::reset::ResetStore;
use crate::client::ClientAddress;
use crate::config::{Config, SignInLimits};
use crate::csrf::CsrfToken;
use crate::email::Mailer;
use crate::error::{Error, Result};
use crate::flash::Flash;
use crate::forms::{self, FormErrors, TokenForm, add_cookies, form_with_token};
use crate::routes::{Methods, Route, Routed, Slashless, Table};
use crate::session::{self, CurrentUser, SessionStore};
use crate::web;
use crate::web::AfterResponse;

/// The one message for an unknown username or a wrong password.
const BAD_CREDENTIALS: &str =
    "Please enter a correct username and password. Note that the password is case-sensitive.";
/// A wrong current password (and one longer than any password can be).
const WRONG_PASSWORD: &str = "Your current password was entered incorrectly. Please enter it again.";
/// Where a successful sign-in goes when no safe `next` was given.
const AFTER_SIGN_IN: &str = "/links/";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Register,
    Login,
    Logout,
    Profile,
    Tokens,
    RevokeToken,
    PasswordChange,
    Email,
    PasswordReset,
    PasswordResetDone,
    Reset,
    Delete,
}

/// The pages of this function; their slash-less forms get a 308 to them.
pub const ROUTES: &[Route<Page>] = &[
    Route {
        path: "/accounts/register/",
        page: Page::Register,
        methods: Methods::Form,
    },
    Route {
        path: "/accounts/login/",
        page: Page::Login,
        methods: Methods::Form,
    },
    Route {
        path: "/accounts/logout/",
        page: Page::Logout,
        methods: Methods::Form,
    },
    Route {
        path: "/accounts/profile/",
        page: Page::Profile,
        methods: Methods::Read,
    },
    Route {
        path: "/accounts/password_change/",
        page: Page::PasswordChange,
        methods: Methods::Form,
    },
    Route {
        path: "/accounts/password_reset/",
        page: Page::PasswordReset,
        methods: Methods::Form,
    },
    Route {
        path: "/accounts/password_reset/done/",
        page: Page::PasswordResetDone,
        methods: Methods::Read,
    },
    Route {
        path: "/accounts/reset/{token}/",
        page: Page::Reset,
        methods: Methods::Form,
    },
    Route {
        path: "/accounts/email/",
        page: Page::Email,
        methods: Methods::Form,
    },
    Route {
        path: "/accounts/delete/",
        page: Page::Delete,
        methods: Methods::Form,
    },
    Route {
        path: "/accounts/tokens/",
        page: Page::Tokens,
        methods: Methods::Form,
    },
    Route {
        path: "/accounts/tokens/{id}/revoke/",
        page: Page::RevokeToken,
        methods: Methods::Action,
    },
];

pub struct Accounts<S> {
    routes: Table<Page>,
    store: S,
    sign_in_limits: SignInLimits,
    trusted_proxy_hops: usize,
    public_url: Option<String>,
    mailer: Arc<Mailer>,
    /// Where a reset request's lookup and email go, after its response (`reset`).
    after: AfterResponse,
}

impl<S: AccountStore + SessionStore + TokenStore + ResetStore + Clone + 'static> Accounts<S> {
    pub fn new(store: S, config: &Config, mailer: Mailer, after: AfterResponse) -> Self {
        Self {
            routes: Table::new(ROUTES, Slashless::Redirect),
            store,
            sign_in_limits: config.sign_in_limits,
            trusted_proxy_hops: config.trusted_proxy_hops,
            public_url: config.public_url.clone(),
            mailer: Arc::new(mailer),
            after,
        }
    }

    #[tracing::instrument(name = "accounts", skip_all, fields(method = %request.method(), path = request.uri().path()))]
    pub async fn handle(&self, request: Request) -> Result<Response<Body>> {
        let now = crate::now();
        let (page, params) = match self.routes.route(&request)? {
            Routed::Page(page, params) => (page, params),
            Routed::AppendSlash(redirect) => return Ok(redirect),
        };
        let posting = request.method() == Method::POST;
        match (page, posting) {
            (Page::Register, false) => self.register_form(&request),
            (Page::Register, true) => self.register(&request, now).await,
            (Page::Login, false) => self.login_form(&request),
            (Page::Login, true) => self.login(&request, now).await,
            (Page::Logout, false) => self.logout_form(&request, now).await,
            (Page::Logout, true) => self.logout(&request).await,
            (Page::Profile, _) => self.profile(&request, now).await,
            (Page::PasswordChange, false) => self.password_change_form(&request, now).await,
            (Page::PasswordChange, true) => self.change_password(&request, now).await,
            (Page::PasswordReset, false) => self.password_reset_form(&request),
            (Page::PasswordReset, true) => self.request_reset(&request, now).await,
            (Page::PasswordResetDone, _) => password_reset_done(),
            (Page::Reset, false) => {
                self.reset_form(&request, crate::routes::param(&params, "token"), now)
                    .await
            }
            (Page::Reset, true) => {
                self.reset(&request, crate::routes::param(&params, "token"), now)
                    .await
            }
            (Page::Email, false) => self.email_form(&request, now).await,
            (Page::Email, true) => self.change_email(&request, now).await,
            (Page::Delete, false) => self.delete_form(&request, now).await,
            (Page::Delete, true) => self.delete(&request, now).await,
            (Page::Tokens, false) => self.tokens(&request, now).await,
            (Page::Tokens, true) => self.create_token(&request, now).await,
            (Page::RevokeToken, _) => {
                self.revoke_token(&request, now, crate::routes::param(&params, "id"))
                    .await
            }
        }
    }

    /// Shown signed in or not, like the sign-in page (switching accounts is legitimate).
    fn register_form(&self, request: &Request) -> Result<Response<Body>> {
        register_page(request, StatusCode::OK, "", "", &FormErrors::default())
    }

    async fn register(&self, request: &Request, now: i64) -> Result<Response<Body>> {
        let form: RegisterForm = forms::read(request)?;
        let mut errors = FormErrors::default();
        let username = Username::parse(&form.username)
            .map_err(|e| errors.add("username", e))
            .ok();
        let email = Email::parse(&form.email).map_err(|e| errors.add("email", e)).ok();
        let password = new_password(
            (&form.password1, &form.password2),
            &form.username,
            ("password1", "password2"),
            &mut errors,
        );
        let (Some(username), Some(email), Some(password)) = (username, email, password) else {
            tracing::warn!(fields = ?errors.fields(), "registration form invalid");
            return self.register_again(request, &form, &errors);
        };

        let password_hash = password::hash(password.expose().to_string()).await?;
        let user = NewUser {
            username,
            email,
            password_hash,
            joined_at: now,
        };
        match self.store.create_user(&user).await {
            Ok(()) => {}
            Err(CreateUserError::UsernameTaken) => {
                tracing::warn!(username = %user.username, "registration refused: username taken");
                errors.add(
                    "username",
                    "That username is taken. Please choose another.".into(),
                );
                return self.register_again(request, &form, &errors);
            }
            Err(CreateUserError::EmailTaken) => {
                tracing::warn!(username = %user.username, "registration refused: email already registered");
                errors.add(
                    "email",
                    "An account with this email already exists. Sign in instead?".into(),
                );
                return self.register_again(request, &form, &errors);
            }
            Err(CreateUserError::Other(error)) => return Err(error),
        }
        tracing::info!(username = %user.username, "user registered");
        let holder = session::Holder {
            username_key: &user.username.key(),
            username: user.username.as_str(),
            generation: 0,
            ended: Vec::new(),
        };
        let session = session::start(&self.store, request, &holder, now).await?;
        // Home, signed in: the box that makes a first link.
        let mut response = web::redirect("/");
        add_cookies(&mut response, [Some(session), CsrfToken::fresh().cookie()])?;
        Ok(response)
    }

    fn register_again(
        &self,
        request: &Request,
        form: &RegisterForm,
        errors: &FormErrors,
    ) -> Result<Response<Body>> {
        register_page(
            request,
            StatusCode::BAD_REQUEST,
            &form.username,
            &form.email,
            errors,
        )
    }

    /// Shown even to a signed-in browser: signing in again replaces its session.
    fn login_form(&self, request: &Request) -> Result<Response<Body>> {
        let next = safe_next(request);
        login_page(
            request,
            StatusCode::OK,
            next.as_deref(),
            "",
            &FormErrors::default(),
        )
    }

    async fn login(&self, request: &Request, now: i64) -> Result<Response<Body>> {
        let form: LoginForm = forms::read(request)?;
        let next = safe_next(request);
        // Bounded before anything expensive: no account has a longer name, and no password
        // that registration accepts is longer, so neither can sign in: refused unhashed and
        // uncounted (what it reveals, that the input breaks the public rules, is no secret).
        let username = form.username.trim();
        let password = &form.password;
        // A field left empty is named, not met with "enter a correct username and password";
        // nothing is looked up or counted for it.
        let missing: Vec<&str> = [
            (username.is_empty(), "Enter your username."),
            (password.is_empty(), "Enter your password."),
        ]
        .into_iter()
        .filter_map(|(empty, message)| empty.then_some(message))
        .collect();
        if !missing.is_empty() {
            return self.login_again(
                request,
                &form,
                next.as_deref(),
                &missing.join(" "),
                StatusCode::BAD_REQUEST,
            );
        }
        if username.len() > MAX_USERNAME_CHARS
            || password.len() > 4 * MAX_PASSWORD_CHARS
            || password.chars().count() > MAX_PASSWORD_CHARS
        {
            tracing::warn!("sign-in refused: a field longer than any account's");
            return self.login_again(
                request,
                &form,
                next.as_deref(),
                BAD_CREDENTIALS,
                StatusCode::BAD_REQUEST,
            );
        }
        let key = username.to_ascii_lowercase();

        let client = ClientAddress::of(request, self.trusted_proxy_hops);
        let attempt = Attempt::new(&key, client);
        let (reserved, user) = tokio::try_join!(
            attempt.reserve(&self.store, &self.sign_in_limits, now),
            self.store.find_user(&key)
        )?;
        // What was typed as a username may be a password typed in the wrong box: it is
        // logged only when it names an existing account.
        let account = user.as_ref().map_or("<no such account>", |u| u.username.as_str());
        let client_net = client.map(ClientAddress::for_logs);
        if let Err(refusal) = reserved {
            tracing::warn!(account, client_net, limit = ?refusal, "sign-in refused: too many failures");
            crate::metrics::emit(crate::metrics::Metric::SignInsThrottled, 1);
            return self.login_again(
                request,
                &form,
                next.as_deref(),
                &refusal.message(&self.sign_in_limits),
                StatusCode::TOO_MANY_REQUESTS,
            );
        }
        let stored = user.as_ref().map(|u| u.password_hash.clone());
        if !password::verify(form.password.clone(), stored).await? {
            tracing::warn!(account, client_net, "sign-in failed");
            return self.login_again(
                request,
                &form,
                next.as_deref(),
                BAD_CREDENTIALS,
                StatusCode::BAD_REQUEST,
            );
        }
        let user = user.ok_or_else(|| Error::internal("password verified without a user"))?;
        attempt.succeeded(&self.store).await?;
        let holder = session::Holder {
            username_key: &key,
            username: &user.username,
            generation: user.generation,
            ended: session::ended_entries(&user.sessions, now),
        };
        let session = session::start(&self.store, request, &holder, now).await?;
        tracing::info!(username = %user.username, "user signed in");
        let mut response = web::redirect(next.as_deref().unwrap_or(AFTER_SIGN_IN));
        add_cookies(&mut response, [Some(session), CsrfToken::fresh().cookie()])?;
        Ok(response)
    }

    fn login_again(
        &self,
        request: &Request,
        form: &LoginForm,
        next: Option<&str>,
        message: &str,
        status: StatusCode,
    ) -> Result<Response<Body>> {
        let mut errors = FormErrors::default();
        errors.general.push(message.to_string());
        login_page(request, status, next, form.username.trim(), &errors)
    }

    async fn logout_form(&self, request: &Request, now: i64) -> Result<Response<Body>> {
        let Some(user) = session::current_user(&self.store, request, now).await? else {
            return Ok(web::redirect("/"));
        };
        forms::page(request, StatusCode::OK, |csrf| {
            LogoutPage {
                user: Some(user.username),
                csrf,
            }
            .render()
        })
    }

    async fn logout(&self, request: &Request) -> Result<Response<Body>> {
        let _: TokenForm = forms::read(request)?;
        let removal = session::end(&self.store, request).await?;
        tracing::info!("user signed out");
        let mut response = web::redirect("/");
        add_cookies(&mut response, [Some(removal), CsrfToken::fresh().cookie()])?;
        Ok(response)
    }

    async fn profile(&self, request: &Request, now: i64) -> Result<Response<Body>> {
        let Some(CurrentUser { username_key, .. }) = session::current_user(&self.store, request, now).await?
        else {
            return Ok(web::redirect("/accounts/login/?next=/accounts/profile/"));
        };
        let user = self
            .store
            .find_user(&username_key)
            .await?
            .ok_or(Error::NotFound)?;
        tracing::debug!(username = %user.username, "profile viewed");
        let page = ProfilePage {
            user: Some(user.username.clone()),
            username: &user.username,
            email: &user.email,
            joined: crate::Moment::at(user.joined_at),
            link_count: user.link_count,
        };
        web::html(StatusCode::OK, &page)
    }
}

/// Account self-service: the password.
impl<S: AccountStore + SessionStore + TokenStore + ResetStore + Clone + 'static> Accounts<S> {
    async fn password_change_form(&self, request: &Request, now: i64) -> Result<Response<Body>> {
        let Some(user) = self.signed_in(request, now).await? else {
            return Ok(web::redirect("/accounts/login/?next=/accounts/password_change/"));
        };
        password_change_page(request, StatusCode::OK, &user.username, &FormErrors::default())
    }

    /// Django's `PasswordChangeView`: the current password (counted against the sign-in
    /// limits, as a guess at it is one), the new one twice under the registration rules. Then
    /// every other session of the user ends (`session`), this one stays.
    async fn change_password(&self, request: &Request, now: i64) -> Result<Response<Body>> {
        let form: PasswordChangeForm = forms::read(request)?;
        let Some(current) = self.signed_in(request, now).await? else {
            return Ok(web::redirect("/accounts/login/?next=/accounts/password_change/"));
        };
        let mut errors = FormErrors::default();
        let again =
            |errors: &FormErrors, status| password_change_page(request, status, &current.username, errors);
        let new = new_password(
            (&form.new_password1, &form.new_password2),
            &current.username,
            ("new_password1", "new_password2"),
            &mut errors,
        );
        let old = &form.old_password;
        current_password_bounded(old, "old_password", "Enter your current password.", &mut errors);
        let Some(new) = new.filter(|_| errors.is_empty()) else {
            tracing::warn!(fields = ?errors.fields(), "password change form invalid");
            return again(&errors, StatusCode::BAD_REQUEST);
        };
        let user = match self.confirm_password(request, &current, old, now).await? {
            Ok(user) => user,
            Err((message, status)) => {
                errors.add("old_password", message);
                return again(&errors, status);
            }
        };
        let hash = password::hash(new.expose().to_string()).await?;
        let Some(listed) = self
            .store
            .change_password(
                &current.username_key,
                &hash,
                user.generation,
                Some(&current.session_entry),
            )
            .await?
        else {
            errors
                .general
                .push("Your password was changed elsewhere meanwhile. Please try again.".into());
            return again(&errors, StatusCode::CONFLICT);
        };
        let ended = session::end_listed(&self.store, &listed, Some(&current.session_entry)).await?;
        tracing::info!(username = %user.username, other_sessions_ended = ended, "password changed");
        Ok(Flash::PasswordChanged.on(web::redirect("/accounts/profile/")))
    }
}

/// Account self-service: a forgotten password (`reset`).
impl<S: AccountStore + SessionStore + TokenStore + ResetStore + Clone + 'static> Accounts<S> {
    fn password_reset_form(&self, request: &Request) -> Result<Response<Body>> {
        password_reset_page(request, StatusCode::OK, "", &FormErrors::default())
    }

    /// Counted per address given and per client, then answered: the same redirect whether or
    /// not an account has the address. Finding it and sending the link happen after.
    async fn request_reset(&self, request: &Request, now: i64) -> Result<Response<Body>> {
        let form: ResetRequestForm = forms::read(request)?;
        let email = match Email::parse(&form.email) {
            Ok(email) => email,
            Err(message) => {
                let mut errors = FormErrors::default();
                errors.add("email", message);
                return password_reset_page(request, StatusCode::BAD_REQUEST, &form.email, &errors);
            }
        };
        let client = ClientAddress::of(request, self.trusted_proxy_hops);
        let (per_email, per_address) = reset::counters(
            email.as_str(),
            client.as_ref().map(ClientAddress::throttle_key).as_deref(),
        );
        let window_ends = |limit: crate::config::Limit| now + i64::from(limit.window);
        let (email_ok, address_ok) = tokio::try_join!(
            self.store.reserve_sign_in_attempt(
                &per_email,
                reset::PER_EMAIL.max,
                now,
                window_ends(reset::PER_EMAIL)
            ),
            async {
                match &per_address {
                    Some(counter) => {
                        self.store
                            .reserve_sign_in_attempt(
                                counter,
                                reset::PER_ADDRESS.max,
                                now,
                                window_ends(reset::PER_ADDRESS),
                            )
                            .await
                    }
                    None => Ok(true),
                }
            }
        )?;
        if !email_ok || !address_ok {
            tracing::warn!(
                per_email = !email_ok,
                per_address = !address_ok,
                "password reset refused: too many requests"
            );
            crate::metrics::emit(crate::metrics::Metric::SignInsThrottled, 1);
            let mut errors = FormErrors::default();
            errors.general.push(format!(
                "Too many reset requests {}. Please wait an hour and try again.",
                if email_ok {
                    "from your network"
                } else {
                    "for this address"
                }
            ));
            return password_reset_page(request, StatusCode::TOO_MANY_REQUESTS, &form.email, &errors);
        }
        let (store, mailer) = (self.store.clone(), self.mailer.clone());
        let base = web::public_base(self.public_url.as_deref(), request);
        self.after.defer(async move {
            if let Err(error) = send_reset_link(&store, &mailer, email, &base, now).await {
                tracing::error!(error = ?error, "password reset email not sent");
            }
        });
        Ok(web::redirect("/accounts/password_reset/done/"))
    }

    /// The new-password form, if the link still works.
    async fn reset_form(&self, request: &Request, token: &str, now: i64) -> Result<Response<Body>> {
        if self.reset_user(token, now).await?.is_none() {
            return reset_invalid();
        }
        reset_page(request, StatusCode::OK, token, &FormErrors::default())
    }

    /// Django's `PasswordResetConfirmView`: the new password twice, under the registration's
    /// rules; then the password is set, the link spent, and every session signed out.
    async fn reset(&self, request: &Request, token: &str, now: i64) -> Result<Response<Body>> {
        let form: ResetForm = forms::read(request)?;
        let Some((hash, stored, user)) = self.reset_user(token, now).await? else {
            return reset_invalid();
        };
        let mut errors = FormErrors::default();
        let Some(new) = new_password(
            (&form.new_password1, &form.new_password2),
            &user.username,
            ("new_password1", "new_password2"),
            &mut errors,
        ) else {
            return reset_page(request, StatusCode::BAD_REQUEST, token, &errors);
        };
        let password_hash = password::hash(new.expose().to_string()).await?;
        let Some(listed) = self
            .store
            .change_password(&stored.username_key, &password_hash, user.generation, None)
            .await?
        else {
            return reset_invalid();
        };
        let ended = session::end_listed(&self.store, &listed, None).await?;
        self.store.delete_reset(&hash).await?;
        tracing::info!(username = %user.username, sessions_ended = ended, "password reset");
        Ok(Flash::PasswordReset.on(web::redirect("/accounts/login/")))
    }

    /// The user a reset link is for, with the token's hash and what is stored of it, while it
    /// works.
    async fn reset_user(
        &self,
        token: &str,
        now: i64,
    ) -> Result<Option<(String, reset::ResetToken, store::User)>> {
        let Some(hash) = reset::parse(token) else {
            return Ok(None);
        };
        let Some(stored) = self.store.find_reset(&hash).await? else {
            return Ok(None);
        };
        let Some(user) = self.store.find_user(&stored.username_key).await? else {
            return Ok(None);
        };
        let valid = reset::still_valid(&stored, &hash, user.reset_hash.as_deref(), user.generation, now);
        Ok(valid.then_some((hash, stored, user)))
    }
}

/// A new password typed twice (`fields`: the first box's name, the second's), under the
/// registration's rules: every broken rule is added to `errors` on its box (a mismatch on the
/// second, the rest on the first).
fn new_password(
    (first, second): (&str, &str),
    username: &str,
    fields: (&'static str, &'static str),
    errors: &mut FormErrors,
) -> Option<NewPassword> {
    NewPassword::parse(first, second, username)
        .map_err(|all| {
            for message in all {
                let field = if message.contains("do not match") {
                    fields.1
                } else {
                    fields.0
                };
                errors.add(field, message);
            }
        })
        .ok()
}

/// A current password typed to confirm something: named when empty, and refused unchecked
/// when longer than any password can be (no lookup, no hash).
fn current_password_bounded(password: &str, field: &'static str, empty: &str, errors: &mut FormErrors) {
    if password.is_empty() {
        errors.add(field, empty.into());
    } else if password.len() > 4 * MAX_PASSWORD_CHARS || password.chars().count() > MAX_PASSWORD_CHARS {
        errors.add(field, WRONG_PASSWORD.into());
    }
}

/// After a reset request's response: the account with the address, if any, gets a new link.
async fn send_reset_link(
    store: &(impl AccountStore + ResetStore),
    mailer: &Mailer,
    email: Email,
    base: &str,
    now: i64,
) -> Result<()> {
    let Some(username_key) = store.user_by_email(email.as_str()).await? else {
        tracing::info!("password reset asked for an address no account has");
        return Ok(());
    };
    let Some(user) = store.find_user(&username_key).await? else {
        return Ok(());
    };
    let (token, hash) = reset::new_token();
    let stored = reset::ResetToken {
        username_key,
        generation: user.generation,
        expires_at: now + reset::VALID_FOR_SECONDS,
    };
    if !store.create_reset(&hash, &stored).await? {
        tracing::warn!(username = %user.username, "password reset not sent: the password changed meanwhile");
        return Ok(());
    }
    let link = format!("{base}/accounts/reset/{token}/");
    mailer
        .send(&reset::message(&user.email, &user.username, &link))
        .await?;
    tracing::info!(username = %user.username, "password reset email sent");
    Ok(())
}

fn password_reset_done() -> Result<Response<Body>> {
    web::html(StatusCode::OK, &PasswordResetDonePage { user: None })
}

/// A link that is not (or no longer) a working one: the same page whatever the reason.
fn reset_invalid() -> Result<Response<Body>> {
    web::html(StatusCode::BAD_REQUEST, &ResetInvalidPage { user: None })
}

/// Account self-service: the email address.
impl<S: AccountStore + SessionStore + TokenStore + ResetStore + Clone + 'static> Accounts<S> {
    async fn email_form(&self, request: &Request, now: i64) -> Result<Response<Body>> {
        let Some(current) = self.signed_in(request, now).await? else {
            return Ok(web::redirect("/accounts/login/?next=/accounts/email/"));
        };
        let user = self.user_of(&current).await?;
        email_page(
            request,
            StatusCode::OK,
            &current.username,
            &user.email,
            &FormErrors::default(),
        )
    }

    /// A new address under the registration's rules, still unique, confirmed by the password
    /// (counted as a sign-in's is).
    async fn change_email(&self, request: &Request, now: i64) -> Result<Response<Body>> {
        let form: EmailForm = forms::read(request)?;
        let Some(current) = self.signed_in(request, now).await? else {
            return Ok(web::redirect("/accounts/login/?next=/accounts/email/"));
        };
        let mut errors = FormErrors::default();
        let again =
            |errors: &FormErrors, status| email_page(request, status, &current.username, &form.email, errors);
        let email = Email::parse(&form.email).map_err(|e| errors.add("email", e)).ok();
        current_password_bounded(&form.password, "password", "Enter your password.", &mut errors);
        let Some(email) = email.filter(|_| errors.is_empty()) else {
            tracing::warn!(fields = ?errors.fields(), "email form invalid");
            return again(&errors, StatusCode::BAD_REQUEST);
        };
        let user = match self
            .confirm_password(request, &current, &form.password, now)
            .await?
        {
            Ok(user) => user,
            Err((message, status)) => {
                errors.add("password", message);
                return again(&errors, status);
            }
        };
        if user.email == email.as_str() {
            return Ok(Flash::Saved.on(web::redirect("/accounts/profile/")));
        }
        match self
            .store
            .change_email(&current.username_key, &user.email, &email)
            .await
        {
            Ok(()) => {}
            Err(ChangeEmailError::EmailTaken) => {
                tracing::warn!(username = %user.username, "email change refused: address taken");
                errors.add("email", "Another account uses this email address.".into());
                return again(&errors, StatusCode::BAD_REQUEST);
            }
            Err(ChangeEmailError::Changed) => {
                errors
                    .general
                    .push("Your email address was changed elsewhere meanwhile. Please try again.".into());
                return again(&errors, StatusCode::CONFLICT);
            }
            Err(ChangeEmailError::Other(error)) => return Err(error),
        }
        tracing::info!(username = %user.username, "email changed");
        Ok(Flash::EmailChanged.on(web::redirect("/accounts/profile/")))
    }

    /// The signed-in user, once `password` (bounded by the caller) proves to be theirs: checked
    /// as a sign-in checks one, and counted against the same limits, since a wrong one is a
    /// guess. `Err((message, status))`: what the form says.
    async fn confirm_password(
        &self,
        request: &Request,
        current: &CurrentUser,
        password: &str,
        now: i64,
    ) -> Result<Result<store::User, (String, StatusCode)>> {
        let client = ClientAddress::of(request, self.trusted_proxy_hops);
        let attempt = Attempt::new(&current.username_key, client);
        let (reserved, user) = tokio::try_join!(
            attempt.reserve(&self.store, &self.sign_in_limits, now),
            self.store.find_user(&current.username_key)
        )?;
        let user = user.ok_or(Error::NotFound)?;
        if let Err(refusal) = reserved {
            tracing::warn!(username = %user.username, limit = ?refusal, "password confirmation refused: too many failures");
            crate::metrics::emit(crate::metrics::Metric::SignInsThrottled, 1);
            return Ok(Err((
                refusal.message(&self.sign_in_limits),
                StatusCode::TOO_MANY_REQUESTS,
            )));
        }
        if !password::verify(password.to_string(), Some(user.password_hash.clone())).await? {
            tracing::warn!(username = %user.username, "password confirmation failed");
            return Ok(Err((WRONG_PASSWORD.into(), StatusCode::BAD_REQUEST)));
        }
        attempt.succeeded(&self.store).await?;
        Ok(Ok(user))
    }
}

/// The email that tells an account's address the account is gone.
fn deleted_notice(to: &str, username: &str, links: i64) -> crate::email::Message {
    crate::email::Message {
        to: to.to_string(),
        subject: "Your Snip account is deleted".into(),
        body: format!(
            "Hello {username},\n\n\
             Your Snip account {username} was deleted, with your password, just now.\n\
             Its {links} short links no longer work, and everything of the account is being\n\
             removed from our records within the hour. The username stays reserved, so\n\
             nobody can take over links you shared; this address can be used for a new\n\
             account.\n\n\
             If you did not do this, someone else knew your password: use it nowhere else.\n"
        ),
    }
}

/// Account self-service: deleting the account (`links::purge` removes its links after).
impl<S: AccountStore + SessionStore + TokenStore + ResetStore + Clone + 'static> Accounts<S> {
    async fn delete_form(&self, request: &Request, now: i64) -> Result<Response<Body>> {
        let Some(current) = self.signed_in(request, now).await? else {
            return Ok(web::redirect("/accounts/login/?next=/accounts/delete/"));
        };
        let user = self.user_of(&current).await?;
        delete_page(request, StatusCode::OK, &user, &FormErrors::default())
    }

    /// Confirmed by the password (counted as a sign-in's is); then one transaction ends the
    /// account, and the browser is signed out.
    async fn delete(&self, request: &Request, now: i64) -> Result<Response<Body>> {
        let form: DeleteForm = forms::read(request)?;
        let Some(current) = self.signed_in(request, now).await? else {
            return Ok(web::redirect("/accounts/login/?next=/accounts/delete/"));
        };
        let mut errors = FormErrors::default();
        current_password_bounded(&form.password, "password", "Enter your password.", &mut errors);
        let user = if errors.is_empty() {
            match self
                .confirm_password(request, &current, &form.password, now)
                .await?
            {
                Ok(user) => Ok(user),
                Err((message, status)) => {
                    errors.add("password", message);
                    Err(status)
                }
            }
        } else {
            Err(StatusCode::BAD_REQUEST)
        };
        let user = match user {
            Ok(user) => user,
            Err(status) => {
                tracing::warn!(fields = ?errors.fields(), "account deletion refused");
                let shown = self.user_of(&current).await?;
                return delete_page(request, status, &shown, &errors);
            }
        };
        if !self.store.delete_user(&current.username_key, &user, now).await? {
            errors.general.push(
                "Your account changed elsewhere meanwhile (a sign-in or a change of password or email). Please try again."
                    .into(),
            );
            return delete_page(request, StatusCode::CONFLICT, &user, &errors);
        }
        tracing::info!(username = %user.username, links = user.link_count, "account deleted");
        // A notice to the address the account had, after the response: if this was not its
        // holder, they learn it from the one channel a thief of the session cannot silence.
        let mailer = self.mailer.clone();
        let notice = deleted_notice(&user.email, &user.username, user.link_count);
        self.after.defer(async move {
            if let Err(error) = mailer.send(&notice).await {
                tracing::error!(error = ?error, "account deletion notice not sent");
            }
        });
        let mut response = Flash::AccountDeleted.on(web::redirect("/"));
        // Its session item went with the account; the cookie goes now, and the CSRF token
        // is a new one, as at sign-out.
        let removal = crate::cookies::removal(crate::cookies::CookieName::Session);
        add_cookies(&mut response, [Some(removal), CsrfToken::fresh().cookie()])?;
        Ok(response)
    }
}

impl<S: AccountStore + SessionStore + TokenStore + ResetStore + Clone + 'static> Accounts<S> {
    async fn signed_in(&self, request: &Request, now: i64) -> Result<Option<CurrentUser>> {
        session::current_user(&self.store, request, now).await
    }

    /// The signed-in user's record; a 404 if the account is gone (deleted in another tab).
    async fn user_of(&self, current: &CurrentUser) -> Result<store::User> {
        self.store
            .find_user(&current.username_key)
            .await?
            .ok_or(Error::NotFound)
    }

    async fn tokens(&self, request: &Request, now: i64) -> Result<Response<Body>> {
        let Some(user) = self.signed_in(request, now).await? else {
            return Ok(web::redirect("/accounts/login/?next=/accounts/tokens/"));
        };
        self.tokens_page(
            request,
            &user,
            StatusCode::OK,
            None,
            &TokenFormInput::default(),
            &FormErrors::default(),
        )
        .await
    }

    /// The new token is shown on the page this POST answers, once: only its hash is kept.
    async fn create_token(&self, request: &Request, now: i64) -> Result<Response<Body>> {
        let form: NewTokenForm = forms::read(request)?;
        let Some(user) = self.signed_in(request, now).await? else {
            return Ok(web::redirect("/accounts/login/?next=/accounts/tokens/"));
        };
        let mut errors = FormErrors::default();
        let name = TokenName::parse(&form.name)
            .map_err(|e| errors.add("name", e))
            .ok();
        let scope = Scope::parse(&form.scope).map_err(|e| errors.add("scope", e)).ok();
        let input = TokenFormInput {
            name: form.name.clone(),
            scope: form.scope.clone(),
        };
        let (Some(name), Some(scope)) = (name, scope) else {
            return self
                .tokens_page(request, &user, StatusCode::BAD_REQUEST, None, &input, &errors)
                .await;
        };
        let secret = NewSecret::generate();
        let token = Token {
            id: Token::new_id(),
            name: name.as_str().to_string(),
            scope,
            created_at: now,
            last_used: None,
            prefix: secret.shown_prefix(),
        };
        let owner = TokenOwner {
            owner: user.username_key.clone(),
            username: user.username.clone(),
            id: token.id.clone(),
            scope,
        };
        match self.store.create_token(&owner, &token, &secret.hash()).await {
            Ok(()) => {}
            Err(CreateTokenError::LimitReached) => {
                errors.general.push(format!(
                    "You have {MAX_TOKENS_PER_USER} tokens, the most an account can have. Revoke one to make room."
                ));
                return self
                    .tokens_page(request, &user, StatusCode::BAD_REQUEST, None, &input, &errors)
                    .await;
            }
            Err(CreateTokenError::Other(error)) => return Err(error),
        }
        tracing::info!(username = %user.username, token_id = %token.id, scope = scope.as_str(), "API token created");
        self.tokens_page(
            request,
            &user,
            StatusCode::OK,
            Some(secret.expose()),
            &TokenFormInput::default(),
            &FormErrors::default(),
        )
        .await
    }

    async fn revoke_token(&self, request: &Request, now: i64, id: &str) -> Result<Response<Body>> {
        let _: TokenForm = forms::read(request)?;
        let Some(user) = self.signed_in(request, now).await? else {
            return Ok(web::redirect("/accounts/login/?next=/accounts/tokens/"));
        };
        // Ids are 16 hex characters: anything else names no token, and reaches no table.
        let well_formed = id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit());
        if !well_formed || !self.store.revoke_token(&user.username_key, id).await? {
            return Err(Error::NotFound);
        }
        tracing::info!(username = %user.username, token_id = id, "API token revoked");
        Ok(Flash::TokenRevoked.on(web::redirect("/accounts/tokens/")))
    }

    async fn tokens_page(
        &self,
        request: &Request,
        user: &CurrentUser,
        status: StatusCode,
        new_token: Option<&str>,
        form: &TokenFormInput,
        errors: &FormErrors,
    ) -> Result<Response<Body>> {
        let tokens: Vec<TokenRow> = self
            .store
            .list_tokens(&user.username_key)
            .await?
            .into_iter()
            .map(TokenRow::new)
            .collect();
        let full = tokens.len() >= MAX_TOKENS_PER_USER as usize;
        forms::page(request, status, |csrf| {
            TokensPage {
                user: Some(user.username.clone()),
                csrf,
                tokens: &tokens,
                new_token,
                form,
                errors,
                full,
                max_tokens: MAX_TOKENS_PER_USER,
                max_name: MAX_TOKEN_NAME_CHARS,
            }
            .render()
        })
    }
}

fn register_page(
    request: &Request,
    status: StatusCode,
    username: &str,
    email: &str,
    errors: &FormErrors,
) -> Result<Response<Body>> {
    forms::page(request, status, |csrf| {
        RegisterPage {
            user: None,
            csrf,
            username,
            email,
            errors,
        }
        .render()
    })
}

fn login_page(
    request: &Request,
    status: StatusCode,
    next: Option<&str>,
    username: &str,
    errors: &FormErrors,
) -> Result<Response<Body>> {
    forms::page(request, status, |csrf| {
        LoginPage {
            user: None,
            csrf,
            next: next.unwrap_or_default(),
            username,
            errors,
        }
        .render()
    })
}

/// `?next=` when it is a path on this site, never another site (`//host`, `/\host`, a URL
/// with a scheme) and nothing a browser would rewrite into one (backslashes, control
/// characters).
fn safe_next(request: &Request) -> Option<String> {
    let params = request.query_string_parameters();
    let next = params.first("next")?;
    // Visible ASCII only: anything else could not go into a `Location` header unencoded.
    let safe = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && next.bytes().all(|b| b.is_ascii_graphic())
        && next.len() <= 2048;
    safe.then(|| next.to_string())
}

form_with_token!(
    RegisterForm,
    LoginForm,
    NewTokenForm,
    PasswordChangeForm,
    EmailForm,
    ResetRequestForm,
    ResetForm,
    DeleteForm
);

#[derive(Deserialize)]
struct NewTokenForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    scope: String,
}

/// What the new-token form shows again after a refusal.
#[derive(Default)]
struct TokenFormInput {
    name: String,
    scope: String,
}

/// A token as the list shows it.
struct TokenRow {
    id: String,
    name: String,
    scope: &'static str,
    prefix: String,
    created: crate::Moment,
    /// `None`: never used.
    last_used: Option<crate::Moment>,
}

impl TokenRow {
    fn new(token: Token) -> Self {
        Self {
            created: crate::Moment::at(token.created_at),
            last_used: token.last_used.map(crate::Moment::at),
            scope: token.scope.as_str(),
            id: token.id,
            name: token.name,
            prefix: token.prefix,
        }
    }
}

#[derive(Template)]
#[template(path = "accounts/tokens.html")]
struct TokensPage<'a> {
    user: Option<String>,
    csrf: &'a str,
    tokens: &'a [TokenRow],
    new_token: Option<&'a str>,
    form: &'a TokenFormInput,
    errors: &'a FormErrors,
    full: bool,
    max_tokens: u32,
    max_name: usize,
}

#[derive(Deserialize)]
struct RegisterForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password1: String,
    #[serde(default)]
    password2: String,
}

#[derive(Deserialize)]
struct PasswordChangeForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    old_password: String,
    #[serde(default)]
    new_password1: String,
    #[serde(default)]
    new_password2: String,
}

#[derive(Deserialize)]
struct ResetRequestForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    email: String,
}

#[derive(Deserialize)]
struct ResetForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    new_password1: String,
    #[serde(default)]
    new_password2: String,
}

#[derive(Template)]
#[template(path = "accounts/password_reset.html")]
struct PasswordResetPage<'a> {
    user: Option<String>,
    csrf: &'a str,
    email: &'a str,
    errors: &'a FormErrors,
}

fn password_reset_page(
    request: &Request,
    status: StatusCode,
    email: &str,
    errors: &FormErrors,
) -> Result<Response<Body>> {
    forms::page(request, status, |csrf| {
        PasswordResetPage {
            user: None,
            csrf,
            email,
            errors,
        }
        .render()
    })
}

#[derive(Template)]
#[template(path = "accounts/password_reset_done.html")]
struct PasswordResetDonePage {
    user: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/reset_invalid.html")]
struct ResetInvalidPage {
    user: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
struct ResetPage<'a> {
    user: Option<String>,
    csrf: &'a str,
    token: &'a str,
    errors: &'a FormErrors,
}

fn reset_page(
    request: &Request,
    status: StatusCode,
    token: &str,
    errors: &FormErrors,
) -> Result<Response<Body>> {
    forms::page(request, status, |csrf| {
        ResetPage {
            user: None,
            csrf,
            token,
            errors,
        }
        .render()
    })
}

#[derive(Deserialize)]
struct EmailForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

#[derive(Deserialize)]
struct DeleteForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    password: String,
}

#[derive(Template)]
#[template(path = "accounts/delete.html")]
struct DeletePage<'a> {
    user: Option<String>,
    csrf: &'a str,
    username: &'a str,
    link_count: i64,
    errors: &'a FormErrors,
}

fn delete_page(
    request: &Request,
    status: StatusCode,
    user: &store::User,
    errors: &FormErrors,
) -> Result<Response<Body>> {
    forms::page(request, status, |csrf| {
        DeletePage {
            user: Some(user.username.clone()),
            csrf,
            username: &user.username,
            link_count: user.link_count,
            errors,
        }
        .render()
    })
}

#[derive(Template)]
#[template(path = "accounts/email.html")]
struct EmailPage<'a> {
    user: Option<String>,
    csrf: &'a str,
    email: &'a str,
    errors: &'a FormErrors,
}

fn email_page(
    request: &Request,
    status: StatusCode,
    username: &str,
    email: &str,
    errors: &FormErrors,
) -> Result<Response<Body>> {
    forms::page(request, status, |csrf| {
        EmailPage {
            user: Some(username.to_string()),
            csrf,
            email,
            errors,
        }
        .render()
    })
}

#[derive(Template)]
#[template(path = "accounts/password_change.html")]
struct PasswordChangePage<'a> {
    user: Option<String>,
    csrf: &'a str,
    errors: &'a FormErrors,
}

fn password_change_page(
    request: &Request,
    status: StatusCode,
    username: &str,
    errors: &FormErrors,
) -> Result<Response<Body>> {
    forms::page(request, status, |csrf| {
        PasswordChangePage {
            user: Some(username.to_string()),
            csrf,
            errors,
        }
        .render()
    })
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

#[derive(Template)]
#[template(path = "accounts/register.html")]
struct RegisterPage<'a> {
    user: Option<String>,
    csrf: &'a str,
    username: &'a str,
    email: &'a str,
    errors: &'a FormErrors,
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage<'a> {
    user: Option<String>,
    csrf: &'a str,
    next: &'a str,
    username: &'a str,
    errors: &'a FormErrors,
}

#[derive(Template)]
#[template(path = "accounts/logout.html")]
struct LogoutPage<'a> {
    user: Option<String>,
    csrf: &'a str,
}

#[derive(Template)]
#[template(path = "accounts/profile.html")]
struct ProfilePage<'a> {
    user: Option<String>,
    username: &'a str,
    email: &'a str,
    /// A `<time datetime>`, shown in the reader's zone by the site's script.
    joined: crate::Moment,
    link_count: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_next(next: &str) -> Option<String> {
        let request = lambda_http::http::Request::builder()
            .uri(format!("/accounts/login/?next={next}"))
            .body(Body::Empty)
            .unwrap();
        let query = request.uri().query().unwrap_or_default().to_string();
        let params: lambda_http::aws_lambda_events::query_map::QueryMap = query.parse().unwrap();
        safe_next(&request.with_query_string_parameters(params))
    }

    #[test]
    fn next_accepts_local_paths_only() {
        assert_eq!(
            with_next("/accounts/profile/").as_deref(),
            Some("/accounts/profile/")
        );
        assert_eq!(with_next("/caf%C3%A9"), None, "non-ASCII");
        for attack in [
            "//evil.com",
            "https://evil.com",
            "/\\evil.com",
            "%2F%2Fevil.com",
            "/%09/evil.com",
            "javascript:alert(1)",
        ] {
            assert_eq!(with_next(attack), None, "{attack}");
        }
    }
}
