//! Creates the app's table in DynamoDB Local from its definition in `template.yaml`, so the
//! local key schema, indexes and TTL cannot drift from production.

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, TimeToLiveSpecification,
};
use yaml_rust2::Yaml;

use crate::project;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The SDK configuration for DynamoDB Local: endpoint from `AWS_ENDPOINT_URL_DYNAMODB`, dummy
/// credentials and region unless the environment sets them.
pub async fn local_config() -> aws_config::SdkConfig {
    let credentials = aws_sdk_dynamodb::config::Credentials::new("local", "local", None, None, "xtask");
    let mut loader = shared::db::sdk_loader();
    if std::env::var_os("AWS_ACCESS_KEY_ID").is_none() {
        loader = loader.credentials_provider(credentials);
    }
    if std::env::var_os("AWS_REGION").is_none() {
        loader = loader.region(aws_config::Region::new("us-east-1"));
    }
    loader.load().await
}

/// A client for DynamoDB Local ([`local_config`]).
pub async fn local_client() -> Client {
    Client::new(&local_config().await)
}

/// The app's table `name` in DynamoDB Local, through the app's own store code.
pub fn local_table(config: &aws_config::SdkConfig, name: &str) -> shared::db::Table {
    shared::db::Table::from_sdk(config, name, false).expect("a table handle for DynamoDB Local")
}

/// Creates `name` unless it exists, then enables TTL as the template does.
pub async fn create(client: &Client, name: &str) -> Result<(), BoxError> {
    let definition = project::table_definition();
    if client.describe_table().table_name(name).send().await.is_ok() {
        return Ok(());
    }
    let mut request = client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest);
    for attribute in list(&definition["AttributeDefinitions"]) {
        request = request.attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name(text(&attribute["AttributeName"]))
                .attribute_type(ScalarAttributeType::from(text(&attribute["AttributeType"])))
                .build()?,
        );
    }
    for key in key_schema(&definition["KeySchema"])? {
        request = request.key_schema(key);
    }
    for index in list(&definition["GlobalSecondaryIndexes"]) {
        let mut builder = GlobalSecondaryIndex::builder()
            .index_name(text(&index["IndexName"]))
            .projection(
                Projection::builder()
                    .projection_type(ProjectionType::from(text(&index["Projection"]["ProjectionType"])))
                    .build(),
            );
        for key in key_schema(&index["KeySchema"])? {
            builder = builder.key_schema(key);
        }
        request = request.global_secondary_indexes(builder.build()?);
    }
    // The SDK's own Display says only "service error"; the context names the cause.
    request
        .send()
        .await
        .map_err(|e| aws_sdk_dynamodb::error::DisplayErrorContext(e).to_string())?;

    let ttl = &definition["TimeToLiveSpecification"];
    if ttl["Enabled"].as_bool() == Some(true) {
        client
            .update_time_to_live()
            .table_name(name)
            .time_to_live_specification(
                TimeToLiveSpecification::builder()
                    .attribute_name(text(&ttl["AttributeName"]))
                    .enabled(true)
                    .build()?,
            )
            .send()
            .await?;
    }
    Ok(())
}

fn list(yaml: &Yaml) -> impl Iterator<Item = &Yaml> {
    yaml.as_vec().into_iter().flatten()
}

fn text(yaml: &Yaml) -> &str {
    yaml.as_str()
        .unwrap_or_else(|| panic!("template.yaml: expected a string, found {yaml:?}"))
}

fn key_schema(yaml: &Yaml) -> Result<Vec<KeySchemaElement>, BoxError> {
    list(yaml)
        .map(|key| {
            Ok(KeySchemaElement::builder()
                .attribute_name(text(&key["AttributeName"]))
                .key_type(KeyType::from(text(&key["KeyType"])))
                .build()?)
        })
        .collect()
}
