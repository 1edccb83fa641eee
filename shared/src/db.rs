//! All DynamoDB access. One table holds every item type (see "Data model" in the README);
//! its key schema, indexes and TTL attribute are defined once, in `template.yaml`, and the
//! local table is created from that same definition (`cargo xtask create-table`).
//!
//! The SDK finds DynamoDB Local the SDK's own way (`AWS_ENDPOINT_URL_DYNAMODB`), so there is
//! no endpoint special case here.

use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::AttributeValue;

use crate::config::Config;
use crate::error::{BoxError, Error};
use crate::health::DatabaseProbe;

mod accounts;

/// Partition and sort key attribute names.
pub const PK: &str = "pk";
pub const SK: &str = "sk";

/// Key of the item health checks read. It never needs to exist: a `GetItem` that finds
/// nothing still proves the table answers.
const HEALTH_SENTINEL: &str = "HEALTH#sentinel";

/// Handle to the app's table. Cloning is cheap (the SDK client is reference-counted).
#[derive(Debug, Clone)]
pub struct Table {
    client: Client,
    name: String,
}

impl Table {
    /// Loads the SDK configuration (region, credentials, endpoint) from the environment.
    /// Done once per cold start.
    pub async fn connect(config: &Config) -> Self {
        // Inside Lambda, DynamoDB answers in milliseconds; these bounds only matter when it
        // does not, so that a request fails fast instead of hanging until the function times out.
        let timeouts = TimeoutConfig::builder()
            .connect_timeout(Duration::from_secs(1))
            .operation_attempt_timeout(Duration::from_secs(2))
            .operation_timeout(Duration::from_secs(5))
            .build();
        let sdk = aws_config::defaults(BehaviorVersion::latest())
            .timeout_config(timeouts)
            .load()
            .await;
        Self {
            client: Client::new(&sdk),
            name: config.table_name.clone(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl DatabaseProbe for Table {
    /// An eventually consistent `GetItem`: a data-plane read costing half a read unit, unlike
    /// `DescribeTable`, which is a throttled control-plane call.
    async fn probe(&self) -> Result<(), BoxError> {
        self.client
            .get_item()
            .table_name(&self.name)
            .key(PK, AttributeValue::S(HEALTH_SENTINEL.into()))
            .key(SK, AttributeValue::S(HEALTH_SENTINEL.into()))
            .projection_expression("#pk")
            .expression_attribute_names("#pk", PK)
            .send()
            .await
            .map(drop)
            .map_err(|e| DisplayErrorContext(e).to_string().into())
    }
}

/// Error codes DynamoDB uses when it sheds load: the request may succeed later.
const THROTTLING_CODES: [&str; 4] = [
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "LimitExceededException",
];

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
                .is_some_and(|code| THROTTLING_CODES.contains(&code)),
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
}
