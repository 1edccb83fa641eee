//! Deleted accounts' links and deleted links' clicks removed, item by item (`links::purge`).

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{DeleteRequest, WriteRequest};
use futures_util::{StreamExt, TryStreamExt};

use super::items::{
    Attributes, CounterTotals, GoneItem, days_pk, forms_pk, from_item, idempotency_pk, link_key,
    links_list_pk, rollup_pk, seen_partitions, visits_pk,
};
use super::links::{COUNTER_SHARDS, counter_keys};
use super::{PK, SK, Table, keys, n, s};
use crate::error::{Error, Result};
use crate::links::purge::{Deleted, OwnedPage, PurgeStore};

/// Days back from today whose visitor markers may still be in the table: markers expire two
/// days after their day, and DynamoDB's TTL may take two more.
const MARKER_DAYS: i64 = 5;
/// Links asked for at once from the owner's index.
const LINKS_PAGE: i32 = 100;
/// Keys one query of a link's partition reads at once (keys only: well under 1 MB).
const KEYS_PAGE: i32 = 1_000;
/// DynamoDB's most in one `BatchWriteItem`.
const BATCH_WRITE: usize = 25;
/// A link's partitions emptied side by side.
const CONCURRENT_PARTITIONS: usize = 4;

/// The day in a day aggregate's sort key (`<created_ms>#<YYYY-MM-DD>`).
fn clicked_on(sort_key: &str) -> Option<time::Date> {
    let (_, day) = sort_key.split_once('#')?;
    time::Date::parse(day, &time::format_description::well_known::Iso8601::DATE).ok()
}

/// Which items of a partition go.
#[derive(Clone)]
enum Range {
    All,
    /// Those whose sort key is below this one.
    Below(String),
}

impl PurgeStore for Table {
    async fn deleted(&self) -> Result<Vec<Deleted>> {
        let listed: Vec<GoneItem> = self
            .all_pages(
                self.client
                    .query()
                    .table_name(self.name())
                    .index_name(keys::GSI)
                    .key_condition_expression("gsi1pk = :pk")
                    .expression_attribute_values(":pk", s(keys::GONE_LIST)),
            )
            .await?;
        Ok(listed
            .into_iter()
            .map(|gone| Deleted {
                owner: gone.owner,
                slug: gone.slug,
                deleted_ms: gone.deleted_ms,
                purge_after_ms: gone.purge_after_ms,
            })
            .collect())
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
            .owned_list(owner)
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

    /// The counter shards' counts say which of the link's partitions hold anything: visits
    /// where people clicked, day aggregates where anyone did (most links of a big account
    /// have few clicks, so most cost four requests). The visits, day aggregates and roll-ups
    /// go (any generation the slug had: earlier ones have `GONE` items of their own too),
    /// with the visitor markers of the days the aggregates name; then the counter shards,
    /// which the redirect reads; then the link, which lists the rest, so a run cut short
    /// leaves the link to the next.
    async fn purge_link(&self, owner: &str, slug: &str) -> Result<usize> {
        let shards = self
            .batch_get(
                counter_keys(owner, slug).collect(),
                true,
                Some(CounterTotals::PROJECTION),
            )
            .await?;
        let mut partitions = vec![rollup_pk(owner, slug)];
        for shard in shards {
            let counts: CounterTotals = from_item(shard)?;
            let Some(shard) = counts.shard() else { continue };
            if counts.clicks > 0 {
                partitions.push(visits_pk(owner, slug, shard));
            }
            if counts.clicks + counts.bot_hits > 0 {
                partitions.push(days_pk(owner, slug, shard));
            }
        }
        let removed = self
            .empty_with_markers(owner, slug, partitions, Range::All, None)
            .await?;
        self.batch_delete(counter_keys(owner, slug).collect()).await?;
        self.delete(link_key(owner, slug)).await?;
        Ok(removed + COUNTER_SHARDS + 1)
    }

    /// Every shard's visits and day aggregates are read (the counts went with the link), but
    /// only what sorts before the deletion: a visit's key is its time, an aggregate's and a
    /// roll-up's the link's creation; markers are told apart by the creation they carry.
    async fn purge_clicks(&self, owner: &str, slug: &str, before_ms: i64) -> Result<usize> {
        let by_time: Vec<String> = (0..COUNTER_SHARDS)
            .map(|shard| visits_pk(owner, slug, shard))
            .collect();
        let mut by_creation: Vec<String> = (0..COUNTER_SHARDS)
            .map(|shard| days_pk(owner, slug, shard))
            .collect();
        by_creation.push(rollup_pk(owner, slug));
        let visits = self
            .empty_with_markers(
                owner,
                slug,
                by_time,
                Range::Below(format!("H#{before_ms:013}")),
                None,
            )
            .await?;
        let rest = self
            .empty_with_markers(
                owner,
                slug,
                by_creation,
                Range::Below(format!("{before_ms:013}")),
                Some(before_ms),
            )
            .await?;
        Ok(visits + rest)
    }

    async fn forget(&self, deleted: &Deleted) -> Result<usize> {
        let gone = GoneItem::new(&deleted.owner, deleted.slug.as_deref(), deleted.deleted_ms);
        let mut removed = 1;
        if deleted.slug.is_none() {
            removed += self
                .empty_partition(forms_pk(&deleted.owner), Range::All, None)
                .await?
                .len();
            removed += self
                .empty_partition(idempotency_pk(&deleted.owner), Range::All, None)
                .await?
                .len();
        }
        self.delete(gone.key()).await?;
        Ok(removed)
    }
}

impl Table {
    /// Empties `partitions` (by `range`), then the link's visitor markers of the recent days
    /// that the day aggregates among them named (`markers_before`: only markers of links
    /// created before then). Returns how many items went.
    async fn empty_with_markers(
        &self,
        owner: &str,
        slug: &str,
        partitions: Vec<String>,
        range: Range,
        markers_before: Option<i64>,
    ) -> Result<usize> {
        let emptied: Vec<Vec<String>> = futures_util::stream::iter(partitions)
            .map(|pk| self.empty_partition(pk, range.clone(), None))
            .buffer_unordered(CONCURRENT_PARTITIONS)
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
                .map(|pk| self.empty_partition(pk, Range::All, markers_before))
                .buffer_unordered(CONCURRENT_PARTITIONS)
                .try_collect()
                .await?;
        Ok(emptied.iter().chain(&markers).map(Vec::len).sum())
    }

    /// Deletes the items under `pk` in `range` (and with `created_ms` below `created_before`,
    /// when given), a page of keys at a time. Returns their sort keys.
    async fn empty_partition(
        &self,
        pk: String,
        range: Range,
        created_before: Option<i64>,
    ) -> Result<Vec<String>> {
        let mut removed = Vec::new();
        let mut start = None;
        loop {
            let mut query = self
                .client
                .query()
                .table_name(self.name())
                .expression_attribute_names("#pk", PK)
                .expression_attribute_names("#sk", SK)
                .expression_attribute_values(":pk", s(pk.as_str()))
                .projection_expression("#pk, #sk")
                .limit(KEYS_PAGE)
                .set_exclusive_start_key(start.take());
            query = match &range {
                Range::All => query.key_condition_expression("#pk = :pk"),
                Range::Below(bound) => query
                    .key_condition_expression("#pk = :pk AND #sk < :below")
                    .expression_attribute_values(":below", s(bound.as_str())),
            };
            if let Some(before) = created_before {
                query = query
                    .filter_expression("created_ms < :created")
                    .expression_attribute_values(":created", n(before));
            }
            let output = query.send().await?;
            let keys = output.items.unwrap_or_default();
            removed.extend(keys.iter().filter_map(|key| key.get(SK)?.as_s().ok().cloned()));
            self.batch_delete(keys).await?;
            match output.last_evaluated_key {
                Some(last) => start = Some(last),
                None => return Ok(removed),
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
