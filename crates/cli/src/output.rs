//! How results and errors are printed: JSON for scripts, aligned text for people.

use reelforge_core::secrets::redaction::without_held_keys;
use reelforge_protocol::money::format_usd;
use reelforge_protocol::{
    ApiError, FfmpegInfo, JobDetail, JobPage, JobStatusReport, Pricing, ProviderDescriptor,
    TakeStatus, TemplateDto, ToolSource,
};
use serde::Serialize;

/// Where results go, and in which form.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub json: bool,
}

impl Output {
    /// Prints `value` as JSON, or calls `text` to print it for people.
    pub fn emit<T: Serialize>(&self, value: &T, text: impl FnOnce(&T)) {
        if self.json {
            println!(
                "{}",
                serde_json::to_string_pretty(value).expect("DTOs serialise to JSON")
            );
        } else {
            text(value);
        }
    }
}

/// Prints an error: as `{"error": {code, message}}` on stdout with `--json`, else on stderr.
pub fn error(err: &ApiError, json: bool) {
    // Provider texts in it were redacted when made; any key this process read goes here too.
    let err = ApiError {
        code: err.code,
        message: without_held_keys(&err.message),
        limit: err.limit,
    };
    if json {
        println!("{}", serde_json::json!({ "error": err }));
    } else {
        eprintln!("error: {}", err.message);
    }
}

pub fn templates_table(templates: &[TemplateDto]) {
    println!(
        "{:<36}  {:<32}  {:>8}  {:<6}  {:<14}  PROVIDER",
        "ID", "NAME", "SEGMENTS", "ASPECT", "MODE"
    );
    for t in templates {
        let i = &t.input;
        println!(
            "{:<36}  {:<32}  {:>8}  {:<6}  {:<14}  {}",
            t.id,
            truncate(&i.name, 32),
            format!("{}×{}s", i.segment_count, i.segment_duration_s),
            i.aspect_ratio,
            i.mode,
            i.provider
        );
    }
}

pub fn template(t: &TemplateDto) {
    let i = &t.input;
    println!(
        "{} ({}){}",
        i.name,
        t.id,
        if t.builtin { " — built-in" } else { "" }
    );
    if !i.description.is_empty() {
        println!("  {}", i.description);
    }
    println!(
        "  segments: {} × {} s, {} , {}",
        i.segment_count, i.segment_duration_s, i.aspect_ratio, i.mode
    );
    println!(
        "  provider: {}{}",
        i.provider,
        i.model
            .as_deref()
            .map(|m| format!(" / {m}"))
            .unwrap_or_default()
    );
    if !i.beats.is_empty() {
        println!("  beats: {}", i.beats.join(", "));
    }
}

pub fn jobs_page(page: &JobPage) {
    let s = &page.stats;
    println!(
        "{} job{} — {} completed, {} in progress, {} failed — spent {}",
        s.total_jobs,
        if s.total_jobs == 1 { "" } else { "s" },
        s.completed,
        s.in_progress,
        s.failed,
        format_usd(s.total_cost_micros)
    );
    println!(
        "{:<36}  {:<32}  {:<11}  {:>5}  {:>9}",
        "ID", "TITLE", "STATUS", "DONE", "COST"
    );
    for j in &page.items {
        println!(
            "{:<36}  {:<32}  {:<11}  {:>5}  {:>9}",
            j.id,
            truncate(&j.title, 32),
            j.status.as_str(),
            format!("{}/{}", j.segments_done, j.segment_count),
            format_usd(j.actual_cost_micros)
        );
    }
    let pages = page
        .total_matching
        .div_ceil(u64::from(page.page_size.max(1)))
        .max(1);
    println!(
        "page {} of {} ({} matching)",
        page.page + 1,
        pages,
        page.total_matching
    );
}

pub fn job(job: &JobDetail) {
    let s = &job.summary;
    println!("{} ({})", s.title, s.id);
    if !s.subject.is_empty() {
        println!("  subject: {}", s.subject);
    }
    println!(
        "  status: {}  template: {}  aspect: {}  provider: {}",
        s.status.as_str(),
        s.template_name.as_deref().unwrap_or("—"),
        job.config.aspect_ratio,
        job.config.provider
    );
    println!(
        "  cost: {} estimated, {} actual{}",
        format_usd(s.estimated_cost_micros),
        format_usd(s.actual_cost_micros),
        job.budget_cap_micros
            .map(|c| format!(", cap {}", format_usd(c)))
            .unwrap_or_default()
    );
    for seg in &job.segments {
        println!(
            "  #{:<2} {:<14} {:>3}s  {:<14} {:<8} {}",
            seg.index + 1,
            truncate(&seg.beat, 14),
            seg.duration_s,
            seg.mode,
            seg.provider,
            if seg.prompt.is_empty() {
                "(no prompt)".to_owned()
            } else {
                truncate(&seg.prompt, 60)
            }
        );
    }
    for line in &job.activity {
        println!("  · {}", line.message);
    }
}

/// A segment's take status as people read it; `not started` before its first take.
pub fn take_status(status: Option<TakeStatus>) -> &'static str {
    status.map_or("not started", TakeStatus::as_str)
}

pub fn status_report(report: &JobStatusReport) {
    println!(
        "{} ({}) — {}, {}/{} segments done, {}%",
        report.title,
        report.job_id,
        report.status.as_str(),
        report.segments_done,
        report.segment_count,
        report.progress
    );
    println!(
        "  cost: {} estimated, {} actual{}",
        format_usd(report.estimated_cost_micros),
        format_usd(report.actual_cost_micros),
        report
            .budget_cap_micros
            .map(|c| format!(", cap {}", format_usd(c)))
            .unwrap_or_default()
    );
    for seg in &report.segments {
        let detail = seg
            .output
            .as_deref()
            .or(seg.error.as_deref())
            .unwrap_or_default();
        println!(
            "  #{:<2} {:<14} {:>3}%  {:<8} {:>8}  {}",
            seg.number,
            take_status(seg.status),
            seg.progress,
            seg.provider,
            format_usd(seg.actual_cost_micros),
            detail
        );
    }
}

pub fn providers(providers: &[ProviderDescriptor]) {
    for p in providers {
        println!(
            "{} — {}{}",
            p.id,
            p.label,
            if p.needs_key {
                " (needs an API key)"
            } else {
                ""
            }
        );
        for m in &p.models {
            let modes: Vec<String> = m.modes.iter().map(ToString::to_string).collect();
            let aspects: Vec<String> = m.aspect_ratios.iter().map(ToString::to_string).collect();
            let (min, max) = (
                m.durations_s.iter().min().copied().unwrap_or(0),
                m.durations_s.iter().max().copied().unwrap_or(0),
            );
            println!(
                "  {} ({}): {}; {min}–{max} s; {}; {}; {}",
                m.id,
                m.display_name,
                modes.join(", "),
                aspects.join(", "),
                m.resolutions.join(", "),
                price(m.pricing)
            );
        }
    }
}

fn price(pricing: Pricing) -> String {
    match pricing {
        Pricing::Free => "free".to_owned(),
        Pricing::PerSecond { micros } => format!("{} per second", format_usd(micros)),
        Pricing::PerClip { micros } => format!("{} per clip", format_usd(micros)),
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

pub fn ffmpeg_info(info: &FfmpegInfo) {
    let origin = match info.source {
        Some(ToolSource::Configured) => "chosen location",
        Some(ToolSource::Bundled) => "bundled with Reelforge",
        Some(ToolSource::Path) => "found on PATH",
        None => "not found",
    };
    println!("ffmpeg    {}", info.path.as_deref().unwrap_or("—"));
    println!("version   {}", info.version.as_deref().unwrap_or("—"));
    println!("origin    {origin}");
    println!(
        "location  {}",
        info.configured
            .as_deref()
            .unwrap_or("automatic (bundled, then PATH)")
    );
    if let Some(problem) = &info.problem {
        println!("problem   {problem}");
    }
}
