//! `reelforge batch FILE.jsonl`: one quick job per line, `--parallel` at a time, over ONE
//! engine, so each provider's concurrency limit holds across all the jobs; then a summary
//! table (or a JSON array with `--json`). Every line is checked before anything starts; the
//! command fails when any job failed.
//!
//! A line: `{"subject": "3 Python tips", "pillar": "tips", "provider": "local" (or a list, the
//! fallback chain), "model": …, "duration": 30, "aspect": "9:16", "lang": "en",
//! "budget": "2.50", "out": "tips.mp4"}`; only `subject` is required. Blank lines and lines
//! starting with `#` are skipped.

use crate::args::BatchArgs;
use crate::output::Output;
use crate::quick::{start_engine, stop_engine};
use reelforge_core::Core;
use reelforge_protocol::{
    ApiError, AspectRatio, ErrorCode, ProviderId, QuickRequest, ScriptLanguage,
};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// One line of the batch file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    subject: String,
    #[serde(default)]
    pillar: Option<String>,
    #[serde(default, alias = "providers")]
    provider: Option<Providers>,
    #[serde(default)]
    model: Option<String>,
    #[serde(default)]
    duration: Option<u32>,
    #[serde(default)]
    aspect: Option<String>,
    #[serde(default)]
    lang: Option<String>,
    /// Dollars, as a number or a string.
    #[serde(default)]
    budget: Option<serde_json::Value>,
    #[serde(default)]
    out: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Providers {
    One(String),
    Chain(Vec<ProviderId>),
}

/// How one line went.
#[derive(Debug, Serialize)]
struct Row {
    line: usize,
    subject: String,
    ok: bool,
    job_id: Option<String>,
    output: Option<String>,
    error: Option<String>,
    seconds: f64,
}

fn parse_line(text: &str) -> Result<(QuickRequest, Option<PathBuf>), String> {
    let line: Line = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut req = QuickRequest::new(line.subject);
    if let Some(pillar) = line.pillar {
        req.pillar = pillar;
    }
    req.providers = match line.provider {
        Some(Providers::One(list)) => list
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(ProviderId::from)
            .collect(),
        Some(Providers::Chain(chain)) => chain,
        None => Vec::new(),
    };
    req.model = line.model;
    if let Some(duration) = line.duration {
        req.target_duration_s = duration;
    }
    if let Some(aspect) = line.aspect {
        req.aspect_ratio = aspect
            .parse::<AspectRatio>()
            .map_err(|_| format!("unknown aspect ratio `{aspect}`"))?;
    }
    if let Some(lang) = line.lang {
        req.language =
            Some(ScriptLanguage::parse(&lang).ok_or_else(|| format!("unknown language `{lang}`"))?);
    }
    if let Some(budget) = line.budget {
        let text = match &budget {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        req.budget_cap_micros = Some(crate::arg_values::parse_usd(&text)?);
    }
    Ok((req, line.out))
}

pub async fn run(core: &Core, args: BatchArgs, out: &Output) -> Result<(), ApiError> {
    let text = std::fs::read_to_string(&args.file).map_err(|e| {
        ApiError::new(
            ErrorCode::Validation,
            format!("cannot read {}: {e}", args.file.display()),
        )
    })?;
    let mut jobs = Vec::new();
    let mut problems = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        match parse_line(trimmed) {
            Ok((req, file)) => jobs.push((i + 1, req, file)),
            Err(why) => problems.push(format!("line {}: {why}", i + 1)),
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::new(ErrorCode::Validation, problems.join("; ")));
    }
    if jobs.is_empty() {
        return Err(ApiError::new(
            ErrorCode::Validation,
            format!("{} has no job lines", args.file.display()),
        ));
    }

    let shutdown = CancellationToken::new();
    let engine = start_engine(core, &shutdown, out.json)?;
    let slots = Arc::new(Semaphore::new(args.parallel.max(1)));
    let total = jobs.len();
    let mut set = JoinSet::new();
    for (line, req, file) in jobs {
        let (core, slots, quiet) = (core.clone(), slots.clone(), out.json);
        set.spawn(async move {
            let _slot = slots.acquire_owned().await;
            let started = Instant::now();
            let subject = req.subject.clone();
            let result = core.run_quick(req, file, None).await;
            let seconds = started.elapsed().as_secs_f64();
            let row = match result {
                Ok(outcome) => Row {
                    line,
                    subject,
                    ok: true,
                    job_id: Some(outcome.job.summary.id.to_string()),
                    output: Some(outcome.assembly.output),
                    error: None,
                    seconds,
                },
                Err(error) => Row {
                    line,
                    subject,
                    ok: false,
                    job_id: None,
                    output: None,
                    error: Some(error.to_string()),
                    seconds,
                },
            };
            if !quiet {
                eprintln!(
                    "line {}: {} ({:.0} s)",
                    row.line,
                    if row.ok { "done" } else { "failed" },
                    row.seconds
                );
            }
            row
        });
    }
    let mut rows = Vec::with_capacity(total);
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(row) => rows.push(row),
            Err(join) => eprintln!("warning: a batch task crashed: {join}"),
        }
    }
    stop_engine(engine, shutdown).await;
    rows.sort_by_key(|r| r.line);
    out.emit(&rows, |rows| summary(rows));
    let failed = rows.iter().filter(|r| !r.ok).count() + (total - rows.len());
    if failed > 0 {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            format!("{failed} of {total} quick jobs failed"),
        ));
    }
    Ok(())
}

fn summary(rows: &[Row]) {
    println!(
        "{:>4}  {:<32}  {:<6}  {:>6}  {:<36}  OUTPUT / ERROR",
        "LINE", "SUBJECT", "STATUS", "SEC", "JOB"
    );
    for r in rows {
        let subject: String = r.subject.chars().take(32).collect();
        println!(
            "{:>4}  {:<32}  {:<6}  {:>6.0}  {:<36}  {}",
            r.line,
            subject,
            if r.ok { "ok" } else { "failed" },
            r.seconds,
            r.job_id.as_deref().unwrap_or("-"),
            r.output.as_deref().or(r.error.as_deref()).unwrap_or("")
        );
    }
    let ok = rows.iter().filter(|r| r.ok).count();
    println!("{ok} of {} quick jobs made a video", rows.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_accept_a_provider_chain_and_dollars() {
        let (req, out) = parse_line(
            r#"{"subject": "Tips", "provider": "luma, local", "duration": 20, "aspect": "1:1", "lang": "fr", "budget": 2.5, "out": "a.mp4"}"#,
        )
        .unwrap();
        assert_eq!(req.providers, ["luma", "local"]);
        assert_eq!(req.target_duration_s, 20);
        assert_eq!(req.aspect_ratio, AspectRatio::Square);
        assert_eq!(req.language, Some(ScriptLanguage::Fr));
        assert_eq!(req.budget_cap_micros, Some(2_500_000));
        assert_eq!(out, Some(PathBuf::from("a.mp4")));
        assert!(parse_line(r#"{"subject": "x", "colour": "red"}"#).is_err());
        assert!(parse_line(r#"{"subject": "x", "lang": "de"}"#).is_err());
    }
}
