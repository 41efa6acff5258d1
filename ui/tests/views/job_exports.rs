//! The job screen's platform formats (every one with its size, frame rate, bitrate ceiling
//! and loudness target, the draft in the job's own shape) and the files of a multi-format
//! export with their sizes, in English and French.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{AspectRatio, AssemblyResult, ExportedFile, JobDetail, JobStatus};
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::JobView;
use reelforge_ui::views::job::AssemblyState;
use reelforge_ui::views::player::MediaUrls;

fn job_page(lang: Lang, detail: JobDetail) -> String {
    render(move || {
        rsx! {
            JobView {
                lang,
                clock: clock(),
                job: Remote::Ready(detail.clone()),
                providers: providers(),
                media: MediaUrls::default(),
                assembly: AssemblyState::default(),
            }
        }
    })
}

fn exported(format: &str, w: u32, h: u32, bytes: u64) -> ExportedFile {
    ExportedFile {
        format: format.to_owned(),
        path: format!("/data/exports/cats-{format}.mp4"),
        width: w,
        height: h,
        bytes,
    }
}

#[test]
fn the_formats_and_the_exported_files_are_listed_with_their_sizes() {
    let mut detail = cats_detail();
    detail.summary.status = JobStatus::Completed;
    detail.config.aspect_ratio = AspectRatio::Square;
    detail.last_assembly = Some(AssemblyResult {
        job_id: detail.summary.id.clone(),
        output: "/data/exports/cats-reels.mp4".into(),
        srt: None,
        ass: None,
        preset: "vertical-1080".into(),
        width: 1080,
        height: 1920,
        duration_ms: 10_000,
        narration: None,
        segments: Vec::new(),
        exports: vec![
            exported("reels", 1080, 1920, 2_500_000),
            exported("feed45", 1080, 1350, 2_100_000),
        ],
    });
    let text = visible_text(&job_page(Lang::En, detail.clone()));
    assert_reads(
        &text,
        &[
            "Platform formats",
            "Instagram feed 4:5 1080×1350 · 30 fps · up to 8 Mbit/s · -14 LUFS",
            "YouTube 16:9 1920×1080",
            // The draft of a square job is square, and the label says so.
            "Fast draft (720p, the job's shape) 720×720",
            "Draft 720p (720×720), fast",
            "Exported files",
            "Instagram Reels · 1080×1920 · 2.5 MB /data/exports/cats-reels.mp4",
            "Instagram feed 4:5 · 1080×1350 · 2.1 MB",
        ],
    );
    let text = visible_text(&job_page(Lang::Fr, detail));
    assert_reads(
        &text,
        &[
            "Formats des plateformes",
            "Fil Instagram 4:5 1080×1350 · 30 i/s",
            "Fichiers exportés",
            "Instagram Reels · 1080×1920 · 2,5 Mo",
        ],
    );
}
