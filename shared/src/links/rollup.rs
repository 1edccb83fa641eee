//! A link's days before today, summed once a day: what keeps a busy link's page as cheap as a
//! quiet one's.
//!
//! The redirect keeps one aggregate per link, shard and UTC day (`stats`). Summing a 90-day
//! period from those means reading up to 900 items of a few dozen counters each, and a busy
//! link's page took about 7× a quiet one's (BENCHMARKS.md, "The link page at volume"). But only
//! today's aggregates still change. So the first view of a link on a day sums the days before it
//! into one roll-up, stored beside the link, and every other view that day reads that item and
//! today's ten aggregates in one `BatchGetItem`: the same few items for ten clicks and for ten
//! million.
//!
//! A day is final [`SETTLE`] after it ends: a click's writes are made after its response, within
//! the function's timeout and the after-response deadline of the moment it was counted on. A
//! roll-up is stored only once its last day is final; before that the page sums the days as
//! it read them, as it always could, and stores nothing. A roll-up serves only the day after its
//! last day (an older one is summed again), and expires by TTL soon after, so one left by a
//! deleted link goes by itself; it is named by the link's generation (`created_ms`) as the
//! aggregates are, so a new link with the same slug never sees it.
//!
//! Referrer hosts are kept per period to the [`MAX_REFERRER_HOSTS`] with the most clicks, the
//! rest counted as "other sites" (an attacker can send any `Referer`, and an item holds at most
//! 400 KB). Sums stay exact; a host outside those hundred until today is ranked on today's clicks.

use std::time::Duration;

use time::Date;

use super::stats::{
    Breakdowns, DayCounts, Dimension, FOLDED, MAX_REFERRER_HOSTS, PERIODS, Period, PeriodCounts,
};
use super::store::{Link, LinkStore};
use crate::error::Result;

/// How long after midnight UTC the day just ended is final. A click's writes land within the
/// function's timeout (10 s, `template.yaml`) plus the after-response deadline (at most 8 s,
/// `config`) of its counting; a minute leaves room for clocks.
pub const SETTLE: Duration = Duration::from_secs(60);

/// The days before today that the longest period shows.
const DAYS: i64 = PERIODS[PERIODS.len() - 1] as i64 - 1;

/// One UTC day of a link, every shard added up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayTotals {
    pub counts: DayCounts,
    pub breakdowns: Breakdowns,
}

impl DayTotals {
    pub fn add(&mut self, other: &DayTotals) {
        self.counts.add(other.counts);
        self.breakdowns.add_all(&other.breakdowns);
    }
}

/// A link's counts over the [`DAYS`] days through `through`, for the day after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rollup {
    /// The last day summed.
    pub through: Date,
    /// The counts of each day, oldest first, the last one `through`'s.
    pub days: Vec<DayCounts>,
    /// For each of [`PERIODS`], the breakdowns of its days before the day served.
    pub breakdowns: Vec<Breakdowns>,
}

impl Rollup {
    /// The days before `today` among `days` (others are left out).
    pub fn new(today: Date, days: &[(Date, DayTotals)]) -> Self {
        let through = today.previous_day().unwrap_or(Date::MIN);
        let first = today - time::Duration::days(DAYS);
        let mut counts = vec![DayCounts::default(); DAYS as usize];
        let mut breakdowns = vec![Breakdowns::default(); PERIODS.len()];
        for (day, totals) in days.iter().filter(|(day, _)| (first..today).contains(day)) {
            let index = (*day - first).whole_days() as usize;
            counts[index].add(totals.counts);
            for (period, breakdown) in PERIODS.iter().zip(&mut breakdowns) {
                if *day >= Period::of(*period).first_day(today) {
                    breakdown.add_all(&totals.breakdowns);
                }
            }
        }
        for breakdown in &mut breakdowns {
            breakdown.fold(Dimension::Referrer, MAX_REFERRER_HOSTS, FOLDED);
        }
        Self {
            through,
            days: counts,
            breakdowns,
        }
    }

    /// Whether it holds every day before `today`, and no later one.
    pub fn serves(&self, today: Date) -> bool {
        self.through.next_day() == Some(today)
    }

    /// `period`'s counts, with `today`'s own added, for the day this roll-up serves.
    pub fn with_today(&self, period: Period, today: &DayTotals) -> PeriodCounts {
        let day_served = self.through.next_day().unwrap_or(Date::MAX);
        let first = period.first_day(day_served);
        let oldest = day_served - time::Duration::days(DAYS);
        let mut counts = PeriodCounts::default();
        for (offset, day) in self.days.iter().enumerate() {
            let date = oldest + time::Duration::days(offset as i64);
            if date >= first && *day != DayCounts::default() {
                counts.per_day.insert(date, *day);
            }
        }
        if today.counts != DayCounts::default() {
            counts.per_day.insert(day_served, today.counts);
        }
        if let Some(index) = PERIODS.iter().position(|days| *days == period.days())
            && let Some(breakdowns) = self.breakdowns.get(index)
        {
            counts.breakdowns.add_all(breakdowns);
        }
        counts.breakdowns.add_all(&today.breakdowns);
        counts
    }
}

/// `period`'s counts as of `now_ms`: from today's roll-up and today's aggregates when the
/// roll-up is there (one request), else from every day's aggregates, storing the roll-up for
/// the rest of the day once the day before is final.
pub async fn period_counts<S: LinkStore>(
    store: &S,
    owner: &str,
    link: &Link,
    period: Period,
    now_ms: i64,
) -> Result<PeriodCounts> {
    let today = super::stats::utc_day(now_ms);
    let (stored, today_totals) = store.rollup_and_today(owner, link, today).await?;
    if let Some(rollup) = stored.filter(|rollup| rollup.serves(today)) {
        return Ok(rollup.with_today(period, &today_totals));
    }
    let rollup = if super::stats::utc_day(link.created_ms) == today {
        // Nothing before today to read, nor to store.
        Rollup::new(today, &[])
    } else {
        let first = today - time::Duration::days(DAYS);
        let yesterday = today.previous_day().unwrap_or(Date::MIN);
        let days = store.day_totals(owner, link, first, yesterday).await?;
        let rollup = Rollup::new(today, &days);
        let settled_ms = super::stats::day_start(today) * 1000 + SETTLE.as_millis() as i64;
        if now_ms >= settled_ms {
            // The page is right without it: a failure costs the next view a recount, not this one.
            if let Err(error) = store.save_rollup(owner, link, &rollup).await {
                tracing::warn!(%error, "roll-up not stored");
            }
        }
        rollup
    };
    Ok(rollup.with_today(period, &today_totals))
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::links::store::Clicks;

    fn day(human: i64, bot: i64, visitors: i64, referrers: &[(&str, i64)]) -> DayTotals {
        let mut breakdowns = Breakdowns::default();
        for (host, count) in referrers {
            breakdowns.add(Dimension::Referrer, host, *count);
        }
        DayTotals {
            counts: DayCounts {
                clicks: Clicks { human, bot },
                visitors,
            },
            breakdowns,
        }
    }

    #[test]
    fn a_period_adds_its_days_before_today_to_today() {
        let today = date!(2026 - 12 - 06);
        let days = [
            (date!(2026 - 12 - 05), day(3, 1, 2, &[("a.example", 3)])),
            // In the 30 and 90 days only.
            (date!(2026 - 11 - 20), day(5, 0, 5, &[("b.example", 5)])),
            // In the 90 days only: 2026-09-08 is the first of them.
            (date!(2026 - 09 - 08), day(7, 0, 7, &[("a.example", 7)])),
            // Too old, and today's (which the roll-up never holds).
            (date!(2026 - 09 - 07), day(100, 0, 1, &[("old.example", 100)])),
            (today, day(1000, 0, 1, &[("now.example", 1000)])),
        ];
        let rollup = Rollup::new(today, &days);
        assert!(rollup.serves(today));
        assert!(!rollup.serves(date!(2026 - 12 - 07)));
        assert!(!rollup.serves(date!(2026 - 12 - 05)));
        let now = day(2, 2, 1, &[("a.example", 1), ("", 1)]);

        let week = rollup.with_today(Period::of(7), &now);
        let total: i64 = week.per_day.values().map(|d| d.clicks.human).sum();
        assert_eq!(total, 5);
        assert_eq!(week.per_day[&today].clicks, Clicks { human: 2, bot: 2 });
        assert_eq!(
            week.breakdowns.ranked(Dimension::Referrer).rows,
            [("a.example".to_string(), 4), ("direct".to_string(), 1)]
        );

        let month = rollup.with_today(Period::of(30), &now);
        assert_eq!(month.per_day.len(), 3);
        assert_eq!(
            month.breakdowns.ranked(Dimension::Referrer).rows[0],
            ("b.example".to_string(), 5)
        );

        let quarter = rollup.with_today(Period::of(90), &now);
        assert_eq!(quarter.per_day.len(), 4);
        let visitors: i64 = quarter.per_day.values().map(|d| d.visitors).sum();
        assert_eq!(visitors, 15);
        assert_eq!(
            quarter.breakdowns.ranked(Dimension::Referrer).rows[0],
            ("a.example".to_string(), 11)
        );
    }

    #[test]
    fn referrers_past_the_cap_are_folded_and_still_counted() {
        let today = date!(2026 - 12 - 06);
        let hosts: Vec<(String, i64)> = (0..MAX_REFERRER_HOSTS + 20)
            .map(|index| (format!("site{index:03}.example"), index as i64 + 1))
            .collect();
        let referrers: Vec<(&str, i64)> = hosts
            .iter()
            .map(|(host, count)| (host.as_str(), *count))
            .collect();
        let yesterday = day(0, 0, 0, &referrers);
        let rollup = Rollup::new(today, &[(date!(2026 - 12 - 05), yesterday)]);
        let kept = &rollup.breakdowns[0];
        assert_eq!(
            kept.values(Dimension::Referrer),
            MAX_REFERRER_HOSTS + 1,
            "the hundred and the fold"
        );
        let total: i64 = hosts.iter().map(|(_, count)| count).sum();
        assert_eq!(kept.sum(Dimension::Referrer), total);
        // The twenty with the fewest clicks (1 to 20) are the ones folded.
        assert_eq!(kept.count(Dimension::Referrer, FOLDED), (1..=20).sum::<i64>());
        assert_eq!(kept.count(Dimension::Referrer, "site119.example"), 120);
    }
}
