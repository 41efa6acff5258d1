//! `reelforge jobs promote JOB [--segments 1,3] [--yes]`: regenerates a drafted job's segments
//! at the final model its template names per provider. Prints the promotion's estimate first
//! and asks before paying, unless `--yes`; the takes are queued for whoever runs the engine
//! (the desktop app, or `reelforge generate JOB --wait`).

use crate::output::Output;
use crate::quick::confirm;
use clap::Args;
use reelforge_core::Core;
use reelforge_protocol::money::format_usd;
use reelforge_protocol::{ApiError, CostEstimate, JobId, PromotionRequest};

/// Arguments of `jobs promote`.
#[derive(Debug, Args)]
pub struct PromoteJob {
    pub job: String,
    /// 1-based segment numbers, comma-separated (default: every segment that can be
    /// promoted).
    #[arg(long, value_delimiter = ',')]
    pub segments: Vec<u32>,
    /// Promote without asking to confirm the estimate.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

pub async fn run(core: &Core, args: PromoteJob, out: &Output) -> Result<(), ApiError> {
    let req = PromotionRequest {
        job_id: JobId(args.job),
        segments: args
            .segments
            .iter()
            .map(|&n| crate::control::segment_index(n))
            .collect::<Result<_, _>>()?,
    };
    let estimate = core.estimate_promotion(&req).await?;
    if !out.json {
        print_estimate(&estimate);
    }
    if !args.yes && !confirm("Promote these segments?")? {
        out.emit(
            &serde_json::json!({ "estimate": estimate, "promoted": false }),
            |_| println!("nothing promoted"),
        );
        return Ok(());
    }
    let job = core.promote_segments(&req).await?;
    out.emit(
        &serde_json::json!({ "estimate": estimate, "promoted": true, "job": job }),
        |_| {
            println!(
                "promoted: final takes queued; the desktop app or `reelforge generate {} --wait` \
                 generates them",
                estimate.job_id
            )
        },
    );
    Ok(())
}

/// The estimate for people: one line per segment, then the total against the cap.
fn print_estimate(e: &CostEstimate) {
    for s in &e.segments {
        match (&s.model, &s.problem) {
            (Some(model), None) => println!(
                "segment {}: {} {} ({} s) — {}",
                s.index + 1,
                s.provider,
                model,
                s.duration_s,
                format_usd(s.micros)
            ),
            (_, problem) => println!(
                "segment {}: cannot be promoted: {}",
                s.index + 1,
                problem.as_deref().unwrap_or("unknown reason")
            ),
        }
    }
    let cap = e
        .budget_cap_micros
        .map_or_else(|| "no cap".to_owned(), |c| format!("cap {}", format_usd(c)));
    println!(
        "total {} (spent so far {}, {cap}){}",
        format_usd(e.total_micros),
        format_usd(e.spent_micros),
        if e.within_budget {
            ""
        } else {
            " — over the budget cap"
        }
    );
}
