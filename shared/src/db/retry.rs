//! The one retry schedule for work DynamoDB asks to be tried again (a transaction conflict, a
//! throttled or half-processed batch): "full jitter" backoff, each pause drawn uniformly from
//! zero to an exponentially growing cap, so retries that collided once spread out instead of
//! colliding again on the same schedule.

use std::time::Duration;

/// The cap before the second attempt; it doubles for each further one...
const BASE: Duration = Duration::from_millis(10);
/// ...up to this.
const MAX_PAUSE: Duration = Duration::from_millis(320);

/// The attempts of one piece of work: `while attempts.next().await { ... }` runs the body up
/// to `max` times, pausing before every attempt but the first; the body `return`s its
/// outcome, or goes round again to retry.
pub(crate) struct Attempts {
    max: u32,
    done: u32,
}

impl Attempts {
    pub(crate) fn new(max: u32) -> Self {
        Self { max, done: 0 }
    }

    /// Whether another attempt is allowed, after its pause.
    pub(crate) async fn next(&mut self) -> bool {
        if self.done == self.max {
            return false;
        }
        if self.done > 0 {
            tokio::time::sleep(pause(self.done)).await;
        }
        self.done += 1;
        true
    }
}

/// Uniform in `0..=min(MAX_PAUSE, BASE · 2^(done - 1))` after `done` attempts.
fn pause(done: u32) -> Duration {
    let cap = BASE
        .saturating_mul(1 << (done - 1).min(16))
        .min(MAX_PAUSE)
        .as_micros() as u64;
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    Duration::from_micros(u64::from_le_bytes(bytes) % (cap + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_are_drawn_up_to_a_doubling_cap() {
        for (done, cap) in [(1, 10), (2, 20), (3, 40), (6, 320), (30, 320)] {
            let pauses: Vec<Duration> = (0..400).map(|_| pause(done)).collect();
            let cap = Duration::from_millis(cap);
            assert!(pauses.iter().all(|p| *p <= cap), "after {done}: {pauses:?}");
            // Spread over the whole range, not a few fixed values.
            assert!(pauses.iter().any(|p| *p < cap / 4) && pauses.iter().any(|p| *p > cap * 3 / 4));
        }
    }

    #[tokio::test(start_paused = true)]
    async fn attempts_run_out_after_the_last_with_pauses_between() {
        let started = tokio::time::Instant::now();
        let mut attempts = Attempts::new(4);
        let mut runs = 0;
        while attempts.next().await {
            runs += 1;
        }
        assert_eq!(runs, 4);
        assert!(started.elapsed() <= Duration::from_millis(10 + 20 + 40));
        assert!(!attempts.next().await, "none left");
    }
}
