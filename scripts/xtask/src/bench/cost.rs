//! What each function's events cost in Lambda at 128, 256, 512 and 1,024 MB, modelled from
//! the CPU per event measured here and the DynamoDB round trips it waits for.
//!
//! Lambda gives a function a share of a vCPU proportional to its memory (one full vCPU at
//! 1,769 MB), so an event's CPU is stretched by 1,769 / MB below that; its waits on DynamoDB
//! are not. Duration = CPU ÷ share + round trips × one round trip; billed in whole
//! milliseconds, at arm64's price per GB-second, plus the price per request. The inputs this
//! machine cannot measure are assumptions, written here once: one in-region DynamoDB round
//! trip, and a Graviton core as fast as a core of this machine. A real deployment confirms
//! both (the CPU issue's model, BENCHMARKS.md "Memory size from the figures").

/// Memory at which Lambda gives a function one full vCPU.
const FULL_VCPU_MB: f64 = 1_769.0;
/// Lambda arm64 duration price, US East (N. Virginia), first 7.5 billion GB-s a month.
const ARM64_PER_GB_SECOND: f64 = 0.000_013_333_4;
/// Lambda's price per million requests (both architectures).
const PER_MILLION_REQUESTS: f64 = 0.20;
/// Assumed: one single-item DynamoDB request from Lambda in the same region, end to end.
pub const DYNAMODB_ROUND_TRIP_MS: f64 = 4.0;
/// The sizes the model compares.
pub const MEMORY_SIZES_MB: [u32; 4] = [128, 256, 512, 1_024];

/// One kind of event, as measured.
pub struct Workload {
    pub function: &'static str,
    pub what: &'static str,
    /// Process CPU per event on this machine, at a full core.
    pub cpu_us: f64,
    /// DynamoDB round trips the event waits for one after another (concurrent ones count once).
    pub round_trips: u32,
    /// The part of `cpu_us` the caller waits for (the rest runs after the response).
    pub caller_cpu_us: f64,
    /// Of `round_trips`, those before the response (one for the redirect's read).
    pub caller_round_trips: u32,
}

/// The model at one memory size.
pub struct Estimate {
    /// The sandbox's time for the event (what is billed, before rounding up).
    pub duration_ms: f64,
    /// What the caller waits for of it: their share of the CPU, and the round trips before
    /// the response.
    pub caller_ms: f64,
    pub cost_per_million: f64,
}

fn cpu_share(memory_mb: u32) -> f64 {
    (f64::from(memory_mb) / FULL_VCPU_MB).min(1.0)
}

impl Workload {
    pub fn estimate(&self, memory_mb: u32) -> Estimate {
        let share = cpu_share(memory_mb);
        let duration_ms =
            self.cpu_us / 1_000.0 / share + f64::from(self.round_trips) * DYNAMODB_ROUND_TRIP_MS;
        let caller_ms = self.caller_cpu_us / 1_000.0 / share
            + f64::from(self.caller_round_trips) * DYNAMODB_ROUND_TRIP_MS;
        let billed_seconds = duration_ms.ceil() / 1_000.0;
        let gigabytes = f64::from(memory_mb) / 1_024.0;
        Estimate {
            duration_ms,
            caller_ms,
            cost_per_million: PER_MILLION_REQUESTS + billed_seconds * gigabytes * ARM64_PER_GB_SECOND * 1e6,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_is_stretched_below_a_full_vcpu_and_waits_are_not() {
        let click = Workload {
            function: "redirect",
            what: "a click",
            cpu_us: 500.0,
            round_trips: 2,
            caller_cpu_us: 300.0,
            caller_round_trips: 1,
        };
        let small = click.estimate(128);
        // 0.5 ms at 128/1769 of a core is 6.9 ms, plus two 4 ms round trips.
        assert!((small.duration_ms - (0.5 * 1769.0 / 128.0 + 8.0)).abs() < 1e-9);
        // 15 ms billed at 0.125 GB: 1.875 GB-ms per click, $0.025 per million, plus requests.
        assert!((small.cost_per_million - (0.20 + 0.015 * 0.125 * ARM64_PER_GB_SECOND * 1e6)).abs() < 1e-9);
        let full = click.estimate(2_048);
        assert!(
            (full.caller_ms - (0.3 + 4.0)).abs() < 1e-9,
            "never more than one vCPU"
        );
    }
}
