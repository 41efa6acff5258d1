//! What the benchmark binaries read about themselves and their setup: a number from the
//! environment, the process's CPU time and its peak resident memory (Linux `/proc`; zero
//! elsewhere).

use std::time::Duration;

/// The environment variable `name` as a number, or `default` when unset or not a number.
pub fn env_number(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The process's peak resident memory (VmHWM) in KiB.
pub fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// CPU time used so far by the whole process (every thread), from /proc/self/stat.
pub fn process_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which ends with ')'): utime and stime are 12th and 13th.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<u64> = after
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    let ticks = fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0);
    let per_second = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(100)
        .max(1);
    Duration::from_micros(ticks * 1_000_000 / per_second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_come_from_the_environment_and_the_process() {
        assert_eq!(env_number("REELFORGE_BENCH_FIGURES_UNSET_FOR_TEST", 7), 7);
        let spin = std::time::Instant::now();
        let mut x = 0u64;
        while spin.elapsed() < Duration::from_millis(50) {
            x = x.wrapping_add(std::hint::black_box(1));
        }
        assert!(x > 0);
        if cfg!(target_os = "linux") {
            assert!(
                process_cpu() > Duration::ZERO,
                "a spinning process used CPU"
            );
            assert!(peak_rss_kib() > 0);
        }
    }
}
