//! The click path's requests (the redirect's read, the counter's and the day aggregate's
//! `UpdateItem`, the visit's and the visitor marker's `PutItem`, the day key), the link page's
//! day queries and the health probe, sent on DynamoDB's JSON protocol without the SDK's
//! orchestrator. Everything else in `db` goes through `aws-sdk-dynamodb`.
//!
//! Why: a DynamoDB request through the SDK costs about twice the CPU of the same request
//! signed and sent directly (BENCHMARKS.md, "The SDK's share, measured"): the SDK layers its
//! configuration, runs its interceptors and formats its user-agent headers again for every
//! request, and no setting reaches that. At 128–256 MB Lambda bills and throttles that CPU
//! on every click. What is kept of the SDK is what matters: its signer (`aws-sigv4`), its
//! credentials chain, its endpoint rules and its HTTP connector (hyper, rustls on ring, the
//! same trust store and timeouts). What this module does itself is small and written once
//! here: the JSON of six request shapes, the error code of a refusal, and a retry of what
//! DynamoDB says may be tried again.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_sdk_dynamodb::config::endpoint::{DefaultResolver, Params, ResolveEndpoint};
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_async::rt::sleep::TokioSleep;
use aws_smithy_http_client::{Connector, tls};
use aws_smithy_runtime_api::client::http::{HttpConnector, HttpConnectorSettings};
use aws_smithy_runtime_api::client::identity::Identity;
use aws_smithy_runtime_api::http::Request as HttpRequest;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;
use aws_types::SdkConfig;
use aws_types::service_config::ServiceConfigKey;
use lambda_http::http;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_dynamo::Item;

use super::items::Attributes;
use super::{ATTEMPT_TIMEOUT, CONNECT_TIMEOUT, OPERATION_TIMEOUT, TRANSIENT_CODES, retry};
use crate::error::{BoxError, Error};

/// Attempts per request, as the SDK's standard retry mode makes them.
const MAX_ATTEMPTS: u32 = 3;
/// Credentials are fetched again this long before they expire (Lambda's never do: they come
/// from the environment and last as long as the sandbox).
const CREDENTIALS_REFRESH: Duration = Duration::from_secs(5 * 60);
/// DynamoDB's JSON protocol version, in every `X-Amz-Target`.
const TARGET_PREFIX: &str = "DynamoDB_20120810.";

/// A connection to DynamoDB for the hot path. One per [`Table`](super::Table), made at init.
pub(crate) struct Wire {
    connector: Connector,
    /// The resolved endpoint (`https://dynamodb.<region>.amazonaws.com`, or
    /// `AWS_ENDPOINT_URL_DYNAMODB` locally).
    endpoint: http::Uri,
    region: String,
    credentials: Option<SharedCredentialsProvider>,
    /// The last credentials, and when to fetch new ones.
    identity: Mutex<Option<(Identity, Option<SystemTime>)>>,
}

impl std::fmt::Debug for Wire {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wire")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

impl Wire {
    /// From the SDK configuration the rest of `db` uses: the same region, credentials chain and
    /// endpoint (the SDK's own rules, with `AWS_ENDPOINT_URL_DYNAMODB` or `AWS_ENDPOINT_URL`
    /// read as the SDK reads them).
    pub(crate) fn new(sdk: &SdkConfig, tls_context: tls::TlsContext) -> Result<Self, BoxError> {
        let region = sdk
            .region()
            .map(|r| r.to_string())
            .ok_or("no AWS region is configured")?;
        let key = ServiceConfigKey::builder()
            .service_id("DynamoDB")
            .env("AWS_ENDPOINT_URL")
            .profile("endpoint_url")
            .build()?;
        let endpoint_url = sdk
            .service_config()
            .and_then(|config| config.load_config(key))
            .or_else(|| sdk.endpoint_url().map(str::to_string));
        let params = Params::builder()
            .region(&region)
            .set_endpoint(endpoint_url)
            .set_use_fips(sdk.use_fips())
            .set_use_dual_stack(sdk.use_dual_stack())
            .build()?;
        // The rules are evaluated at once; the future is only the trait's shape.
        let endpoint =
            futures_util::FutureExt::now_or_never(DefaultResolver::new().resolve_endpoint(&params))
                .ok_or("the endpoint rules did not resolve at once")??;
        let endpoint: http::Uri = endpoint.url().parse()?;
        let settings = HttpConnectorSettings::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(ATTEMPT_TIMEOUT)
            .build();
        let connector = Connector::builder()
            .connector_settings(settings)
            .sleep_impl(TokioSleep::new())
            .tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::Ring))
            .tls_context(tls_context)
            .build();
        Ok(Self {
            connector,
            endpoint,
            region,
            credentials: sdk.credentials_provider(),
            identity: Mutex::new(None),
        })
    }

    /// One item, or `None`.
    pub(crate) async fn get_item(&self, input: &GetItem<'_>) -> Result<Option<Item>, Failure> {
        #[derive(Deserialize)]
        struct Output {
            #[serde(rename = "Item")]
            item: Option<Item>,
        }
        let output: Output = self.call("GetItem", input).await?;
        Ok(output.item)
    }

    /// Up to 100 items of one table in one request; what DynamoDB left unprocessed (under
    /// load) is returned for the caller to decide about.
    pub(crate) async fn batch_get_item(&self, input: &BatchGetItem<'_>) -> Result<BatchGot, Failure> {
        #[derive(Deserialize)]
        struct Output {
            #[serde(rename = "Responses", default)]
            responses: HashMap<String, Vec<Item>>,
            #[serde(rename = "UnprocessedKeys", default)]
            unprocessed: HashMap<String, Unprocessed>,
        }
        #[derive(Deserialize)]
        struct Unprocessed {
            #[serde(rename = "Keys", default)]
            keys: Vec<Item>,
        }
        let mut output: Output = self.call("BatchGetItem", input).await?;
        Ok(BatchGot {
            items: output.responses.remove(input.table_name).unwrap_or_default(),
            unprocessed: output
                .unprocessed
                .remove(input.table_name)
                .map(|u| u.keys)
                .unwrap_or_default(),
        })
    }

    /// One page of a query: its items, and where the next page starts, if there is one.
    pub(crate) async fn query(&self, input: &Query<'_>) -> Result<(Vec<Item>, Option<Item>), Failure> {
        #[derive(Deserialize)]
        struct Output {
            #[serde(rename = "Items", default)]
            items: Vec<Item>,
            #[serde(rename = "LastEvaluatedKey")]
            last: Option<Item>,
        }
        let output: Output = self.call("Query", input).await?;
        Ok((output.items, output.last))
    }

    pub(crate) async fn update_item(&self, input: &UpdateItem<'_>) -> Result<(), Failure> {
        self.call::<serde::de::IgnoredAny>("UpdateItem", input)
            .await
            .map(drop)
    }

    pub(crate) async fn put_item(&self, input: &PutItem<'_>) -> Result<(), Failure> {
        self.call::<serde::de::IgnoredAny>("PutItem", input)
            .await
            .map(drop)
    }

    /// Sends `operation`, retrying what may succeed later, within the operation timeout.
    async fn call<T: DeserializeOwned>(&self, operation: &str, input: &impl Serialize) -> Result<T, Failure> {
        let body = serde_json::to_vec(input).map_err(|e| Failure::internal(operation, e.to_string()))?;
        let attempts = async {
            let mut attempts = retry::Attempts::new(MAX_ATTEMPTS);
            let mut last = None;
            while attempts.next().await {
                match self.attempt(operation, &body).await {
                    Ok(bytes) => {
                        return serde_json::from_slice(&bytes)
                            .map_err(|e| Failure::internal(operation, format!("unreadable response: {e}")));
                    }
                    Err(failure) if failure.transient => last = Some(failure),
                    Err(failure) => return Err(failure),
                }
            }
            Err(last.unwrap_or_else(|| Failure::internal(operation, "no attempt made".into())))
        };
        tokio::time::timeout(OPERATION_TIMEOUT, attempts)
            .await
            .unwrap_or_else(|_| Err(Failure::unavailable(operation, "operation timed out".into())))
    }

    /// One signed request; the response body when DynamoDB answered 200.
    async fn attempt(&self, operation: &str, body: &[u8]) -> Result<Vec<u8>, Failure> {
        let identity = self
            .identity()
            .await
            .map_err(|e| Failure::internal(operation, e))?;
        let mut request = http::Request::post(&self.endpoint)
            .header(http::header::CONTENT_TYPE, "application/x-amz-json-1.0")
            .header("x-amz-target", format!("{TARGET_PREFIX}{operation}"))
            .header(http::header::CONTENT_LENGTH, body.len())
            .body(SdkBody::from(body.to_vec()))
            .map_err(|e| Failure::internal(operation, e.to_string()))?;
        self.sign(&mut request, body, &identity)
            .map_err(|e| Failure::internal(operation, format!("signing: {e}")))?;
        let request =
            HttpRequest::try_from(request).map_err(|e| Failure::internal(operation, e.to_string()))?;
        let response = tokio::time::timeout(ATTEMPT_TIMEOUT, self.connector.call(request))
            .await
            .map_err(|_| Failure::unavailable(operation, "attempt timed out".into()))?
            .map_err(|e| Failure::unavailable(operation, format!("dispatch: {e}")))?;
        let status = response.status().as_u16();
        let bytes = ByteStream::new(response.into_body())
            .collect()
            .await
            .map_err(|e| Failure::unavailable(operation, format!("reading the response: {e}")))?
            .to_vec();
        if status == 200 {
            Ok(bytes)
        } else {
            Err(Failure::refused(operation, status, &bytes))
        }
    }

    fn sign(
        &self,
        request: &mut http::Request<SdkBody>,
        body: &[u8],
        identity: &Identity,
    ) -> Result<(), BoxError> {
        let headers = request
            .headers()
            .iter()
            .map(|(name, value)| Ok((name.as_str(), value.to_str()?)))
            .collect::<Result<Vec<_>, http::header::ToStrError>>()?;
        let signable = SignableRequest::new(
            "POST",
            request.uri().to_string(),
            headers.into_iter(),
            SignableBody::Bytes(body),
        )?;
        let params = v4::SigningParams::builder()
            .identity(identity)
            .region(&self.region)
            .name("dynamodb")
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()?
            .into();
        let (instructions, _signature) = sign(signable, &params)?.into_parts();
        instructions.apply_to_request_http1x(request);
        Ok(())
    }

    /// The cached credentials, fetched again shortly before they expire.
    async fn identity(&self) -> Result<Identity, String> {
        let fresh = |expiry: &Option<SystemTime>| {
            expiry.is_none_or(|at| SystemTime::now() + CREDENTIALS_REFRESH < at)
        };
        if let Some((identity, expiry)) = &*self.identity.lock().expect("credentials lock")
            && fresh(expiry)
        {
            return Ok(identity.clone());
        }
        let provider = self
            .credentials
            .as_ref()
            .ok_or("no AWS credentials are configured")?;
        let credentials = provider
            .provide_credentials()
            .await
            .map_err(|e| format!("credentials: {}", aws_sdk_dynamodb::error::DisplayErrorContext(e)))?;
        let expiry = credentials.expiry();
        let identity = Identity::from(credentials);
        *self.identity.lock().expect("credentials lock") = Some((identity.clone(), expiry));
        Ok(identity)
    }
}

/// Expression attribute names (`#name` → name) and values (`:value` → value).
pub(crate) type Names<'a> = HashMap<&'a str, &'a str>;
pub(crate) type Values<'a> = HashMap<&'a str, serde_dynamo::AttributeValue>;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct GetItem<'a> {
    pub table_name: &'a str,
    pub key: Item,
    pub consistent_read: bool,
    pub projection_expression: &'a str,
    /// DynamoDB refuses an empty map: left out when there are none.
    #[serde(skip_serializing_if = "HashMap::is_empty")]
    pub expression_attribute_names: Names<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct UpdateItem<'a> {
    pub table_name: &'a str,
    pub key: Item,
    pub update_expression: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition_expression: Option<&'a str>,
    #[serde(skip_serializing_if = "HashMap::is_empty")]
    pub expression_attribute_names: Names<'a>,
    pub expression_attribute_values: Values<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct PutItem<'a> {
    pub table_name: &'a str,
    pub item: Item,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition_expression: Option<&'a str>,
    #[serde(skip_serializing_if = "HashMap::is_empty")]
    pub expression_attribute_names: Names<'a>,
    #[serde(skip_serializing_if = "HashMap::is_empty")]
    pub expression_attribute_values: Values<'a>,
}

impl<'a> PutItem<'a> {
    /// Writes (or overwrites) `item`, unconditionally.
    pub(crate) fn new(table_name: &'a str, item: Item) -> Self {
        Self {
            table_name,
            item,
            condition_expression: None,
            expression_attribute_names: HashMap::new(),
            expression_attribute_values: HashMap::new(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Query<'a> {
    pub table_name: &'a str,
    pub key_condition_expression: &'a str,
    pub expression_attribute_names: Names<'a>,
    pub expression_attribute_values: Values<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclusive_start_key: Option<Item>,
}

/// `BatchGetItem` of one table: `{"RequestItems": {<table>: {"Keys": [...], ...}}}`.
pub(crate) struct BatchGetItem<'a> {
    pub table_name: &'a str,
    pub keys: Vec<Item>,
    pub consistent_read: bool,
    pub projection_expression: &'a str,
}

impl Serialize for BatchGetItem<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Request<'b> {
            keys: &'b [Item],
            consistent_read: bool,
            projection_expression: &'b str,
        }
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Outer<'b> {
            request_items: HashMap<&'b str, Request<'b>>,
        }
        Outer {
            request_items: HashMap::from([(
                self.table_name,
                Request {
                    keys: &self.keys,
                    consistent_read: self.consistent_read,
                    projection_expression: self.projection_expression,
                },
            )]),
        }
        .serialize(serializer)
    }
}

/// What a [`BatchGetItem`] found, in no particular order, and the keys it left unread.
pub(crate) struct BatchGot {
    pub items: Vec<Item>,
    pub unprocessed: Vec<Item>,
}

/// A number and a string for a wire request's values (`db::n` and `db::s` are the SDK's).
pub(crate) fn n(value: i64) -> serde_dynamo::AttributeValue {
    serde_dynamo::AttributeValue::N(value.to_string())
}

pub(crate) fn s(value: impl Into<String>) -> serde_dynamo::AttributeValue {
    serde_dynamo::AttributeValue::S(value.into())
}

/// A key or an item, as the SDK types hold it, for a wire request.
pub(crate) fn item(attributes: Attributes) -> Item {
    Item::from(attributes)
}

/// A request DynamoDB refused or that did not reach it.
#[derive(Debug)]
pub(crate) struct Failure {
    /// DynamoDB's error code (`ConditionalCheckFailedException`, ...), when it answered one.
    pub code: Option<String>,
    /// Worth trying again: a timeout, a connection that failed, a 5xx or a throttle.
    pub transient: bool,
    detail: String,
}

impl Failure {
    fn internal(operation: &str, detail: String) -> Self {
        Self {
            code: None,
            transient: false,
            detail: format!("{operation}: {detail}"),
        }
    }

    fn unavailable(operation: &str, detail: String) -> Self {
        Self {
            code: None,
            transient: true,
            detail: format!("{operation}: {detail}"),
        }
    }

    /// A non-200 answer: DynamoDB's error body is `{"__type": "<namespace>#<code>", "message": ...}`.
    fn refused(operation: &str, status: u16, body: &[u8]) -> Self {
        #[derive(Deserialize)]
        struct ErrorBody {
            #[serde(rename = "__type")]
            kind: Option<String>,
            #[serde(alias = "Message")]
            message: Option<String>,
        }
        let parsed: Option<ErrorBody> = serde_json::from_slice(body).ok();
        let code = parsed
            .as_ref()
            .and_then(|b| b.kind.as_deref())
            .map(|kind| kind.rsplit('#').next().unwrap_or(kind).to_string());
        let message = parsed.and_then(|b| b.message).unwrap_or_default();
        let transient = status >= 500 || code.as_deref().is_some_and(|c| TRANSIENT_CODES.contains(&c));
        Self {
            detail: format!(
                "{operation}: HTTP {status} {}: {message}",
                code.as_deref().unwrap_or("(no code)")
            ),
            code,
            transient,
        }
    }

    pub(crate) fn is(&self, code: &str) -> bool {
        self.code.as_deref() == Some(code)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detail)
    }
}

impl std::error::Error for Failure {}

/// As for the SDK's errors: worth retrying later is a 503, anything else a 500.
impl From<Failure> for Error {
    fn from(failure: Failure) -> Self {
        if failure.transient {
            Error::Unavailable(failure.into())
        } else {
            Error::Internal(failure.into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_carries_dynamodbs_code_and_whether_to_retry() {
        let refused = |status, body: &str| Failure::refused("GetItem", status, body.as_bytes());
        let failed = refused(
            400,
            r#"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}"#,
        );
        assert!(failed.is("ConditionalCheckFailedException") && !failed.transient);
        assert!(matches!(Error::from(failed), Error::Internal(_)));

        let throttled = refused(
            400,
            r#"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","Message":"slow down"}"#,
        );
        assert!(throttled.transient);
        assert!(throttled.to_string().contains("slow down"));
        assert!(matches!(Error::from(throttled), Error::Unavailable(_)));

        let broken = refused(500, "<html>not json</html>");
        assert!(broken.transient && broken.code.is_none());

        let denied = refused(
            400,
            r#"{"__type":"com.amazon.coral.service#AccessDeniedException"}"#,
        );
        assert!(denied.is("AccessDeniedException") && !denied.transient);
    }

    #[test]
    fn requests_are_written_in_dynamodbs_json() {
        let key = item(super::super::items::key("H#a".into(), "b"));
        let input = GetItem {
            table_name: "t",
            key,
            consistent_read: true,
            projection_expression: "#t",
            expression_attribute_names: HashMap::from([("#t", "target")]),
        };
        let json: serde_json::Value = serde_json::to_value(&input).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "TableName": "t",
                "Key": {"pk": {"S": "H#a"}, "sk": {"S": "b"}},
                "ConsistentRead": true,
                "ProjectionExpression": "#t",
                "ExpressionAttributeNames": {"#t": "target"},
            })
        );
    }

    /// A stand-in for DynamoDB on loopback: answers each request with the next canned
    /// `(status, body)` and keeps what it received (head lines, body).
    async fn stand_in(
        answers: Vec<(u16, &'static str)>,
    ) -> (String, tokio::task::JoinHandle<Vec<(Vec<String>, Vec<u8>)>>) {
        use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            let mut received = Vec::new();
            let mut answers = answers.into_iter();
            'connections: loop {
                let Ok(Ok((socket, _))) =
                    tokio::time::timeout(Duration::from_secs(2), listener.accept()).await
                else {
                    break;
                };
                let mut socket = BufReader::new(socket);
                loop {
                    let mut head = Vec::new();
                    loop {
                        let mut line = String::new();
                        if socket.read_line(&mut line).await.unwrap() == 0 {
                            continue 'connections;
                        }
                        let line = line.trim_end().to_string();
                        if line.is_empty() {
                            break;
                        }
                        head.push(line);
                    }
                    let length: usize = head
                        .iter()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length: ")
                                .map(str::to_string)
                        })
                        .map_or(0, |l| l.parse().unwrap());
                    let mut body = vec![0; length];
                    socket.read_exact(&mut body).await.unwrap();
                    received.push((head, body));
                    let Some((status, answer)) = answers.next() else {
                        break 'connections;
                    };
                    let response = format!(
                        "HTTP/1.1 {status} X\r\ncontent-type: application/x-amz-json-1.0\r\ncontent-length: {}\r\n\r\n{answer}",
                        answer.len()
                    );
                    socket.get_mut().write_all(response.as_bytes()).await.unwrap();
                    if answers.len() == 0 {
                        break 'connections;
                    }
                }
            }
            received
        });
        (url, server)
    }

    fn wire_to(url: &str) -> Wire {
        use aws_credential_types::Credentials;
        let sdk = SdkConfig::builder()
            .region(aws_types::region::Region::new("eu-west-1"))
            .endpoint_url(url)
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
                "AKIDEXAMPLE",
                "secret",
                Some("session-token".into()),
                None,
                "test",
            )))
            .build();
        Wire::new(&sdk, tls::TlsContext::default()).unwrap()
    }

    fn read(key: &str) -> GetItem<'static> {
        GetItem {
            table_name: "t",
            key: item(super::super::items::key(key.into(), "s")),
            consistent_read: true,
            projection_expression: "target",
            expression_attribute_names: HashMap::new(),
        }
    }

    /// SigV4 recomputed from what arrived, from the specification (not with `aws-sigv4`): what
    /// DynamoDB checks, so a header changed after signing, or a body other than the one
    /// signed, fails here rather than in AWS.
    fn signature_holds(head: &[String], body: &[u8], secret: &str, region: &str) -> bool {
        use hmac::{Hmac, Mac};
        use sha2::{Digest, Sha256};
        let header = |name: &str| {
            head.iter()
                .find_map(|l| {
                    let (n, v) = l.split_once(':')?;
                    n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
                })
                .unwrap_or_default()
        };
        let authorization = header("authorization");
        let signed = authorization
            .split("SignedHeaders=")
            .nth(1)
            .unwrap()
            .split(',')
            .next()
            .unwrap();
        let signature = authorization.split("Signature=").nth(1).unwrap();
        let (method, path) = {
            let mut parts = head[0].split(' ');
            (parts.next().unwrap(), parts.next().unwrap())
        };
        let canonical_headers: String = signed
            .split(';')
            .map(|n| format!("{n}:{}\n", header(n)))
            .collect();
        let canonical = format!(
            "{method}\n{path}\n\n{canonical_headers}\n{signed}\n{}",
            hex::encode(Sha256::digest(body))
        );
        let amz_date = header("x-amz-date");
        let scope = format!("{}/{region}/dynamodb/aws4_request", &amz_date[..8]);
        let to_sign = format!(
            "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
            hex::encode(Sha256::digest(canonical.as_bytes()))
        );
        let hmac = |key: &[u8], data: &str| {
            let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
            mac.update(data.as_bytes());
            mac.finalize().into_bytes().to_vec()
        };
        let mut key = format!("AWS4{secret}").into_bytes();
        for part in [&amz_date[..8], region, "dynamodb", "aws4_request"] {
            key = hmac(&key, part);
        }
        signed.split(';').any(|n| n == "host")
            && signed.split(';').any(|n| n == "x-amz-target")
            && hex::encode(hmac(&key, &to_sign)) == signature
    }

    #[tokio::test]
    async fn what_arrives_is_signed_as_dynamodb_checks_it() {
        let (url, server) =
            stand_in(vec![(200, r#"{"Item":{"target":{"S":"https://example.com/"}}}"#)]).await;
        let found = wire_to(&url).get_item(&read("H#a")).await.unwrap().unwrap();
        let received = server.await.unwrap();
        let (head, body) = &received[0];
        assert!(signature_holds(head, body, "secret", "eu-west-1"), "{head:?}");
        assert!(
            head.iter()
                .any(|l| l == "x-amz-target: DynamoDB_20120810.GetItem")
        );
        assert!(head.iter().any(|l| l == "x-amz-security-token: session-token"));
        let sent: serde_json::Value = serde_json::from_slice(body).unwrap();
        assert_eq!(sent["Key"]["pk"]["S"], "H#a");
        #[derive(Deserialize)]
        struct Target {
            target: String,
        }
        assert_eq!(
            serde_dynamo::from_item::<_, Target>(found).unwrap().target,
            "https://example.com/"
        );
    }

    #[tokio::test]
    async fn what_may_succeed_later_is_tried_again_and_a_refusal_is_not() {
        let throttled =
            r#"{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"slow"}"#;
        let (url, server) = stand_in(vec![(500, "{}"), (400, throttled), (200, "{}")]).await;
        assert!(wire_to(&url).get_item(&read("H#a")).await.unwrap().is_none());
        assert_eq!(server.await.unwrap().len(), 3);

        let failed = r#"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"}"#;
        let (url, server) = stand_in(vec![(400, failed), (200, "{}")]).await;
        let refused = wire_to(&url).get_item(&read("H#a")).await.unwrap_err();
        assert!(refused.is("ConditionalCheckFailedException"));
        assert_eq!(
            server.await.unwrap().len(),
            1,
            "a failed condition is not retried"
        );

        let (url, server) = stand_in(vec![(503, "{}"), (503, "{}"), (503, "{}"), (200, "{}")]).await;
        let unavailable = wire_to(&url).get_item(&read("H#a")).await.unwrap_err();
        assert!(matches!(Error::from(unavailable), Error::Unavailable(_)));
        assert_eq!(server.await.unwrap().len(), 3, "three attempts, as the SDK makes");
    }
}
