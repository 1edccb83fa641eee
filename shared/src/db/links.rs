//! Links, their click counters and their recorded visits (see "Data model" in the README).
//!
//! A link's clicks never all land on one partition key: each link has [`COUNTER_SHARDS`]
//! counter items, each carrying a copy of the target. A redirect reads one at random, and
//! after its response increments it and writes the visit under the matching visit key.
//! Totals are the sum of the shards, read in one `BatchGetItem`.

use std::collections::HashMap;

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use aws_sdk_dynamodb::types::builders::UpdateBuilder;
use aws_sdk_dynamodb::types::{AttributeValue, KeysAndAttributes, ReturnValue};
use futures_util::future::try_join_all;
use futures_util::{StreamExt, TryStreamExt};

use super::items::{
    Attributes, CounterItem, CounterTarget, CounterTotals, DayClicksOnly, DayItem, DayKeyItem, FormItem,
    GoneItem, LinkItem, REFERRER_HOSTS, RollupItem, SeenItem, VisitItem, breakdown_attribute, counter_key,
    day_key_key, day_sk, days_pk, form_key, from_item, gone_key, idempotency_key, link_key, links_list_pk,
    links_list_sk, rollup_key, seen_key, to_item, user_key, visit_sk, visits_pk,
};
use super::{PK, SK, Table, Transaction, keys, n, s, unless_condition_failed, wire};
use crate::error::{Error, Result};
use crate::forms::FormId;
use crate::links::MAX_LINKS_PER_USER;
use crate::links::domain::Slug;
use crate::links::domain::{Tags, TargetUrl, Title, ValidUntil, search_text};
use crate::links::export::Before;
use crate::links::rollup::{DayTotals, Rollup};
use crate::links::stats::{Dimension, FOLDED, MAX_REFERRER_HOSTS, RECENT_DAYS, day_start, utc_day};
use crate::links::store::{
    BatchError, Clicks, CreateLinkError, Cursor, ExportPage, ImportedLink, Link, LinkPage, LinkStore,
    ListFilter, NewLink, Visit,
};
use crate::redirect::agent::{Agent, referrer_host};
use crate::redirect::visitor::{DayKey, VisitorId};
use crate::redirect::{ClickStore, Found};

/// Counter items per link: each takes up to ~1,000 writes/s (fewer for long targets, which
/// it carries), so a link takes ~10× a single item's click rate.
pub const COUNTER_SHARDS: usize = 10;
/// Visits are kept this long (DynamoDB's TTL deletes them); totals are kept forever.
pub const VISIT_RETENTION_SECONDS: i64 = 90 * 24 * 3600;
/// A day's aggregates are kept until the longest period can no longer show that day, and two
/// days more: DynamoDB's TTL deletes within about two days, and a query by date never reaches
/// an item that old anyway.
const DAY_RETENTION_SECONDS: i64 = (crate::links::stats::PERIODS[2] as i64 + 2) * 24 * 3600;
/// A resubmission within this long lands on the link the first created (DynamoDB's TTL).
const FORM_RETENTION_SECONDS: i64 = 24 * 3600;

/// A link's tags as the list attribute `tags` (empty is an empty list, which DynamoDB takes).
fn tag_list(tags: &Tags) -> AttributeValue {
    AttributeValue::L(tags.as_slice().iter().map(|tag| s(tag.as_str())).collect())
}

pub(crate) fn counter_keys(owner: &str, slug: &str) -> impl Iterator<Item = Attributes> {
    (0..COUNTER_SHARDS).map(move |shard| counter_key(owner, slug, shard))
}

/// A new link's writes: the link itself, only if its slug is free for the owner (else the
/// transaction means `taken`), and its counter shards, each with the copy of the target.
fn put_link<E>(transaction: &mut Transaction<E>, owner: &str, link: &Link, taken: E) -> Result<()> {
    let item = LinkItem {
        search: search_text(&link.slug, &link.title, &link.target),
        link,
        gsi1pk: links_list_pk(owner),
        gsi1sk: links_list_sk(link.created_ms, &link.slug),
    };
    transaction.put_new(to_item(link_key(owner, &link.slug), &item)?, taken)?;
    let counter = CounterItem {
        target: link.target.clone(),
        created_ms: link.created_ms,
        valid_until: link.valid_until,
        clicks: 0,
        bot_hits: 0,
    };
    for key in counter_keys(owner, &link.slug) {
        transaction.put(to_item(key, &counter)?)?;
    }
    Ok(())
}

/// `link_count` of the owner's user item, which must exist; an increase only below `limit`.
fn count_links(owner: &str, by: i64, limit: Option<u32>) -> impl FnOnce(UpdateBuilder) -> UpdateBuilder {
    move |update| {
        let update = update
            .set_key(Some(user_key(owner)))
            .update_expression("ADD link_count :by")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_values(":by", n(by));
        match limit {
            Some(limit) => update
                // Never on a deleted account's tombstone: `links::purge` may have passed already.
                .condition_expression(
                    "attribute_exists(#pk) AND attribute_not_exists(deleted_at) AND (attribute_not_exists(link_count) OR link_count < :limit)",
                )
                .expression_attribute_values(":limit", n(limit)),
            None => update.condition_expression("attribute_exists(#pk)"),
        }
    }
}

impl Table {
    /// A query of the owner's list (the index), oldest first, for the caller to finish.
    pub(crate) fn owned_list(&self, owner: &str) -> QueryFluentBuilder {
        self.client
            .query()
            .table_name(self.name())
            .index_name(keys::GSI)
            .key_condition_expression("gsi1pk = :pk")
            .expression_attribute_values(":pk", s(links_list_pk(owner)))
    }

    /// Exact totals of each `(owner, slug)`, by slug.
    async fn click_totals(
        &self,
        owner: &str,
        slugs: &[&str],
        consistent: bool,
    ) -> Result<HashMap<String, Clicks>> {
        let keys: Vec<_> = slugs.iter().flat_map(|slug| counter_keys(owner, slug)).collect();
        // At most 16 requests in flight: an export part reads 100 batches.
        let chunks: Vec<Vec<Attributes>> = keys.chunks(100).map(<[Attributes]>::to_vec).collect();
        let batches: Vec<Vec<Attributes>> = futures_util::stream::iter(chunks)
            .map(|chunk| self.batch_get(chunk, consistent, Some(CounterTotals::PROJECTION)))
            .buffer_unordered(16)
            .try_collect()
            .await?;
        let mut totals: HashMap<String, Clicks> = HashMap::new();
        for item in batches.into_iter().flatten() {
            let shard: CounterTotals = from_item(item)?;
            let total = totals.entry(shard.slug().to_string()).or_default();
            total.human += shard.clicks;
            total.bot += shard.bot_hits;
        }
        Ok(totals)
    }

    /// Each link's clicks from people over the last [`RECENT_DAYS`] UTC days: the day
    /// aggregates of every shard of every link, read by key (only `pk` and `clicks`), in
    /// batches of 100 side by side: 70 keys a link, 14 batches for a full page of 20.
    async fn recent_clicks(
        &self,
        owner: &str,
        links: &[Link],
        today: time::Date,
    ) -> Result<HashMap<String, i64>> {
        let first = today - time::Duration::days(i64::from(RECENT_DAYS) - 1);
        let keys: Vec<Attributes> = links
            .iter()
            .flat_map(|link| {
                (0..COUNTER_SHARDS).flat_map(move |shard| {
                    (0..i64::from(RECENT_DAYS)).map(move |offset| {
                        let day = first + time::Duration::days(offset);
                        super::items::key(days_pk(owner, &link.slug, shard), &day_sk(link.created_ms, day))
                    })
                })
            })
            .collect();
        let batches = keys
            .chunks(100)
            .map(|chunk| self.batch_get(chunk.to_vec(), false, Some(DayClicksOnly::PROJECTION)));
        let mut recent: HashMap<String, i64> = HashMap::new();
        for item in try_join_all(batches).await?.into_iter().flatten() {
            let day: DayClicksOnly = from_item(item)?;
            *recent.entry(day.slug().to_string()).or_default() += day.clicks;
        }
        Ok(recent)
    }

    /// The owner's links newest first, after `after`, `limit` of them and where the next
    /// start. Without a filter, a query of one more link than asked (which says whether there
    /// is a next). With one, the same query with a `FilterExpression` (`contains` of the tag in
    /// `tags`, of each word in `search`), read a 1 MB page at a time until one more than asked
    /// match or the owner's links end: DynamoDB reads (and bills) every link it looks at, so a
    /// search that matches little reads all of them, at most `MAX_LINKS_PER_USER` items of a
    /// few hundred bytes (README, "Tags and search").
    async fn owner_links(
        &self,
        owner: &str,
        after: Option<&Cursor>,
        limit: usize,
        filter: &ListFilter,
    ) -> Result<(Vec<Link>, Option<Cursor>)> {
        let mut conditions = Vec::new();
        let mut values = vec![(":pk".to_string(), s(links_list_pk(owner)))];
        if let Some(tag) = &filter.tag {
            conditions.push("contains(tags, :tag)".to_string());
            values.push((":tag".into(), s(tag.as_str())));
        }
        for (index, word) in filter.words.words().iter().enumerate() {
            conditions.push(format!("contains(#search, :w{index})"));
            values.push((format!(":w{index}"), s(word.as_str())));
        }
        if let Some(cursor) = after {
            values.push((":after".into(), s(links_list_sk(cursor.created_ms, &cursor.slug))));
        }
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let mut query = self
                .client
                .query()
                .table_name(self.name())
                .index_name(keys::GSI)
                .scan_index_forward(false)
                .set_exclusive_start_key(start.take())
                .key_condition_expression(if after.is_some() {
                    "gsi1pk = :pk AND gsi1sk < :after"
                } else {
                    "gsi1pk = :pk"
                });
            for (name, value) in &values {
                query = query.expression_attribute_values(name, value.clone());
            }
            if conditions.is_empty() {
                query = query.limit((limit + 1 - items.len()) as i32);
            } else {
                query = query.filter_expression(conditions.join(" AND "));
            }
            if !filter.words.is_empty() {
                // `search` is one of DynamoDB's reserved words.
                query = query.expression_attribute_names("#search", "search");
            }
            let output = query.send().await?;
            items.extend(output.items.unwrap_or_default());
            match output.last_evaluated_key {
                Some(last) if items.len() <= limit => start = Some(last),
                _ => break,
            }
        }
        let more = items.len() > limit;
        items.truncate(limit);
        let links = items.into_iter().map(from_item).collect::<Result<Vec<Link>>>()?;
        let next = more.then(|| links.last()).flatten().map(|last| Cursor {
            created_ms: last.created_ms,
            slug: last.slug.clone(),
        });
        Ok((links, next))
    }

    /// Up to 100 keys; what DynamoDB leaves unprocessed (under load) is asked again.
    pub(crate) async fn batch_get(
        &self,
        keys: Vec<Attributes>,
        consistent: bool,
        projection: Option<&str>,
    ) -> Result<Vec<Attributes>> {
        let mut found = Vec::new();
        let mut pending = Some(
            KeysAndAttributes::builder()
                .set_keys(Some(keys))
                .consistent_read(consistent)
                .set_projection_expression(projection.map(str::to_string))
                .build()
                .map_err(Error::internal)?,
        );
        let mut attempts = super::retry::Attempts::new(8);
        // Checked before `next`, so a batch that came back whole never waits for a pause.
        while pending.is_some() && attempts.next().await {
            let Some(request) = pending.take() else { break };
            let output = self
                .client
                .batch_get_item()
                .request_items(self.name(), request)
                .send()
                .await?;
            if let Some(mut responses) = output.responses {
                found.extend(responses.remove(self.name()).unwrap_or_default());
            }
            pending = output
                .unprocessed_keys
                .and_then(|mut left| left.remove(self.name()))
                .filter(|left| !left.keys().is_empty());
        }
        if pending.is_some() {
            return Err(Error::Unavailable("BatchGetItem: keys left unprocessed".into()));
        }
        Ok(found)
    }
}

impl LinkStore for Table {
    /// One transaction: the form's one-time id (only if unused, so a form submitted twice
    /// creates one link), the link (only if its slug is free for this owner), its counter
    /// shards, and the owner's `link_count`. The form is first: a resubmitted form may also
    /// meet its own custom slug, now taken, and the form is the answer.
    async fn create_link(&self, link: &NewLink<'_>, slug: &Slug) -> Result<(), CreateLinkError> {
        let (owner, slug) = (link.owner, slug.as_str());
        let mut transaction = Transaction::new(self);
        let form = FormItem {
            slug: slug.to_string(),
            expires_at: link.created_ms / 1000 + FORM_RETENTION_SECONDS,
        };
        transaction.put_new(
            to_item(form_key(owner, link.form_id), &form)?,
            CreateLinkError::AlreadySubmitted,
        )?;
        let stored = Link {
            slug: slug.to_string(),
            target: link.target.as_str().to_string(),
            title: link.title.as_str().to_string(),
            created_ms: link.created_ms,
            valid_until: link.valid_until.epoch_seconds(),
            tags: link.tags.as_slice().to_vec(),
            clicks: Clicks::default(),
            recent_clicks: 0,
        };
        put_link(&mut transaction, owner, &stored, CreateLinkError::SlugTaken)?;
        transaction.update(
            count_links(owner, 1, Some(MAX_LINKS_PER_USER)),
            CreateLinkError::LimitReached,
        )?;
        if let Some(key) = &link.idempotency {
            let valid = link.valid_until.epoch_seconds();
            let tag_list = tag_list(link.tags);
            let made = move |update: UpdateBuilder| {
                let update = match valid {
                    Some(at) => update
                        .update_expression(
                            "SET slug = :slug, target = :target, title = :title, created_ms = :created, \
                             tags = :tags, valid_until = :valid",
                        )
                        .expression_attribute_values(":valid", n(at)),
                    None => update.update_expression(
                        "SET slug = :slug, target = :target, title = :title, created_ms = :created, tags = :tags",
                    ),
                };
                update
                    .expression_attribute_values(":tags", tag_list)
                    .set_key(Some(idempotency_key(owner, key.key_hash)))
                    .condition_expression("claim = :claim")
                    .expression_attribute_values(":slug", s(slug))
                    .expression_attribute_values(":target", s(link.target.as_str()))
                    .expression_attribute_values(":title", s(link.title.as_str()))
                    .expression_attribute_values(":created", n(link.created_ms))
                    .expression_attribute_values(":claim", s(key.claim))
            };
            transaction.update(made, CreateLinkError::ClaimLost)?;
        }
        self.transact(transaction).await?
    }

    async fn submitted_link(&self, owner: &str, form_id: &FormId) -> Result<Option<String>> {
        let form: Option<FormItem> = self.get(form_key(owner, form_id)).await?;
        Ok(form.map(|form| form.slug))
    }

    /// The owner's links a page at a time ([`Table::owner_links`]), with their totals and
    /// their last 7 days.
    async fn list_links(
        &self,
        owner: &str,
        after: Option<&Cursor>,
        limit: usize,
        filter: &ListFilter,
    ) -> Result<LinkPage> {
        let (mut links, next) = self.owner_links(owner, after, limit, filter).await?;
        let slugs: Vec<&str> = links.iter().map(|link| link.slug.as_str()).collect();
        let today = utc_day(crate::now_ms());
        let (totals, recent) = tokio::try_join!(
            self.click_totals(owner, &slugs, false),
            self.recent_clicks(owner, &links, today)
        )?;
        for link in &mut links {
            link.clicks = totals.get(&link.slug).copied().unwrap_or_default();
            link.recent_clicks = recent.get(&link.slug).copied().unwrap_or_default();
        }
        Ok(LinkPage { links, next })
    }

    /// The owner's links ([`Table::owner_links`]: 1,000 fit in one or two query pages), then
    /// their counters in batches of 100, 16 at a time: 100 `BatchGetItem`s for a full part.
    async fn export_links(&self, owner: &str, after: Option<&Cursor>, limit: usize) -> Result<LinkPage> {
        let (mut links, next) = self
            .owner_links(owner, after, limit, &ListFilter::default())
            .await?;
        let slugs: Vec<&str> = links.iter().map(|link| link.slug.as_str()).collect();
        let totals = self.click_totals(owner, &slugs, false).await?;
        for link in &mut links {
            link.clicks = totals.get(&link.slug).copied().unwrap_or_default();
        }
        Ok(LinkPage { links, next })
    }

    async fn find_link(&self, owner: &str, slug: &str) -> Result<Option<Link>> {
        let slugs = [slug];
        let (link, totals) = tokio::try_join!(
            self.get::<Link>(link_key(owner, slug)),
            self.click_totals(owner, &slugs, true)
        )?;
        Ok(link.map(|link| Link {
            clicks: totals.get(slug).copied().unwrap_or_default(),
            ..link
        }))
    }

    /// One query per visit shard, in parallel, each from the link's creation on (visits of an
    /// earlier link with the same slug, waiting for their TTL, are never shown).
    async fn latest_visits(&self, owner: &str, link: &Link, limit: usize) -> Result<Vec<Visit>> {
        let queries = (0..COUNTER_SHARDS).map(|shard| {
            self.client
                .query()
                .table_name(self.name())
                .key_condition_expression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .expression_attribute_names("#pk", PK)
                .expression_attribute_names("#sk", SK)
                .expression_attribute_values(":pk", s(visits_pk(owner, &link.slug, shard)))
                .expression_attribute_values(":from", s(visit_sk(false, link.created_ms, "")))
                .expression_attribute_values(":to", s("H#~"))
                .scan_index_forward(false)
                .limit(limit as i32)
                .send()
        });
        let outputs = try_join_all(queries).await?;
        let mut visits = outputs
            .into_iter()
            .flat_map(|output| output.items.unwrap_or_default())
            // Human visits only (`H#`): `bot` is false, as deserialised.
            .map(from_item)
            .collect::<Result<Vec<Visit>>>()?;
        visits.sort_by_key(|v| std::cmp::Reverse(v.at_ms));
        visits.truncate(limit);
        Ok(visits)
    }

    /// The visits of every shard merged newest first: each shard is queried a page at a time
    /// (newest first, from `before` down to `since_ms` and the link's creation), and the newest
    /// head of the ten goes next, so a file reads about `limit` visits whatever the link holds.
    async fn export_visits(
        &self,
        owner: &str,
        link: &Link,
        since_ms: i64,
        before: Option<&Before>,
        limit: usize,
    ) -> Result<ExportPage> {
        struct Shard {
            pk: String,
            buffer: std::collections::VecDeque<(String, Visit)>,
            next: Option<Attributes>,
            done: bool,
        }
        let from = visit_sk(false, since_ms.max(link.created_ms), "");
        let to = before.map_or_else(|| "H#~".to_string(), |b| visit_sk(false, b.at_ms, &b.nonce));
        let mut shards: Vec<Shard> = (0..COUNTER_SHARDS)
            .map(|shard| Shard {
                pk: visits_pk(owner, &link.slug, shard),
                buffer: Default::default(),
                next: None,
                done: false,
            })
            .collect();
        let mut visits = Vec::new();
        loop {
            let refills = shards
                .iter_mut()
                .filter(|s| s.buffer.is_empty() && !s.done)
                .map(|shard| {
                    let (from, to) = (&from, &to);
                    async move {
                        let output = self
                            .client
                            .query()
                            .table_name(self.name())
                            .key_condition_expression("#pk = :pk AND #sk BETWEEN :from AND :to")
                            .expression_attribute_names("#pk", PK)
                            .expression_attribute_names("#sk", SK)
                            .expression_attribute_values(":pk", s(shard.pk.clone()))
                            .expression_attribute_values(":from", s(from.clone()))
                            .expression_attribute_values(":to", s(to.clone()))
                            .scan_index_forward(false)
                            .limit(EXPORT_QUERY_PAGE)
                            .set_exclusive_start_key(shard.next.take())
                            .send()
                            .await?;
                        shard.next = output.last_evaluated_key;
                        shard.done = shard.next.is_none();
                        for mut item in output.items.unwrap_or_default() {
                            let sk = item
                                .remove(SK)
                                .and_then(|v| v.as_s().ok().cloned())
                                .unwrap_or_default();
                            // `BETWEEN` takes its bound: the visit the cursor names was in the last file.
                            if sk < *to {
                                shard.buffer.push_back((sk, from_item(item)?));
                            }
                        }
                        Ok::<_, Error>(())
                    }
                });
            try_join_all(refills).await?;
            let newest = shards
                .iter_mut()
                .filter(|shard| !shard.buffer.is_empty())
                .max_by(|a, b| a.buffer[0].0.cmp(&b.buffer[0].0));
            let Some(shard) = newest else { break };
            let (sk, visit) = shard.buffer.pop_front().expect("a shard with a head");
            // `H#<ms>#<nonce>`
            let nonce = sk.rsplit('#').next().unwrap_or_default().to_string();
            visits.push((
                Before {
                    at_ms: visit.at_ms,
                    nonce,
                },
                visit,
            ));
            if visits.len() == limit {
                break;
            }
        }
        let more = shards.iter().any(|s| !s.buffer.is_empty() || !s.done);
        Ok(ExportPage { visits, more })
    }

    /// The roll-up's key and today's aggregate of each shard, in one `BatchGetItem` (11 keys).
    async fn rollup_and_today(
        &self,
        owner: &str,
        link: &Link,
        today: time::Date,
    ) -> Result<(Option<Rollup>, DayTotals)> {
        let mut keys = vec![rollup_key(owner, &link.slug, link.created_ms)];
        keys.extend((0..COUNTER_SHARDS).map(|shard| {
            super::items::key(days_pk(owner, &link.slug, shard), &day_sk(link.created_ms, today))
        }));
        let (mut rollup, mut totals) = (None, DayTotals::default());
        for item in self.batch_get(keys, false, None).await? {
            let is_rollup =
                matches!(item.get(PK), Some(AttributeValue::S(pk)) if pk.starts_with(keys::ROLLUP));
            if is_rollup {
                rollup = Some(from_item::<RollupItem>(item)?.into_rollup()?);
            } else {
                let (_, day) = DayItem::from_attributes(item.into())?.into_totals()?;
                totals.add(&day);
            }
        }
        Ok((rollup, totals))
    }

    /// One query per shard, in parallel, over the days of the link's own generation: at most
    /// one item per day per shard. An item holds at most a few hundred counters (referrers
    /// capped at [`MAX_REFERRER_HOSTS`], browsers and systems from the parser's list,
    /// countries), a few KB, so 90 of them stay under a query page's 1 MB.
    async fn day_totals(
        &self,
        owner: &str,
        link: &Link,
        first: time::Date,
        last: time::Date,
    ) -> Result<Vec<(time::Date, DayTotals)>> {
        // Sent on the click path's connection (`wire`), whose requests cost about half the CPU of
        // the SDK's (BENCHMARKS.md).
        let queries = (0..COUNTER_SHARDS).map(|shard| {
            let (pk, first, last) = (
                days_pk(owner, &link.slug, shard),
                day_sk(link.created_ms, first),
                day_sk(link.created_ms, last),
            );
            async move {
                let mut items = Vec::new();
                let mut start = None;
                loop {
                    let query = wire::Query {
                        table_name: self.name(),
                        key_condition_expression: "#pk = :pk AND #sk BETWEEN :first AND :last",
                        expression_attribute_names: HashMap::from([("#pk", PK), ("#sk", SK)]),
                        expression_attribute_values: HashMap::from([
                            (":pk", wire::s(pk.as_str())),
                            (":first", wire::s(first.as_str())),
                            (":last", wire::s(last.as_str())),
                        ]),
                        exclusive_start_key: start.take(),
                    };
                    let (page, next) = self.wire.query(&query).await?;
                    items.extend(page);
                    match next {
                        Some(next) => start = Some(next),
                        None => return Ok::<_, Error>(items),
                    }
                }
            }
        });
        let mut days: HashMap<time::Date, DayTotals> = HashMap::new();
        for item in try_join_all(queries).await?.into_iter().flatten() {
            let (day, totals) = DayItem::from_attributes(item)?.into_totals()?;
            days.entry(day).or_default().add(&totals);
        }
        Ok(days.into_iter().collect())
    }

    /// Conditional, so a view still summing yesterday's days cannot put back an older roll-up
    /// over the one a later view stored.
    async fn save_rollup(&self, owner: &str, link: &Link, rollup: &Rollup) -> Result<()> {
        let item = RollupItem::new(rollup)?;
        let through = item.through.clone();
        let put = wire::PutItem {
            condition_expression: Some("attribute_not_exists(#pk) OR through < :through"),
            expression_attribute_names: HashMap::from([("#pk", PK)]),
            expression_attribute_values: HashMap::from([(":through", wire::s(through))]),
            ..wire::PutItem::new(
                self.name(),
                wire::item(to_item(rollup_key(owner, &link.slug, link.created_ms), &item)?),
            )
        };
        match self.wire.put_item(&put).await {
            Ok(()) => Ok(()),
            Err(failure) if failure.is("ConditionalCheckFailedException") => Ok(()),
            Err(failure) => Err(failure.into()),
        }
    }

    /// The link, then the target copy each counter shard carries, with plain conditional
    /// writes rather than one transaction: every click writes those shards, and in DynamoDB a
    /// plain write that meets a transaction on its item is the one refused, so a transaction
    /// would cost a busy link its clicks (and, meeting them, fail itself). Each edit raises
    /// the link's `version` and a shard only takes a newer one, so two edits racing leave
    /// every shard with the later target. For the few milliseconds between the link and its
    /// last shard, a click may still go to the old target.
    /// The owner's index, projected to two attributes: for 10,000 links about 1 MB, so a
    /// few pages of one query.
    async fn link_targets(&self, owner: &str) -> Result<Vec<(String, String)>> {
        #[derive(serde::Deserialize)]
        struct SlugTarget {
            slug: String,
            target: String,
        }
        let listed: Vec<SlugTarget> = self
            .all_pages(self.owned_list(owner).projection_expression("slug, target"))
            .await?;
        Ok(listed.into_iter().map(|link| (link.slug, link.target)).collect())
    }

    /// One transaction: each link and its counter shards, and the owner's `link_count` raised
    /// once by their number, only if that stays within [`MAX_LINKS_PER_USER`]. A slug taken
    /// meanwhile names its link; the caller drops it and sends the rest again.
    async fn create_links(&self, owner: &str, links: &[ImportedLink]) -> Result<(), BatchError> {
        let mut transaction = Transaction::new(self);
        for (index, link) in links.iter().enumerate() {
            let stored = Link {
                slug: link.slug.as_str().to_string(),
                target: link.target.as_str().to_string(),
                title: link.title.as_str().to_string(),
                created_ms: link.created_ms,
                valid_until: None,
                tags: link.tags.as_slice().to_vec(),
                clicks: Clicks::default(),
                recent_clicks: 0,
            };
            put_link(&mut transaction, owner, &stored, BatchError::SlugTaken(index))?;
        }
        let count = links.len() as u32;
        transaction.update(
            count_links(owner, i64::from(count), Some(MAX_LINKS_PER_USER + 1 - count)),
            BatchError::LimitReached,
        )?;
        self.transact(transaction).await?
    }

    async fn update_link(
        &self,
        owner: &str,
        slug: &str,
        target: &TargetUrl,
        title: &Title,
        valid_until: ValidUntil,
        tags: &Tags,
    ) -> Result<bool> {
        let tag_list = tag_list(tags);
        // The expiry is set, or removed for never (no attribute, as a new link without one).
        let (set_valid, remove_valid) = match valid_until.epoch_seconds() {
            Some(_) => (", valid_until = :valid", ""),
            None => ("", " REMOVE valid_until"),
        };
        let with_valid =
            |update: aws_sdk_dynamodb::operation::update_item::builders::UpdateItemFluentBuilder| {
                match valid_until.epoch_seconds() {
                    Some(at) => update.expression_attribute_values(":valid", n(at)),
                    None => update,
                }
            };
        let updated = with_valid(
            self.update(link_key(owner, slug))
                .update_expression(format!(
                    "SET target = :target, title = :title, tags = :tags, #search = :search{set_valid} \
                     ADD version :one{remove_valid}"
                ))
                .expression_attribute_values(":tags", tag_list)
                // `search` is one of DynamoDB's reserved words.
                .expression_attribute_names("#search", "search")
                .expression_attribute_values(":search", s(search_text(slug, title.as_str(), target.as_str())))
                .condition_expression("attribute_exists(#pk)")
                .expression_attribute_names("#pk", PK)
                .expression_attribute_values(":target", s(target.as_str()))
                .expression_attribute_values(":title", s(title.as_str()))
                .expression_attribute_values(":one", n(1))
                .return_values(ReturnValue::UpdatedNew),
        )
        .send()
        .await;
        let version = match updated {
            Ok(output) => from_item::<Edited>(output.attributes.unwrap_or_default())?.version,
            Err(error) if error.code() == Some("ConditionalCheckFailedException") => return Ok(false),
            Err(error) => return Err(error.into()),
        };
        let copies = counter_keys(owner, slug).map(|counter| async move {
            let copied = with_valid(
                self.update(counter)
                    .update_expression(format!(
                        "SET target = :target, version = :version{set_valid}{remove_valid}"
                    ))
                    .condition_expression(
                        "attribute_exists(#pk) AND (attribute_not_exists(version) OR version < :version)",
                    )
                    .expression_attribute_names("#pk", PK)
                    .expression_attribute_values(":target", s(target.as_str()))
                    .expression_attribute_values(":version", n(version)),
            )
            .send()
            .await;
            // A newer edit got there first, or a delete did: nothing to do.
            unless_condition_failed(copied)
        });
        try_join_all(copies).await?;
        Ok(true)
    }

    /// The counters first, with plain deletes (a transaction over them would meet the
    /// clicks, as in an edit): from then on the short link is a 404. Then the link and the
    /// owner's `link_count` in one small transaction that no click touches. Should that fail,
    /// the link is left without counters (a 404 with no clicks) and deleting it again
    /// finishes the job. Its clicks are unreachable at once (they are read through the link);
    /// the transaction lists them for `links::purge` (a `GONE` item), which removes them
    /// within minutes. A new link with the same slug writes fresh counters.
    async fn delete_link(&self, owner: &str, slug: &str) -> Result<bool> {
        let counters = counter_keys(owner, slug).map(|counter| self.delete(counter));
        try_join_all(counters).await?;
        let mut transaction = Transaction::new(self);
        transaction.delete_existing(link_key(owner, slug), Gone)?;
        transaction.update(count_links(owner, -1, None), Gone)?;
        let gone = GoneItem::new(owner, Some(slug), crate::now_ms());
        transaction.put(to_item(gone.key(), &gone)?)?;
        Ok(self.transact(transaction).await?.is_ok())
    }
}

/// What a transaction that deletes a link means when a condition fails: the link (and so
/// its owner's count of it) is already gone.
struct Gone;

/// What an edit brings back of the link (`ReturnValues=UPDATED_NEW`).
#[derive(serde::Deserialize)]
struct Edited {
    version: i64,
}

impl ClickStore for Table {
    /// A strongly consistent read of one counter shard, picked at random: it carries the
    /// target, so reads of a popular link spread over the shards too, and a deleted or edited
    /// link is seen at once. The same request (`BatchGetItem`, one round trip) reads the
    /// owner's `GONE` item, there while a deleted account's links are being removed
    /// (`links::purge`), and, with a visitor, the visitor's marker of the day. Should
    /// DynamoDB leave the shard or the `GONE` item unread (a batch under load), they are read
    /// again; the marker left unread is only a write later (`record` claims it).
    async fn find(&self, owner: &str, slug: &str, visitor: Option<&VisitorId>) -> Result<Option<Found>> {
        let shard = random_shard();
        let mut keys = vec![
            wire::item(counter_key(owner, slug, shard)),
            wire::item(gone_key(owner)),
        ];
        if let Some(visitor) = visitor {
            keys.push(wire::item(seen_key(owner, slug, visitor)));
        }
        let (mut counter, mut gone, mut seen) = (None, false, None);
        let mut attempts = super::retry::Attempts::new(4);
        while !keys.is_empty() && attempts.next().await {
            let read = wire::BatchGetItem {
                table_name: self.name(),
                keys: std::mem::take(&mut keys),
                consistent_read: true,
                projection_expression: SEEN_OR_TARGET,
            };
            let got = self.wire.batch_get_item(&read).await?;
            for item in got.items {
                match item.inner().get(PK) {
                    Some(serde_dynamo::AttributeValue::S(pk)) if pk.starts_with(keys::GONE) => gone = true,
                    Some(serde_dynamo::AttributeValue::S(pk)) if pk.starts_with(keys::SEEN) => {
                        seen = Some(from_item::<SeenItem>(item)?)
                    }
                    _ => counter = Some(from_item::<CounterTarget>(item)?),
                }
            }
            keys = got
                .unprocessed
                .into_iter()
                .filter(|key| !matches!(key.inner().get(PK), Some(serde_dynamo::AttributeValue::S(pk)) if pk.starts_with(keys::SEEN)))
                .collect();
        }
        if !keys.is_empty() {
            return Err(Error::Unavailable("BatchGetItem: the link left unread".into()));
        }
        if gone {
            return Ok(None);
        }
        Ok(counter.map(|target| Found {
            seen: seen.is_some_and(|seen| seen.created_ms == target.created_ms),
            target: target.target,
            shard,
            created_ms: target.created_ms,
            valid_until: target.valid_until,
        }))
    }

    async fn day_key(&self, day: time::Date) -> Result<DayKey> {
        let stored = |item: DayKeyItem| {
            DayKey::from_hex(day, &item.key)
                .ok_or_else(|| Error::internal("a stored day key is not 32 bytes of hex"))
        };
        let read = wire::GetItem {
            table_name: self.name(),
            key: wire::item(day_key_key(day)),
            consistent_read: true,
            projection_expression: "#key",
            expression_attribute_names: HashMap::from([("#key", "key")]),
        };
        if let Some(item) = self.wire.get_item(&read).await? {
            return stored(from_item(item)?);
        }
        // The first click of the day anywhere: create it, unless another sandbox just did.
        let key = DayKey::generate(day);
        let item = DayKeyItem {
            key: key.to_hex(),
            expires_at: day_start(day) + MARKER_RETENTION_SECONDS,
        };
        let put = wire::PutItem {
            condition_expression: Some("attribute_not_exists(#pk)"),
            expression_attribute_names: HashMap::from([("#pk", PK)]),
            ..wire::PutItem::new(self.name(), wire::item(to_item(day_key_key(day), &item)?))
        };
        match self.wire.put_item(&put).await {
            Ok(()) => Ok(key),
            Err(failure) if failure.is("ConditionalCheckFailedException") => {
                let item = self
                    .wire
                    .get_item(&read)
                    .await?
                    .ok_or_else(|| Error::internal("the day key vanished"))?;
                stored(from_item(item)?)
            }
            Err(failure) => Err(failure.into()),
        }
    }

    /// Up to three writes at once, each on the visit's shard: `ADD` to the counter (only while
    /// the link exists), `ADD` to the day's aggregate of the link's generation, and, for people
    /// only, the visit itself (bot hits are counted, not kept). A visit written for a link
    /// deleted a moment before is never shown (visits are read through the link) and expires
    /// with its TTL; so does a day aggregate, under a generation no link has any more.
    async fn record(
        &self,
        owner: &str,
        slug: &str,
        found: &Found,
        visit: &Visit,
        visitor: Option<&VisitorId>,
    ) -> Result<()> {
        let shard = found.shard;
        let counter_name = if visit.bot { "bot_hits" } else { "clicks" };
        let record = async {
            if visit.bot {
                return Ok(());
            }
            let nonce = crate::random_hex(4);
            let item = VisitItem {
                visit,
                expires_at: visit.at_ms / 1000 + VISIT_RETENTION_SECONDS,
            };
            let key = super::items::key(
                visits_pk(owner, slug, shard),
                &visit_sk(false, visit.at_ms, &nonce),
            );
            let put = wire::PutItem::new(self.name(), wire::item(to_item(key, &item)?));
            self.wire.put_item(&put).await.map_err(Error::from)
        };
        let per_day = async {
            // A visitor not read to be seen today is new if its marker is written first.
            let new_visitor = match visitor.filter(|_| !found.seen && !visit.bot) {
                Some(visitor) => self.claim_marker(owner, slug, found, visitor).await?,
                None => false,
            };
            self.count_day(owner, slug, found, visit, new_visitor).await
        };
        let update = wire::UpdateItem {
            table_name: self.name(),
            key: wire::item(counter_key(owner, slug, shard)),
            update_expression: "ADD #counter :one",
            condition_expression: Some("attribute_exists(#pk)"),
            expression_attribute_names: HashMap::from([("#pk", PK), ("#counter", counter_name)]),
            expression_attribute_values: HashMap::from([(":one", wire::n(1))]),
        };
        let count = async {
            // Only the transaction that creates a link touches its counters (edits and deletes
            // use plain writes), so a conflict is rare: a click on a link deleted and created
            // again a moment before. DynamoDB then refuses the `ADD`, and a moment later takes it.
            let mut attempts = super::retry::Attempts::new(4);
            while attempts.next().await {
                match self.wire.update_item(&update).await {
                    Ok(()) => return Ok(()),
                    // Deleted between the redirect and now: nothing left to count.
                    Err(failure) if failure.is("ConditionalCheckFailedException") => return Ok(()),
                    Err(failure) if failure.is("TransactionConflictException") => continue,
                    Err(failure) => return Err(Error::from(failure)),
                }
            }
            Err(Error::Unavailable("click still conflicting after retries".into()))
        };
        let (recorded, counted, aggregated) = tokio::join!(record, count, per_day);
        counted?;
        aggregated?;
        recorded
    }
}

/// Visits one export query reads at most (about 300 bytes each: well under a 1 MB page).
const EXPORT_QUERY_PAGE: i32 = 1_000;

/// What the redirect's read asks of a counter shard, the owner's `GONE` item and a visitor's
/// marker at once (the key says which is which).
const SEEN_OR_TARGET: &str = "pk, target, created_ms, valid_until";
/// Markers and day keys go two days after their day: TTL deletes within about two days, and
/// their keys name the day, so no later day ever reads them.
const MARKER_RETENTION_SECONDS: i64 = 2 * 24 * 3600;

impl Table {
    /// Writes the visitor's marker for the link's generation unless it is there: `true` when
    /// this click wrote it (the visitor's first of the day), `false` when another was first.
    async fn claim_marker(
        &self,
        owner: &str,
        slug: &str,
        found: &Found,
        visitor: &VisitorId,
    ) -> Result<bool> {
        let item = SeenItem {
            created_ms: found.created_ms,
            expires_at: day_start(visitor.day) + MARKER_RETENTION_SECONDS,
        };
        let key = seen_key(owner, slug, visitor);
        let put = wire::PutItem {
            condition_expression: Some("attribute_not_exists(#pk) OR created_ms <> :created"),
            expression_attribute_names: HashMap::from([("#pk", PK)]),
            expression_attribute_values: HashMap::from([(":created", wire::n(found.created_ms))]),
            ..wire::PutItem::new(self.name(), wire::item(to_item(key, &item)?))
        };
        match self.wire.put_item(&put).await {
            Ok(()) => Ok(true),
            Err(failure) if failure.is("ConditionalCheckFailedException") => Ok(false),
            Err(failure) => Err(failure.into()),
        }
    }

    /// The `ADD`s to the shard's aggregate of the visit's day: a bot hit's count, or a click
    /// with one counter per breakdown. A click from a referrer host the aggregate has not seen,
    /// once it holds [`MAX_REFERRER_HOSTS`] of them, is refused by the condition and sent
    /// again under [`FOLDED`]: one request, or two past the cap, never an unbounded item.
    async fn count_day(
        &self,
        owner: &str,
        slug: &str,
        found: &Found,
        visit: &Visit,
        new_visitor: bool,
    ) -> Result<()> {
        let day = utc_day(visit.at_ms);
        let expires = day_start(day) + DAY_RETENTION_SECONDS;
        let key = super::items::key(days_pk(owner, slug, found.shard), &day_sk(found.created_ms, day));
        if visit.bot {
            let update = wire::UpdateItem {
                table_name: self.name(),
                key: wire::item(key),
                update_expression: "ADD bot_hits :one SET expires_at = :expires",
                condition_expression: None,
                expression_attribute_names: HashMap::new(),
                expression_attribute_values: HashMap::from([
                    (":one", wire::n(1)),
                    (":expires", wire::n(expires)),
                ]),
            };
            return self.wire.update_item(&update).await.map_err(Error::from);
        }
        let agent = Agent::of(&visit.user_agent);
        let host = referrer_host(&visit.referrer);
        let others = [
            (Dimension::Browser, agent.browser.as_str()),
            (Dimension::System, agent.system.as_str()),
            (Dimension::Device, agent.device),
            (Dimension::Country, visit.country.as_str()),
        ]
        .map(|(dimension, value)| breakdown_attribute(dimension, value));
        let mut referrer = breakdown_attribute(Dimension::Referrer, &host);
        let mut capped = true;
        loop {
            let names = HashMap::from([
                ("#ref", referrer.as_str()),
                ("#browser", others[0].as_str()),
                ("#os", others[1].as_str()),
                ("#device", others[2].as_str()),
                ("#country", others[3].as_str()),
                ("#hosts", REFERRER_HOSTS),
            ]);
            let mut values = HashMap::from([
                (":one", wire::n(1)),
                (":expires", wire::n(expires)),
                (":host", serde_dynamo::AttributeValue::Ss(vec![referrer.clone()])),
            ]);
            if capped {
                values.insert(":cap", wire::n(MAX_REFERRER_HOSTS as i64));
            }
            let update = wire::UpdateItem {
                table_name: self.name(),
                key: wire::item(key.clone()),
                update_expression: if new_visitor {
                    "ADD clicks :one, visitors :one, #ref :one, #browser :one, #os :one, #device :one, \
                     #country :one, #hosts :host SET expires_at = :expires"
                } else {
                    "ADD clicks :one, #ref :one, #browser :one, #os :one, #device :one, \
                     #country :one, #hosts :host SET expires_at = :expires"
                },
                condition_expression: capped.then_some(
                    "attribute_exists(#ref) OR attribute_not_exists(#hosts) OR size(#hosts) < :cap",
                ),
                expression_attribute_names: names,
                expression_attribute_values: values,
            };
            match self.wire.update_item(&update).await {
                Err(failure) if capped && failure.is("ConditionalCheckFailedException") => {
                    referrer = breakdown_attribute(Dimension::Referrer, FOLDED);
                    capped = false;
                }
                outcome => return outcome.map_err(Error::from),
            }
        }
    }
}

fn random_shard() -> usize {
    let mut byte = [0u8; 1];
    getrandom::fill(&mut byte).expect("the operating system's random source");
    usize::from(byte[0]) % COUNTER_SHARDS
}
