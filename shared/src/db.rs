//! All DynamoDB access. One table holds every item type (see "Data model" in the README);
//! its key schema, indexes and TTL attribute are defined once, in `template.yaml`, and the
//! local table is created from that same definition (`cargo xtask create-table`).
//!
//! The SDK finds DynamoDB Local the SDK's own way (`AWS_ENDPOINT_URL_DYNAMODB`), so there is
//! no endpoint special case here; the click path's requests (`wire`) resolve it by the SDK's
//! rules too.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use aws_config::stalled_stream_protection::StalledStreamProtectionConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::operation::update_item::builders::UpdateItemFluentBuilder;
use aws_sdk_dynamodb::types::builders::{PutBuilder, TransactWriteItemBuilder, UpdateBuilder};
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem, Update};
use aws_smithy_http_client::tls;

use crate::config::Config;
use crate::error::{BoxError, Error};
use crate::health::DatabaseProbe;

mod accounts;
mod api;
mod items;
pub mod keys;
mod links;
mod purge;
mod retry;
mod tokens;
mod wire;

use items::Attributes;

pub use links::COUNTER_SHARDS;

/// Partition and sort key attribute names.
pub const PK: &str = "pk";
pub const SK: &str = "sk";

/// Key of the item health checks read (under [`keys::HEALTH`]). It never needs to exist: a
/// `GetItem` that finds nothing still proves the table answers.
fn health_sentinel() -> String {
    format!("{}sentinel", keys::HEALTH)
}

/// Handle to the app's table: the SDK's client, and the click path's own connection
/// ([`wire`]). Cloning is cheap (both are reference-counted).
#[derive(Debug, Clone)]
pub struct Table {
    client: Client,
    wire: Arc<wire::Wire>,
    name: String,
}

impl Table {
    /// Loads the SDK configuration (region, credentials, endpoint) from the environment.
    /// Done once per cold start; a configuration the hot path cannot use (no region, an
    /// endpoint that does not parse) fails init, as `Config::from_env` does.
    pub async fn connect(config: &Config) -> Result<Self, BoxError> {
        Self::with_sdk(&load_sdk(config).await, config)
    }

    /// [`connect`](Self::connect) on an SDK configuration the function also gives its other
    /// clients (the accounts function's email): loaded once.
    pub fn with_sdk(sdk: &SdkConfig, config: &Config) -> Result<Self, BoxError> {
        Self::from_sdk(sdk, &config.table_name, config.tls_native_roots).inspect_err(|error| {
            tracing::error!(error = %error, "DynamoDB configuration refused: the function cannot start");
        })
    }

    /// A handle from an SDK configuration loaded by the caller (tools and tests start from
    /// [`sdk_loader`]).
    pub fn from_sdk(sdk: &SdkConfig, name: impl Into<String>, native_roots: bool) -> Result<Self, BoxError> {
        Ok(Self {
            client: Client::new(sdk),
            wire: Arc::new(wire::Wire::new(sdk, tls_context(native_roots))?),
            name: name.into(),
        })
    }

    /// [`connect`](Self::connect), then one cheap read, so that the connection (TLS in AWS)
    /// and the credentials are ready before the first request instead of during it. A failure
    /// is only logged: requests will connect again.
    pub async fn connect_warm(config: &Config) -> Result<Self, BoxError> {
        let table = Self::connect(config).await?;
        if let Err(error) = table.probe().await {
            tracing::warn!(error = %error, "DynamoDB not reachable at start-up");
        }
        Ok(table)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// One item by its key, strongly consistent (what was just written is seen), as its
    /// struct (`db::items`).
    pub(crate) async fn get<T: serde::de::DeserializeOwned>(
        &self,
        key: Attributes,
    ) -> crate::Result<Option<T>> {
        self.get_item(key).await?.map(items::from_item).transpose()
    }

    /// One item by its key, strongly consistent, as it is stored.
    pub(crate) async fn get_item(&self, key: Attributes) -> crate::Result<Option<Attributes>> {
        let output = self
            .client
            .get_item()
            .table_name(self.name())
            .set_key(Some(key))
            .consistent_read(true)
            .send()
            .await?;
        Ok(output.item)
    }

    /// Every item a query finds, all its pages read (the SDK's paginator), as `T`.
    pub(crate) async fn all_pages<T: serde::de::DeserializeOwned>(
        &self,
        query: aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder,
    ) -> crate::Result<Vec<T>> {
        let items = query.into_paginator().items().send().try_collect().await?;
        items.into_iter().map(items::from_item).collect()
    }

    /// An `UpdateItem` of the item with this key, for the caller to give its expressions.
    pub(crate) fn update(&self, key: Attributes) -> UpdateItemFluentBuilder {
        self.client
            .update_item()
            .table_name(self.name())
            .set_key(Some(key))
    }

    /// Deletes the item with this key, if there is one.
    pub(crate) async fn delete(&self, key: Attributes) -> crate::Result<()> {
        self.client
            .delete_item()
            .table_name(self.name())
            .set_key(Some(key))
            .send()
            .await?;
        Ok(())
    }
}

// Inside Lambda, DynamoDB answers in milliseconds; these bounds only matter when it does not,
// so that a request fails fast instead of hanging until the function times out. The SDK's
// client and the click path's connection (`wire`) both keep them.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(2);
const OPERATION_TIMEOUT: Duration = Duration::from_secs(5);

/// The SDK configuration loader the tools and tests start from (`cargo xtask`): the functions'
/// own, trusting the Amazon roots only.
/// The SDK configuration every client of a function is built from ([`sdk_loader_with`]).
pub async fn load_sdk(config: &Config) -> SdkConfig {
    sdk_loader_with(config.tls_native_roots).load().await
}

pub fn sdk_loader() -> aws_config::ConfigLoader {
    sdk_loader_with(false)
}

/// The SDK configuration loader every client starts from: region, credentials and endpoint
/// from the environment, as the SDK reads them, with the HTTP client and the timeouts of this
/// app; `native_roots` is `Config::tls_native_roots`.
fn sdk_loader_with(native_roots: bool) -> aws_config::ConfigLoader {
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .operation_attempt_timeout(ATTEMPT_TIMEOUT)
        .operation_timeout(OPERATION_TIMEOUT)
        .build();
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::Ring))
        .tls_context(tls_context(native_roots))
        .build_https();
    aws_config::defaults(BehaviorVersion::latest())
        .http_client(http)
        .timeout_config(timeouts)
        // Per-request work for nothing this table needs (BENCHMARKS.md, "Cutting a click's
        // CPU"): stalled-stream protection wraps every body in a throughput monitor with its
        // own timers, for streams that are a few hundred bytes and already bounded by the
        // attempt timeout above; clock-skew correction parses every response's `Date` for
        // clocks that Lambda keeps in sync.
        .stalled_stream_protection(StalledStreamProtectionConfig::disabled())
        .disable_clock_skew_correction(true)
}

/// AWS endpoints only present certificates from Amazon Trust Services, so the client trusts
/// those roots and nothing else: no other CA in the system store can vouch for a fake
/// DynamoDB, and start-up skips reading and parsing the whole store (about 2 ms of every
/// cold start, BENCHMARKS.md). `TLS_NATIVE_ROOTS=true` adds the system store back, for a
/// network that re-signs TLS.
const AWS_ROOTS: &[u8] = include_bytes!("../data/amazon-trust-services.pem");

fn tls_context(native_roots: bool) -> tls::TlsContext {
    let store = tls::TrustStore::empty()
        .with_native_roots(native_roots)
        .with_pem_certificate(AWS_ROOTS);
    tls::TlsContext::builder()
        .with_trust_store(store)
        .build()
        .expect("the embedded Amazon Trust Services roots are valid PEM")
}

impl DatabaseProbe for Table {
    /// An eventually consistent `GetItem`: a data-plane read costing half a read unit, unlike
    /// `DescribeTable`, which is a throttled control-plane call.
    async fn probe(&self) -> Result<(), BoxError> {
        let read = wire::GetItem {
            table_name: &self.name,
            key: wire::item(items::key(health_sentinel(), &health_sentinel())),
            consistent_read: false,
            projection_expression: "#pk",
            expression_attribute_names: HashMap::from([("#pk", PK)]),
        };
        self.wire.get_item(&read).await.map(drop).map_err(Into::into)
    }
}

/// A `TransactWriteItems` being put together, and what each failed condition in it means:
/// the one place a cancelled transaction becomes an answer. `E` is the caller's outcome for
/// a failed condition (`CreateLinkError::SlugTaken`, ...); a cancellation no meaning covers
/// is a 500 with the reasons logged.
pub(crate) struct Transaction<E> {
    table: String,
    writes: Vec<TransactWriteItem>,
    /// (write index, meaning), checked in the order they were given: write first the item
    /// whose failure should be the answer when several fail.
    meanings: Vec<(usize, E)>,
}

/// DynamoDB's most writes in one `TransactWriteItems`.
pub(crate) const MAX_TRANSACTION_WRITES: usize = 100;

impl<E> Transaction<E> {
    pub(crate) fn new(table: &Table) -> Self {
        Self {
            table: table.name().to_string(),
            writes: Vec::new(),
            meanings: Vec::new(),
        }
    }

    /// Writes `item` unconditionally.
    pub(crate) fn put(&mut self, item: Attributes) -> crate::Result<()> {
        let put = Put::builder().table_name(&self.table).set_item(Some(item));
        self.push(
            TransactWriteItem::builder().put(put.build().map_err(Error::internal)?),
            None,
        );
        Ok(())
    }

    /// Writes `item` only if no item has its key yet; if one has, the transaction means `taken`.
    pub(crate) fn put_new(&mut self, item: Attributes, taken: E) -> crate::Result<()> {
        let put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(#pk)")
            .expression_attribute_names("#pk", PK);
        self.push(
            TransactWriteItem::builder().put(put.build().map_err(Error::internal)?),
            Some(taken),
        );
        Ok(())
    }

    /// Writes `item` (replacing the whole item) if the caller's condition holds; if it does
    /// not, the transaction means `refused`.
    pub(crate) fn put_if(
        &mut self,
        item: Attributes,
        condition: impl FnOnce(PutBuilder) -> PutBuilder,
        refused: E,
    ) -> crate::Result<()> {
        let put = condition(Put::builder().table_name(&self.table).set_item(Some(item)));
        self.push(
            TransactWriteItem::builder().put(put.build().map_err(Error::internal)?),
            Some(refused),
        );
        Ok(())
    }

    /// Deletes the item with this key, if there is one.
    pub(crate) fn delete(&mut self, key: Attributes) -> crate::Result<()> {
        let delete = Delete::builder().table_name(&self.table).set_key(Some(key));
        self.push(
            TransactWriteItem::builder().delete(delete.build().map_err(Error::internal)?),
            None,
        );
        Ok(())
    }

    /// Writes in it so far (DynamoDB takes at most [`MAX_TRANSACTION_WRITES`]).
    pub(crate) fn len(&self) -> usize {
        self.writes.len()
    }

    /// Deletes the item with this key; if there is none, the transaction means `missing`.
    pub(crate) fn delete_existing(&mut self, key: Attributes, missing: E) -> crate::Result<()> {
        let delete = Delete::builder()
            .table_name(&self.table)
            .set_key(Some(key))
            .condition_expression("attribute_exists(#pk)")
            .expression_attribute_names("#pk", PK);
        self.push(
            TransactWriteItem::builder().delete(delete.build().map_err(Error::internal)?),
            Some(missing),
        );
        Ok(())
    }

    /// An update built by the caller (`update` is given this transaction's table); if its
    /// condition fails, the transaction means `refused`.
    pub(crate) fn update(
        &mut self,
        update: impl FnOnce(UpdateBuilder) -> UpdateBuilder,
        refused: E,
    ) -> crate::Result<()> {
        let update = update(Update::builder().table_name(&self.table));
        self.push(
            TransactWriteItem::builder().update(update.build().map_err(Error::internal)?),
            Some(refused),
        );
        Ok(())
    }

    /// One more write, and what its failed condition means, if it has one.
    fn push(&mut self, write: TransactWriteItemBuilder, meaning: Option<E>) {
        if let Some(meaning) = meaning {
            self.meanings.push((self.writes.len(), meaning));
        }
        self.writes.push(write.build());
    }

    /// The meaning of the first failed condition, in order; a 500 if none applies.
    fn meaning(self, reasons: &[Option<String>]) -> crate::Result<E> {
        let failed = |index: usize| {
            reasons
                .get(index)
                .is_some_and(|r| r.as_deref() == Some("ConditionalCheckFailed"))
        };
        self.meanings
            .into_iter()
            .find(|(index, _)| failed(*index))
            .map(|(_, meaning)| meaning)
            .ok_or_else(|| Error::internal(format!("transaction cancelled: {reasons:?}")))
    }
}

impl Table {
    /// Runs a [`Transaction`]. `Ok(Err(meaning))`: a condition failed. Two writers touching
    /// the same item at the same moment make DynamoDB cancel one with `TransactionConflict`;
    /// that one is retried (with jitter: a busy link's clicks touch its counters all the
    /// time), and then sees the winner's writes. One client request token for every attempt
    /// makes a retry of a transaction that did go through a no-op instead of a failed
    /// condition. Still conflicting, or throttled: 503.
    pub(crate) async fn transact<E>(&self, transaction: Transaction<E>) -> crate::Result<Result<(), E>> {
        let token = crate::random_hex(16);
        let mut attempts = retry::Attempts::new(8);
        while attempts.next().await {
            let outcome = self
                .client
                .transact_write_items()
                .set_transact_items(Some(transaction.writes.clone()))
                .client_request_token(&token)
                .send()
                .await;
            let Err(error) = outcome else { return Ok(Ok(())) };
            let reasons: Vec<Option<String>> = match error.as_service_error() {
                Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) => cancelled
                    .cancellation_reasons()
                    .iter()
                    .map(|r| r.code().map(str::to_string))
                    .collect(),
                _ => return Err(error.into()),
            };
            let any = |code: &str| reasons.iter().any(|r| r.as_deref() == Some(code));
            if any("TransactionConflict") || any("ThrottlingError") {
                continue;
            }
            if !any("ConditionalCheckFailed") {
                return Err(error.into());
            }
            return transaction.meaning(&reasons).map(Err);
        }
        Err(Error::Unavailable(
            "transaction still conflicting or throttled after retries".into(),
        ))
    }
}

// Attribute helpers for the per-domain modules.

pub(crate) fn s(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

pub(crate) fn n(value: impl ToString) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

/// Error codes after which the same request may succeed later: DynamoDB shedding load, or
/// (`TransactionInProgressException`) a retried transaction whose first attempt is still
/// running. `IdempotentParameterMismatchException` is not here: a token reused with other
/// items is a bug, a 500 with its details logged.
const TRANSIENT_CODES: [&str; 5] = [
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "LimitExceededException",
    "TransactionInProgressException",
];

/// The outcome of a conditional write whose failed condition means "nothing to do" (the item
/// is gone, or a newer write got there first) rather than an error.
pub(crate) fn unless_condition_failed<T, E, R>(outcome: Result<T, SdkError<E, R>>) -> crate::Result<()>
where
    E: std::error::Error + ProvideErrorMetadata + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    match outcome {
        Err(error) if error.code() != Some("ConditionalCheckFailedException") => Err(error.into()),
        _ => Ok(()),
    }
}

/// Any DynamoDB call failing inside a handler: a database that cannot be reached, does not
/// answer in time or is throttling is a 503 (worth retrying); anything else is a bug or a
/// misconfiguration, a 500. Either way the details stay in the logs.
impl<E, R> From<SdkError<E, R>> for Error
where
    E: std::error::Error + ProvideErrorMetadata + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    fn from(error: SdkError<E, R>) -> Self {
        let transient = match &error {
            SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) => true,
            SdkError::ServiceError(service) => service
                .err()
                .code()
                .is_some_and(|code| TRANSIENT_CODES.contains(&code)),
            _ => false,
        };
        let source: BoxError = DisplayErrorContext(error).to_string().into();
        if transient {
            Error::Unavailable(source)
        } else {
            Error::Internal(source)
        }
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_dynamodb::operation::get_item::GetItemError;
    use aws_sdk_dynamodb::types::error::ProvisionedThroughputExceededException;
    use aws_smithy_runtime_api::http::{Response, StatusCode};
    use aws_smithy_types::body::SdkBody;

    use super::*;

    fn service_error(error: GetItemError) -> SdkError<GetItemError, Response> {
        SdkError::service_error(
            error,
            Response::new(StatusCode::try_from(400).unwrap(), SdkBody::empty()),
        )
    }

    #[test]
    fn the_client_trusts_the_five_amazon_roots() {
        let pem = std::str::from_utf8(AWS_ROOTS).unwrap();
        assert_eq!(pem.matches("-----BEGIN CERTIFICATE-----").count(), 5);
        let _ = tls_context(false);
    }

    #[test]
    fn unreachable_or_throttled_database_is_a_503_and_anything_else_a_500() {
        let timeout: SdkError<GetItemError, Response> = SdkError::timeout_error("attempt timed out");
        assert!(matches!(Error::from(timeout), Error::Unavailable(_)));

        let throttled = GetItemError::ProvisionedThroughputExceededException(
            ProvisionedThroughputExceededException::builder()
                .message("slow down")
                .meta(
                    aws_sdk_dynamodb::error::ErrorMetadata::builder()
                        .code("ProvisionedThroughputExceededException")
                        .build(),
                )
                .build(),
        );
        assert!(matches!(
            Error::from(service_error(throttled)),
            Error::Unavailable(_)
        ));

        let denied = GetItemError::generic(
            aws_sdk_dynamodb::error::ErrorMetadata::builder()
                .code("AccessDeniedException")
                .build(),
        );
        assert!(matches!(Error::from(service_error(denied)), Error::Internal(_)));
    }

    #[test]
    fn a_transaction_still_in_progress_is_a_503_and_a_reused_token_a_500() {
        use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
        let with_code = |code: &str| {
            let error = TransactWriteItemsError::generic(
                aws_sdk_dynamodb::error::ErrorMetadata::builder()
                    .code(code)
                    .build(),
            );
            Error::from(SdkError::service_error(
                error,
                Response::new(StatusCode::try_from(400).unwrap(), SdkBody::empty()),
            ))
        };
        assert!(matches!(
            with_code("TransactionInProgressException"),
            Error::Unavailable(_)
        ));
        assert!(matches!(
            with_code("IdempotentParameterMismatchException"),
            Error::Internal(_)
        ));
    }
}
