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
use aws_sdk_dynamodb::error::DisplayErrorContext;
use aws_sdk_dynamodb::types::AttributeValue;

use crate::config::Config;
use crate::error::BoxError;
use crate::health::DatabaseProbe;

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
