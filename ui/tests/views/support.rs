//! Rendering to HTML, reading the visible text back, and the sample data of the tests.

use dioxus::prelude::*;
use reelforge_protocol::{
    ActivityDto, ActivityEntry, AspectRatio, DashboardStats, GenerationMode, JobConfig, JobDetail,
    JobId, JobPage, JobStatus, JobSummary, ResolvedConfig, SegmentDto, SegmentId, StyleDefaults,
    TakeDto, TakeId, TakeStatus, TemplateDto, TemplateId, TemplateInput,
};
use reelforge_ui::clock::Clock;
use std::rc::Rc;

/// 2025-03-14 09:30:00 UTC: "now" in every test.
pub const NOW: i64 = 1_741_944_600_000;
pub const MINUTE: i64 = 60_000;
pub const HOUR: i64 = 60 * MINUTE;
pub const DAY: i64 = 24 * HOUR;

pub fn clock() -> Clock {
    Clock::fixed(NOW, 0)
}

#[derive(Clone)]
struct Scene(Rc<dyn Fn() -> Element>);

fn scene_root(scene: Scene) -> Element {
    (scene.0)()
}

/// The HTML of what `scene` renders, with a Dioxus runtime around it (callbacks need one).
pub fn render(scene: impl Fn() -> Element + 'static) -> String {
    let mut dom = VirtualDom::new_with_props(scene_root, Scene(Rc::new(scene)));
    dom.rebuild_in_place();
    dioxus::ssr::render(&dom)
}

/// The text a person reads: tags dropped (each becomes a space), entities decoded,
/// whitespace collapsed.
pub fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(ch),
            _ => {}
        }
    }
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    decoded
        .split_ascii_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Asserts that `text` contains every one of `needles`, showing the text when it does not.
pub fn assert_reads(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

/// Asserts that `text` contains none of `needles`.
pub fn assert_not_reads(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(!text.contains(needle), "unexpected {needle:?} in:\n{text}");
    }
}

pub fn myth_buster() -> TemplateDto {
    TemplateDto {
        id: TemplateId::from("tpl-myth"),
        input: TemplateInput {
            name: "Myth buster".into(),
            description: "Debunk one common belief in thirty seconds.".into(),
            pillar: "education".into(),
            segment_count: 6,
            segment_duration_s: 5,
            aspect_ratio: AspectRatio::Portrait,
            provider: "fal".into(),
            model: Some("kling-2.1".into()),
            mode: GenerationMode::TextToVideo,
            fallback_providers: vec!["runway".into()],
            allow_fallback: true,
            beats: ["hook", "myth", "truth", "proof", "twist", "call to action"]
                .map(String::from)
                .to_vec(),
            style: StyleDefaults {
                character: "a curious fox in a lab coat".into(),
                scene: "bright kitchen lab".into(),
                visual_style: "warm pastel 3D".into(),
            },
            model_tiers: Vec::new(),
        },
        builtin: true,
        created_at: NOW - 10 * DAY,
        updated_at: NOW - 10 * DAY,
    }
}

pub fn product_demo() -> TemplateDto {
    TemplateDto {
        id: TemplateId::from("tpl-demo"),
        input: TemplateInput {
            name: "Product demo".into(),
            description: String::new(),
            pillar: String::new(),
            segment_count: 4,
            segment_duration_s: 8,
            aspect_ratio: AspectRatio::Landscape,
            provider: "runway".into(),
            model: None,
            mode: GenerationMode::ImageToVideo,
            fallback_providers: Vec::new(),
            allow_fallback: false,
            beats: Vec::new(),
            style: StyleDefaults::default(),
            model_tiers: Vec::new(),
        },
        builtin: false,
        created_at: NOW - 2 * DAY,
        updated_at: NOW - 2 * DAY,
    }
}

pub fn cats_job() -> JobSummary {
    JobSummary {
        id: JobId::from("job-cats"),
        title: "Why cats purr".into(),
        subject: "The science behind purring".into(),
        template_id: Some(TemplateId::from("tpl-myth")),
        template_name: Some("Myth buster".into()),
        status: JobStatus::Generating,
        aspect_ratio: AspectRatio::Portrait,
        segment_count: 6,
        segments_done: 3,
        estimated_cost_micros: 2_000_000,
        actual_cost_micros: 1_230_000,
        created_at: NOW - 2 * HOUR,
        updated_at: NOW - 5 * MINUTE,
    }
}

pub fn espresso_job() -> JobSummary {
    JobSummary {
        id: JobId::from("job-espresso"),
        title: "Espresso at home".into(),
        subject: String::new(),
        template_id: None,
        template_name: None,
        status: JobStatus::Completed,
        aspect_ratio: AspectRatio::Square,
        segment_count: 4,
        segments_done: 4,
        estimated_cost_micros: 900_000,
        actual_cost_micros: 40_000,
        created_at: NOW - 3 * DAY,
        updated_at: NOW - 3 * DAY,
    }
}

pub fn stats() -> DashboardStats {
    DashboardStats {
        total_jobs: 42,
        completed: 30,
        in_progress: 5,
        failed: 2,
        total_cost_micros: 57_890_000,
    }
}

/// The first of three pages (60 matching jobs, 25 per page).
pub fn first_page() -> JobPage {
    JobPage {
        items: vec![cats_job(), espresso_job()],
        total_matching: 60,
        page: 0,
        page_size: 25,
        stats: stats(),
    }
}

pub fn empty_page() -> JobPage {
    JobPage {
        items: Vec::new(),
        total_matching: 0,
        page: 0,
        page_size: 25,
        stats: DashboardStats::default(),
    }
}

fn segment(index: u32, beat: &str, prompt: &str, narration: &str, takes: usize) -> SegmentDto {
    let id = SegmentId::from(format!("seg-{index}"));
    SegmentDto {
        id: id.clone(),
        index,
        beat: beat.into(),
        prompt: prompt.into(),
        narration: narration.into(),
        mode: GenerationMode::TextToVideo,
        provider: "fal".into(),
        model: Some("kling-2.1".into()),
        duration_s: 5,
        reference_assets: Vec::new(),
        selected_take: None,
        takes: (0..takes)
            .map(|n| TakeDto {
                id: TakeId::from(format!("take-{index}-{n}")),
                segment_id: id.clone(),
                provider: "fal".into(),
                model: Some("kling-2.1".into()),
                prompt: Some(prompt.to_owned()),
                remote_id: None,
                status: TakeStatus::Succeeded,
                progress: 100,
                estimated_cost_micros: 330_000,
                actual_cost_micros: 410_000,
                error_code: None,
                error_message: None,
                created_at: NOW - HOUR,
                updated_at: NOW - HOUR,
            })
            .collect(),
    }
}

pub fn cats_detail() -> JobDetail {
    JobDetail {
        summary: cats_job(),
        overrides: JobConfig::default(),
        config: ResolvedConfig {
            aspect_ratio: AspectRatio::Portrait,
            provider: "fal".into(),
            model: Some("kling-2.1".into()),
            mode: GenerationMode::TextToVideo,
            segment_duration_s: 5,
            fallback_providers: vec!["runway".into(), "luma".into()],
            allow_fallback: true,
        },
        budget_cap_micros: Some(5_000_000),
        segments: vec![
            segment(
                0,
                "hook",
                "A cat on a sofa, close-up, purring",
                "Ever wondered why?",
                2,
            ),
            segment(
                1,
                "myth",
                "Cartoon cat with a motor inside",
                "Most think it's a motor.",
                1,
            ),
        ],
        reference_assets: Vec::new(),
        activity: vec![
            logged(
                NOW - 2 * HOUR,
                ActivityEntry::Created {
                    template: Some("Myth buster".into()),
                    segments: 6,
                },
            ),
            logged(
                NOW - 5 * MINUTE,
                ActivityEntry::GenerationStarted {
                    segments: 6,
                    estimated_cost_micros: 2_000_000,
                },
            ),
        ],
        last_assembly: None,
    }
}

/// An activity line as the engine sends it. Its English `message` is for logs and must not
/// be shown (the view words the entry), so it reads as a marker a test can look for.
pub fn logged(at: i64, entry: ActivityEntry) -> ActivityDto {
    ActivityDto {
        at,
        kind: entry.kind().to_owned(),
        message: format!("ENGINE LINE ({})", entry.kind()),
        entry,
    }
}

/// The line the engine logs when it wrote the final video to `output`.
pub fn assembled_line(at: i64, output: &str) -> ActivityDto {
    let output = output.to_owned();
    logged(at, ActivityEntry::Assembled { output })
}

/// A paid provider: one model at $0.07 a second, 5 or 10 s, three ratios, images as first frame.
pub fn fal_provider() -> reelforge_protocol::ProviderDescriptor {
    use reelforge_protocol::{
        ImageInputKind, ImageInputSpec, ModelDescriptor, Pricing, ProviderDescriptor,
    };
    ProviderDescriptor {
        id: "fal".into(),
        display_name: "fal.ai".into(),
        label: "hosted models".into(),
        needs_key: true,
        models: vec![
            ModelDescriptor {
                id: "kling-2.1".into(),
                display_name: "Kling 2.1".into(),
                modes: vec![GenerationMode::TextToVideo, GenerationMode::ImageToVideo],
                durations_s: vec![5, 10],
                aspect_ratios: vec![
                    AspectRatio::Portrait,
                    AspectRatio::Landscape,
                    AspectRatio::Square,
                ],
                resolutions: vec!["1080p".into()],
                image_inputs: vec![ImageInputSpec {
                    kind: ImageInputKind::FirstFrame,
                    max_count: 1,
                    max_bytes: 10_000_000,
                    formats: vec!["image/png".into(), "image/jpeg".into()],
                }],
                pricing: Pricing::PerSecond { micros: 70_000 },
                requires: Vec::new(),
            },
            ModelDescriptor {
                id: "seedance".into(),
                display_name: "Seedance".into(),
                modes: vec![GenerationMode::TextToVideo],
                durations_s: vec![4, 8],
                aspect_ratios: vec![AspectRatio::Landscape],
                resolutions: vec!["720p".into()],
                image_inputs: Vec::new(),
                pricing: Pricing::PerClip { micros: 400_000 },
                requires: Vec::new(),
            },
        ],
        default_concurrency: 2,
        max_generation_s: 600,
    }
}

/// The free offline provider: any length from 1 to 60 s, every ratio.
pub fn local_provider() -> reelforge_protocol::ProviderDescriptor {
    use reelforge_protocol::{ModelDescriptor, Pricing, ProviderDescriptor};
    ProviderDescriptor {
        id: "local".into(),
        display_name: "Local".into(),
        label: "offline, not AI".into(),
        needs_key: false,
        models: vec![ModelDescriptor {
            id: "testcard".into(),
            display_name: "Test card".into(),
            modes: vec![GenerationMode::TextToVideo],
            durations_s: (1..=60).collect(),
            aspect_ratios: AspectRatio::ALL.to_vec(),
            resolutions: vec!["720p".into()],
            image_inputs: Vec::new(),
            pricing: Pricing::Free,
            requires: Vec::new(),
        }],
        default_concurrency: 1,
        max_generation_s: 60,
    }
}

/// The local provider as the engine used to describe it: its label repeats its name.
pub fn local_provider_named_twice() -> reelforge_protocol::ProviderDescriptor {
    reelforge_protocol::ProviderDescriptor {
        display_name: "Local (ffmpeg motion)".into(),
        label: "Local (ffmpeg motion) — offline, not AI".into(),
        ..local_provider()
    }
}

pub fn providers() -> Vec<reelforge_protocol::ProviderDescriptor> {
    vec![fal_provider(), local_provider()]
}

/// A take of `segment` in `status` at `progress`, made `minutes_ago`.
pub fn take(segment: &SegmentDto, n: usize, status: TakeStatus, progress: u8) -> TakeDto {
    TakeDto {
        id: TakeId::from(format!("take-{}-{n}", segment.index)),
        segment_id: segment.id.clone(),
        provider: segment.provider.clone(),
        model: segment.model.clone(),
        prompt: Some(segment.prompt.clone()),
        remote_id: None,
        status,
        progress,
        estimated_cost_micros: 350_000,
        actual_cost_micros: if status == TakeStatus::Succeeded {
            350_000
        } else {
            0
        },
        error_code: None,
        error_message: None,
        created_at: NOW - HOUR + n as i64 * MINUTE,
        updated_at: NOW - HOUR + n as i64 * MINUTE,
    }
}

/// A job whose segments have no takes yet (draft, as the wizard's first step makes it).
pub fn draft_detail() -> JobDetail {
    let mut detail = cats_detail();
    detail.summary.status = JobStatus::Draft;
    detail.summary.segments_done = 0;
    detail.summary.segment_count = 2;
    detail.summary.actual_cost_micros = 0;
    detail.summary.estimated_cost_micros = 700_000;
    for segment in &mut detail.segments {
        segment.takes.clear();
        segment.prompt.clear();
        segment.narration.clear();
    }
    detail.activity.truncate(1);
    detail
}

/// Whether the button with `id` is disabled.
pub fn button_disabled(html: &str, id: &str) -> bool {
    let at = html.find(&format!(r#"id="{id}""#)).expect("button");
    let start = html[..at].rfind("<button").unwrap();
    let end = start + html[start..].find('>').unwrap();
    html[start..end].contains("disabled")
}
