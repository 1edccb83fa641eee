//! What a function's process has used so far, from `/proc/<pid>/`: the bench's CPU and memory
//! per request and the memory guard in `tests/api/memory.rs` read it the same way.

use crate::table::BoxError;

/// `/proc/<pid>/stat` counts CPU in clock ticks of `USER_HZ`, 100 on every Linux the
/// functions run on (it is fixed for user space, whatever the kernel's own tick).
pub const TICKS_PER_SECOND: f64 = 100.0;

pub struct Usage {
    /// utime + stime, in ticks of [`TICKS_PER_SECOND`].
    pub cpu_ticks: u64,
    /// `VmRSS`.
    pub rss_kb: u64,
}

impl Usage {
    pub fn of(pid: u32) -> Result<Self, BoxError> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
        // The command name, in parentheses, may hold spaces: count fields after it. utime and
        // stime are fields 14 and 15 of the whole line, 12 and 13 after `pid (comm)`.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .ok_or("unreadable /proc stat")?
            .1
            .split_whitespace()
            .collect();
        let tick =
            |i: usize| -> Result<u64, BoxError> { Ok(fields.get(i).ok_or("short /proc stat")?.parse()?) };
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
        let rss_kb = status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or("no VmRSS in /proc status")?;
        Ok(Self {
            cpu_ticks: tick(11)? + tick(12)?,
            rss_kb,
        })
    }
}
