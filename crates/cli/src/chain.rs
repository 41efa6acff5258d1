//! `reelforge chain`: continuity chaining of a job — show each segment's chain state, turn
//! chaining on or off (all segments, or some), and regenerate the out-of-date segments.

use crate::args::ChainArgs;
use crate::output::Output;
use reelforge_core::Core;
use reelforge_protocol::{ApiError, ChainStatus, JobId, SegmentChainSwitch, SetChainingRequest};

pub async fn run(core: &Core, args: ChainArgs, out: &Output) -> Result<(), ApiError> {
    let job = JobId(args.job.clone());
    let chain_all = match (args.all, args.none) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    };
    let mut segments = Vec::new();
    for (numbers, chained) in [(&args.on, true), (&args.off, false)] {
        for &n in numbers {
            let index = crate::control::segment_index(n)?;
            segments.push(SegmentChainSwitch { index, chained });
        }
    }
    let mut status = if chain_all.is_some() || !segments.is_empty() {
        let request = SetChainingRequest {
            job_id: job.clone(),
            chain_all,
            segments,
        };
        core.set_chaining(&request).await?
    } else {
        core.chain_status(&job).await?
    };
    if args.regenerate {
        status = core.regenerate_stale(&job).await?;
    }
    out.emit(&status, print);
    Ok(())
}

fn print(status: &ChainStatus) {
    let all = if status.chain_all { "on" } else { "off" };
    println!("Chain all: {all}");
    for s in status.segments.iter().filter(|s| s.index > 0) {
        let mut notes = Vec::new();
        if s.waiting {
            notes.push(format!("waiting for segment {}", s.index));
        }
        if s.stale {
            notes.push(format!("out of date: segment {} changed", s.index));
        }
        if let Some(p) = &s.unsupported_by {
            notes.push(format!("{p} takes no start frame: launching is refused"));
        }
        let state = if s.chained { "chained" } else { "not chained" };
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        };
        println!("Segment {}: {state}{notes}", s.index + 1);
    }
    let stale = status.stale();
    if !stale.is_empty() {
        println!(
            "{} segment(s) out of date: `reelforge chain {} --regenerate` makes them again",
            stale.len(),
            status.job_id
        );
    }
}
