//! A link's clicks per UTC day over a period, and the chart the link page draws from them.
//!
//! The figures come from per-day aggregates the redirect keeps as clicks happen
//! (`db::items::DayItem`), never from the visits, so a period costs the same to show for ten
//! clicks and for ten million. The chart is inline SVG built here and drawn by the template:
//! no script, no chart library, nothing the CSP has to allow.

use std::collections::HashMap;

use time::{Date, Duration};

use super::store::Clicks;
use crate::error::{Error, Result};

/// The days the list of links counts each link's recent clicks over, today included.
pub const RECENT_DAYS: u32 = 7;

/// The periods the link page offers (`?days=`), and the one it shows without.
pub const PERIODS: [u32; 3] = [7, 30, 90];
pub const DEFAULT_PERIOD: u32 = 30;

/// The last `days` UTC days, today included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period(u32);

impl Period {
    /// `?days=` as given: absent is the default; anything but one of [`PERIODS`] is a 400.
    pub fn parse(days: Option<&str>) -> Result<Self> {
        let Some(days) = days else {
            return Ok(Self(DEFAULT_PERIOD));
        };
        days.parse()
            .ok()
            .filter(|days| PERIODS.contains(days))
            .map(Self)
            .ok_or_else(|| Error::BadRequest("Clicks can be shown for the last 7, 30 or 90 days.".into()))
    }

    /// One of [`PERIODS`], named by the code rather than a visitor.
    pub(crate) fn of(days: u32) -> Self {
        debug_assert!(PERIODS.contains(&days), "{days} is not a period");
        Self(days)
    }

    pub fn days(self) -> u32 {
        self.0
    }

    /// The first day of the period that ends `today`.
    pub fn first_day(self, today: Date) -> Date {
        today - Duration::days(i64::from(self.0) - 1)
    }
}

/// The UTC day of an instant in epoch milliseconds.
pub fn utc_day(at_ms: i64) -> Date {
    time::OffsetDateTime::from_unix_timestamp(at_ms.div_euclid(1000))
        .map_or(Date::MIN, time::OffsetDateTime::date)
}

/// Where a UTC day starts, in epoch seconds: what expiries and a period's first instant count from.
pub fn day_start(day: Date) -> i64 {
    day.midnight().assume_utc().unix_timestamp()
}

/// One day's counts: clicks from people and bot hits, and the people's distinct visitors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayCounts {
    pub clicks: Clicks,
    pub visitors: i64,
}

impl DayCounts {
    pub fn add(&mut self, other: DayCounts) {
        self.clicks.human += other.clicks.human;
        self.clicks.bot += other.clicks.bot;
        self.visitors += other.visitors;
    }
}

/// One day's clicks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayClicks {
    pub day: Date,
    pub clicks: Clicks,
    pub visitors: i64,
}

/// Every day of a period, oldest first, with the clicks of each (zero where none were counted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Daily {
    pub days: Vec<DayClicks>,
}

impl Daily {
    pub fn zero_filled(period: Period, today: Date, counted: &HashMap<Date, DayCounts>) -> Self {
        let first = period.first_day(today);
        let days = (0..i64::from(period.days()))
            .map(|offset| {
                let day = first + Duration::days(offset);
                let counts = counted.get(&day).copied().unwrap_or_default();
                DayClicks {
                    day,
                    clicks: counts.clicks,
                    visitors: counts.visitors,
                }
            })
            .collect();
        Self { days }
    }

    /// Unique visitors over the period: the sum of each day's (visitor-days).
    pub fn visitors(&self) -> i64 {
        self.days.iter().map(|day| day.visitors).sum()
    }

    pub fn total(&self) -> Clicks {
        self.days.iter().fold(Clicks::default(), |total, day| Clicks {
            human: total.human + day.clicks.human,
            bot: total.bot + day.clicks.bot,
        })
    }
}

/// What a period's clicks from people are broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    Referrer,
    Browser,
    System,
    Device,
    Country,
}

impl Dimension {
    pub const ALL: [Dimension; 5] = [
        Dimension::Referrer,
        Dimension::Browser,
        Dimension::System,
        Dimension::Device,
        Dimension::Country,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Dimension::Referrer => "Referrers",
            Dimension::Browser => "Browsers",
            Dimension::System => "Systems",
            Dimension::Device => "Devices",
            Dimension::Country => "Countries",
        }
    }

    /// What the page calls a stored value: an empty referrer is a direct visit, an empty
    /// country one no trusted CDN named, and [`FOLDED`] the referrers past a day's cap.
    pub fn label(self, value: &str) -> String {
        match (self, value) {
            (Dimension::Referrer, "") => "direct".to_string(),
            (Dimension::Referrer, FOLDED) => "other sites".to_string(),
            (Dimension::Country, "") => "unknown".to_string(),
            _ => value.to_string(),
        }
    }
}

/// The value distinct referrer hosts past [`MAX_REFERRER_HOSTS`] are counted under: not a
/// host name, so it names no real site.
pub const FOLDED: &str = "*";
/// Distinct referrer hosts one shard keeps for one day; the rest are counted under [`FOLDED`],
/// so no aggregate grows without bound (an attacker can send any `Referer`).
pub const MAX_REFERRER_HOSTS: usize = 100;
/// Rows each breakdown shows before "other".
pub const TOP_VALUES: usize = 10;

/// A period's clicks from people, by dimension and value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Breakdowns(HashMap<Dimension, HashMap<String, i64>>);

impl Breakdowns {
    pub fn add(&mut self, dimension: Dimension, value: &str, count: i64) {
        *self
            .0
            .entry(dimension)
            .or_default()
            .entry(value.to_string())
            .or_default() += count;
    }

    pub fn add_all(&mut self, other: &Breakdowns) {
        for (dimension, values) in &other.0 {
            for (value, count) in values {
                self.add(*dimension, value, *count);
            }
        }
    }

    /// Every `(dimension, value, count)`, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (Dimension, &str, i64)> {
        self.0.iter().flat_map(|(dimension, values)| {
            values
                .iter()
                .map(|(value, count)| (*dimension, value.as_str(), *count))
        })
    }

    /// Keeps the `keep` values of `dimension` with the most clicks (ties by value) and counts
    /// the rest under `folded`.
    pub fn fold(&mut self, dimension: Dimension, keep: usize, folded: &str) {
        let Some(values) = self.0.get_mut(&dimension) else {
            return;
        };
        let already = values.remove(folded).unwrap_or(0);
        let mut ranked: Vec<(String, i64)> = values.drain().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let rest: i64 = ranked.iter().skip(keep).map(|(_, count)| count).sum();
        ranked.truncate(keep);
        values.extend(ranked);
        if already + rest != 0 {
            values.insert(folded.to_string(), already + rest);
        }
    }

    #[cfg(test)]
    pub(crate) fn values(&self, dimension: Dimension) -> usize {
        self.0.get(&dimension).map_or(0, HashMap::len)
    }

    #[cfg(test)]
    pub(crate) fn sum(&self, dimension: Dimension) -> i64 {
        self.0.get(&dimension).map_or(0, |values| values.values().sum())
    }

    #[cfg(test)]
    pub(crate) fn count(&self, dimension: Dimension, value: &str) -> i64 {
        self.0
            .get(&dimension)
            .and_then(|values| values.get(value))
            .copied()
            .unwrap_or(0)
    }

    /// The [`TOP_VALUES`] by count (ties by label), and what the rest add up to.
    pub fn ranked(&self, dimension: Dimension) -> Ranked {
        let mut rows: Vec<(String, i64)> = self
            .0
            .get(&dimension)
            .into_iter()
            .flatten()
            .filter(|(_, count)| **count > 0)
            .map(|(value, count)| (dimension.label(value), *count))
            .collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let other = rows.iter().skip(TOP_VALUES).map(|(_, count)| count).sum();
        rows.truncate(TOP_VALUES);
        Ranked { rows, other }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub rows: Vec<(String, i64)>,
    pub other: i64,
}

/// A period's counts as the store reads them: per day, and broken down.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodCounts {
    pub per_day: HashMap<Date, DayCounts>,
    pub breakdowns: Breakdowns,
}

/// `6 Dec`, for the chart's axis and its table.
pub fn short_day(day: Date) -> String {
    format!(
        "{} {}",
        day.day(),
        &MONTHS[usize::from(u8::from(day.month())) - 1]
    )
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

// The chart's drawing area, in the SVG's own units (it scales to the page's width).
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 712.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 192.0;

/// The chart of a [`Daily`]: people as bars, bot hits as a line with a dot per day, so the two
/// series differ in shape as well as colour. Coordinates are rounded to tenths.
#[derive(Debug)]
pub struct Chart {
    pub width: f64,
    pub height: f64,
    pub bars: Vec<Bar>,
    /// The bot hits' line (`points` of a polyline) and its dots.
    pub bot_line: String,
    pub bot_dots: Vec<Dot>,
    /// Horizontal gridlines with their value: zero, half the scale and the scale.
    pub gridlines: Vec<Gridline>,
    /// Day labels under the axis: the first, the middle and the last day.
    pub labels: Vec<Label>,
    pub left: f64,
    pub right: f64,
    pub bottom: f64,
}

#[derive(Debug)]
pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// What a pointer over the day shows (the SVG `<title>`).
    pub title: String,
}

#[derive(Debug)]
pub struct Dot {
    pub x: f64,
    pub y: f64,
}

#[derive(Debug)]
pub struct Gridline {
    pub y: f64,
    pub value: i64,
}

#[derive(Debug)]
pub struct Label {
    pub x: f64,
    pub text: String,
}

impl Chart {
    pub fn new(daily: &Daily) -> Self {
        let count = daily.days.len().max(1) as f64;
        let peak = daily
            .days
            .iter()
            .map(|d| d.clicks.human.max(d.clicks.bot))
            .max()
            .unwrap_or(0);
        let scale = nice_ceiling(peak);
        let slot = (RIGHT - LEFT) / count;
        let y_of = |value: i64| BOTTOM - (BOTTOM - TOP) * value as f64 / scale as f64;
        let centre = |index: usize| LEFT + slot * (index as f64 + 0.5);
        let bars = daily
            .days
            .iter()
            .enumerate()
            .map(|(index, day)| {
                let y = y_of(day.clicks.human);
                Bar {
                    x: tenths(LEFT + slot * index as f64 + slot * 0.15),
                    y: tenths(y),
                    width: tenths(slot * 0.7),
                    height: tenths(BOTTOM - y),
                    title: format!(
                        "{}: {} from people, {} bot hits",
                        short_day(day.day),
                        day.clicks.human,
                        day.clicks.bot
                    ),
                }
            })
            .collect();
        let bot_dots: Vec<Dot> = daily
            .days
            .iter()
            .enumerate()
            .map(|(index, day)| Dot {
                x: tenths(centre(index)),
                y: tenths(y_of(day.clicks.bot)),
            })
            .collect();
        let bot_line = bot_dots
            .iter()
            .map(|dot| format!("{},{}", dot.x, dot.y))
            .collect::<Vec<_>>()
            .join(" ");
        let gridlines = [0, scale / 2, scale]
            .into_iter()
            .map(|value| Gridline {
                y: tenths(y_of(value)),
                value,
            })
            .collect();
        let last = daily.days.len().saturating_sub(1);
        let mut marked = vec![0, last / 2, last];
        marked.dedup();
        let labels = marked
            .into_iter()
            .filter_map(|index| {
                daily.days.get(index).map(|day| Label {
                    x: tenths(centre(index)),
                    text: short_day(day.day),
                })
            })
            .collect();
        Self {
            width: WIDTH,
            height: HEIGHT,
            bars,
            bot_line,
            bot_dots,
            gridlines,
            labels,
            left: LEFT,
            right: RIGHT,
            bottom: BOTTOM,
        }
    }
}

/// The smallest of 2, 4 or 10 × 10ⁿ not below `peak`: a round scale whose half-way gridline is a
/// whole number too.
fn nice_ceiling(peak: i64) -> i64 {
    let mut step = 1;
    loop {
        for factor in [2, 4, 10] {
            if factor * step >= peak {
                return factor * step;
            }
        }
        step *= 10;
    }
}

fn tenths(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn a_period_is_7_30_or_90_days_and_30_by_default() {
        assert_eq!(Period::parse(None).unwrap().days(), 30);
        for days in ["7", "30", "90"] {
            assert_eq!(Period::parse(Some(days)).unwrap().days().to_string(), days);
        }
        for bad in ["", "0", "8", "365", "-7", "7.0", "seven", "99999999999999999999"] {
            assert!(
                matches!(Period::parse(Some(bad)), Err(Error::BadRequest(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn every_day_of_the_period_is_present_oldest_first() {
        let today = date!(2026 - 03 - 02);
        let counts = |human, bot, visitors| DayCounts {
            clicks: Clicks { human, bot },
            visitors,
        };
        let counted = HashMap::from([
            (date!(2026 - 02 - 28), counts(3, 1, 2)),
            // Outside the period: not shown.
            (date!(2026 - 02 - 23), counts(50, 0, 9)),
        ]);
        let daily = Daily::zero_filled(Period::parse(Some("7")).unwrap(), today, &counted);
        let days: Vec<String> = daily.days.iter().map(|d| d.day.to_string()).collect();
        assert_eq!(
            days,
            [
                "2026-02-24",
                "2026-02-25",
                "2026-02-26",
                "2026-02-27",
                "2026-02-28",
                "2026-03-01",
                "2026-03-02"
            ]
        );
        assert_eq!(daily.days[4].clicks, Clicks { human: 3, bot: 1 });
        assert_eq!(daily.total(), Clicks { human: 3, bot: 1 });
        assert_eq!(daily.visitors(), 2);
    }

    #[test]
    fn days_are_utc() {
        assert_eq!(utc_day(0).to_string(), "1970-01-01");
        assert_eq!(utc_day(86_400_000 - 1).to_string(), "1970-01-01");
        assert_eq!(utc_day(86_400_000).to_string(), "1970-01-02");
        assert_eq!(day_start(utc_day(86_400_000 + 5)), 86_400);
        assert_eq!(short_day(date!(2026 - 12 - 06)), "6 Dec");
    }

    #[test]
    fn the_chart_scales_to_the_busiest_day_and_draws_every_day() {
        let today = date!(2026 - 12 - 06);
        let counted = HashMap::from([(
            today,
            DayCounts {
                clicks: Clicks { human: 7, bot: 3 },
                visitors: 4,
            },
        )]);
        let chart = Chart::new(&Daily::zero_filled(
            Period::parse(Some("7")).unwrap(),
            today,
            &counted,
        ));
        assert_eq!(chart.bars.len(), 7);
        assert_eq!(chart.bot_dots.len(), 7);
        let values: Vec<i64> = chart.gridlines.iter().map(|g| g.value).collect();
        assert_eq!(values, [0, 5, 10]);
        let last = chart.bars.last().unwrap();
        assert!(
            (last.y + last.height - BOTTOM).abs() < 0.2,
            "bars stand on the axis"
        );
        assert!(
            (last.height - (BOTTOM - TOP) * 0.7).abs() < 0.2,
            "7 of 10: {last:?}"
        );
        assert_eq!(chart.bars[0].height, 0.0);
        assert_eq!(last.title, "6 Dec: 7 from people, 3 bot hits");
        let labels: Vec<&str> = chart.labels.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(labels, ["30 Nov", "3 Dec", "6 Dec"]);
    }

    #[test]
    fn a_breakdown_shows_the_top_ten_and_adds_up_the_rest() {
        let mut breakdowns = Breakdowns::default();
        for (index, host) in ["a.example", "b.example", "", FOLDED].into_iter().enumerate() {
            breakdowns.add(Dimension::Referrer, host, 20 - index as i64);
        }
        for index in 0..12 {
            breakdowns.add(Dimension::Browser, &format!("browser {index:02}"), 1);
        }
        breakdowns.add(Dimension::Browser, "browser 11", 5);
        let referrers = breakdowns.ranked(Dimension::Referrer);
        let labels: Vec<&str> = referrers.rows.iter().map(|(label, _)| label.as_str()).collect();
        assert_eq!(labels, ["a.example", "b.example", "direct", "other sites"]);
        assert_eq!(referrers.other, 0);
        let browsers = breakdowns.ranked(Dimension::Browser);
        assert_eq!(browsers.rows[0], ("browser 11".to_string(), 6));
        assert_eq!(browsers.rows.len(), TOP_VALUES);
        assert_eq!(browsers.other, 2, "browsers 09 and 10, past the ten");
        assert_eq!(Dimension::Country.label(""), "unknown");
    }

    #[test]
    fn scales_are_round_numbers_and_an_empty_chart_still_has_one() {
        let cases = [
            (0, 2),
            (1, 2),
            (2, 2),
            (3, 4),
            (5, 10),
            (11, 20),
            (38, 40),
            (41, 100),
            (999, 1000),
        ];
        for (peak, scale) in cases {
            assert_eq!(nice_ceiling(peak), scale, "{peak}");
        }
    }
}
