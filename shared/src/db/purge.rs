//! A deleted account's links removed, item by item (`links::purge`).

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{DeleteRequest, WriteRequest};
use futures_util::{StreamExt, TryStreamExt};

use super::items::{
    Attributes, GoneItem, days_pk, forms_pk, from_item, gone_key, idempotency_pk, link_key, links_list_pk,
    rollup_pk, seen_partitions, visits_pk,
};
use super::links::{COUNTER_SHARDS, counter_keys};
use super::{PK, SK, Table, keys, s};
use crate::error::{Error, Result};
use crate::links::purge::{Deleted, OwnedPage, PurgeStore};

/// Days back from today whose visitor markers may still be in the table: markers expire two
/// days after their day, and DynamoDB's TTL may take two more.
const MARKER_DAYS: i64 = 5;

/// The day in a day aggregate's sort key (`<created_ms>#<YYYY-MM-DD>`).
fn clicked_on(sort_key: &str) -> Option<time::Date> {
    let (_, day) = sort_key.split_once('#')?;
    time::Date::parse(day, &time::format_description::well_known::Iso8601::DATE).ok()
}

/// Links asked for at once from the owner's index.
const LINKS_PAGE: i32 = 100;
/// Keys one query of a link's partition reads at once (keys only: well under 1 MB).
const KEYS_PAGE: i32 = 1_000;
/// DynamoDB's most in one `BatchWriteItem`.
const BATCH_WRITE: usize = 25;

impl PurgeStore for Table {
    async fn deleted_accounts(&self) -> Result<Vec<Deleted>> {
        let mut deleted = Vec::new();
        let mut start = None;
        loop {
            let output = self
                .client
                .query()
                .table_name(self.name())
                .index_name(keys::GSI)
                .key_condition_expression("gsi1pk = :pk")
                .expression_attribute_values(":pk", s(keys::GONE_LIST))
                .set_exclusive_start_key(start.take())
                .send()
                .await?;
            for item in output.items.unwrap_or_default() {
                let gone: GoneItem = from_item(item)?;
                deleted.push(Deleted {
                    owner: gone.owner().to_string(),
                    deleted_at: gone.deleted_at,
                });
            }
            match output.last_evaluated_key {
                Some(last) => start = Some(last),
                None => return Ok(deleted),
            }
        }
    }

    async fn owned_links(&self, owner: &str, after: Option<&str>) -> Result<OwnedPage> {
        #[derive(serde::Deserialize)]
        struct Listed {
            slug: String,
            gsi1sk: String,
        }
        let start = after.map(|sort_key| {
            let slug = sort_key.split_once('#').map(|(_, slug)| slug).unwrap_or_default();
            let mut key = link_key(owner, slug);
            key.insert("gsi1pk".into(), s(links_list_pk(owner)));
            key.insert("gsi1sk".into(), s(sort_key));
            key
        });
        let output = self
            .client
            .query()
            .table_name(self.name())
            .index_name(keys::GSI)
            .key_condition_expression("gsi1pk = :pk")
            .expression_attribute_values(":pk", s(links_list_pk(owner)))
            .projection_expression("slug, gsi1sk")
            .limit(LINKS_PAGE)
            .set_exclusive_start_key(start)
            .send()
            .await?;
        let listed = output
            .items
            .unwrap_or_default()
            .into_iter()
            .map(from_item::<Listed>)
            .collect::<Result<Vec<_>>>()?;
        let next = output
            .last_evaluated_key
            .and_then(|_| listed.last().map(|last| last.gsi1sk.clone()));
        Ok(OwnedPage {
            slugs: listed.into_iter().map(|listed| listed.slug).collect(),
            next,
        })
    }

    /// The visits, day aggregates and roll-ups (every generation the slug has had: a link
    /// deleted before left its own to their TTL), the visitors' markers of the days the
    /// aggregates name (only markers of the last [`MARKER_DAYS`] can be left), then the
    /// counter shards, which the redirect reads, then the link, which lists the rest.
    async fn purge_link(&self, owner: &str, slug: &str) -> Result<usize> {
        let partitions: Vec<String> = (0..COUNTER_SHARDS)
            .flat_map(|shard| [visits_pk(owner, slug, shard), days_pk(owner, slug, shard)])
            .chain([rollup_pk(owner, slug)])
            .collect();
        let emptied: Vec<Vec<String>> = futures_util::stream::iter(partitions)
            .map(|pk| self.empty_partition(pk))
            .buffer_unordered(4)
            .try_collect()
            .await?;
        let recent = crate::links::stats::utc_day(crate::now_ms()) - time::Duration::days(MARKER_DAYS);
        let mut days: Vec<time::Date> = emptied
            .iter()
            .flatten()
            .filter_map(|sort_key| clicked_on(sort_key))
            .filter(|day| *day >= recent)
            .collect();
        days.sort();
        days.dedup();
        let markers: Vec<Vec<String>> =
            futures_util::stream::iter(days.into_iter().flat_map(|day| seen_partitions(owner, slug, day)))
                .map(|pk| self.empty_partition(pk))
                .buffer_unordered(4)
                .try_collect()
                .await?;
        self.batch_delete(counter_keys(owner, slug).collect()).await?;
        self.delete(link_key(owner, slug)).await?;
        let removed = emptied.iter().chain(&markers).map(Vec::len).sum::<usize>();
        Ok(removed + COUNTER_SHARDS + 1)
    }

    /// The owner's new-link form ids and API idempotency keys (short-lived, but the owner's),
    /// then the `GONE` item.
    async fn forget_deleted(&self, owner: &str) -> Result<usize> {
        let forms = self.empty_partition(forms_pk(owner)).await?;
        let claims = self.empty_partition(idempotency_pk(owner)).await?;
        self.delete(gone_key(owner)).await?;
        Ok(forms.len() + claims.len() + 1)
    }
}

impl Table {
    /// Deletes every item under `pk`, a page of keys at a time. Returns their sort keys.
    async fn empty_partition(&self, pk: String) -> Result<Vec<String>> {
        let mut removed = Vec::new();
        loop {
            // Always from the start: what was read is deleted before the next page.
            let output = self
                .client
                .query()
                .table_name(self.name())
                .key_condition_expression("#pk = :pk")
                .expression_attribute_names("#pk", PK)
                .expression_attribute_names("#sk", SK)
                .expression_attribute_values(":pk", s(pk.as_str()))
                .projection_expression("#pk, #sk")
                .limit(KEYS_PAGE)
                .send()
                .await?;
            let keys = output.items.unwrap_or_default();
            if keys.is_empty() {
                return Ok(removed);
            }
            removed.extend(keys.iter().filter_map(|key| key.get(SK)?.as_s().ok().cloned()));
            self.batch_delete(keys).await?;
            if output.last_evaluated_key.is_none() {
                return Ok(removed);
            }
        }
    }

    /// Deletes the items with these keys, 25 to a request, 4 requests at a time; what
    /// DynamoDB leaves unprocessed (under load) is sent again.
    pub(crate) async fn batch_delete(&self, keys: Vec<Attributes>) -> Result<()> {
        let chunks: Vec<Vec<Attributes>> = keys.chunks(BATCH_WRITE).map(<[Attributes]>::to_vec).collect();
        futures_util::stream::iter(chunks)
            .map(|chunk| self.batch_delete_one(chunk))
            .buffer_unordered(4)
            .try_collect::<Vec<()>>()
            .await?;
        Ok(())
    }

    async fn batch_delete_one(&self, keys: Vec<Attributes>) -> Result<()> {
        let mut pending = keys
            .into_iter()
            .map(|key| {
                let delete = DeleteRequest::builder()
                    .set_key(Some(key))
                    .build()
                    .map_err(Error::internal)?;
                Ok(WriteRequest::builder().delete_request(delete).build())
            })
            .collect::<Result<Vec<_>>>()?;
        let mut attempts = super::retry::Attempts::new(8);
        while !pending.is_empty() && attempts.next().await {
            let output = self
                .client
                .batch_write_item()
                .request_items(self.name(), std::mem::take(&mut pending))
                .send()
                .await?;
            pending = output
                .unprocessed_items
                .and_then(|mut left: HashMap<String, Vec<WriteRequest>>| left.remove(self.name()))
                .unwrap_or_default();
        }
        if !pending.is_empty() {
            return Err(Error::Unavailable(
                "BatchWriteItem: items left unprocessed".into(),
            ));
        }
        Ok(())
    }
}
