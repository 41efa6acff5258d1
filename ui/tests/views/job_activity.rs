//! The job screen's activity log: each entry worded in the interface's language from its
//! structure (segment, providers, error code, delay), never the engine's English line, except
//! for a legacy line logged before entries were structured.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{
    ActivityDto, ActivityEntry, AspectRatio, FallbackSkipReason, GenerationMode, ProviderFailure,
    SubmitUnknownCause, TakeErrorCode,
};
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::JobView;

fn failure(provider: &str, code: TakeErrorCode) -> ProviderFailure {
    ProviderFailure {
        provider: provider.into(),
        error_code: code,
        detail: "the provider's own words".into(),
    }
}

/// A run that retried segment 2 on fal, passed over luma, fell back from fal to runway,
/// and left segment 3 waiting for a decision; then a line logged by an older version.
fn eventful_log() -> Vec<ActivityDto> {
    vec![
        logged(
            NOW - 20 * MINUTE,
            ActivityEntry::RetryScheduled {
                index: 1,
                failure: failure("fal", TakeErrorCode::RateLimited),
                retry: 1,
                max_retries: 3,
                delay_s: 4,
            },
        ),
        logged(
            NOW - 15 * MINUTE,
            ActivityEntry::FallbackSkipped {
                index: 1,
                provider: "luma".into(),
                reason: FallbackSkipReason::NoSupportingModel {
                    mode: GenerationMode::TextToVideo,
                    duration_s: 5,
                    aspect_ratio: AspectRatio::Portrait,
                },
            },
        ),
        logged(
            NOW - 10 * MINUTE,
            ActivityEntry::FellBack {
                index: 1,
                failure: failure("fal", TakeErrorCode::Moderation),
                to: "runway".into(),
            },
        ),
        logged(
            NOW - 5 * MINUTE,
            ActivityEntry::SubmitUnknown {
                index: 2,
                provider: "runway".into(),
                cause: SubmitUnknownCause::EngineStopped,
            },
        ),
        ActivityDto {
            at: NOW - MINUTE,
            kind: "created".into(),
            message: "Created from scratch with 3 segments".into(),
            entry: ActivityEntry::Legacy {
                kind: "created".into(),
                message: "Created from scratch with 3 segments".into(),
            },
        },
    ]
}

fn activity_text(lang: Lang) -> String {
    let mut detail = cats_detail();
    detail.activity = eventful_log();
    let html = render(move || {
        rsx! {
            JobView { lang, clock: clock(), job: Remote::Ready(detail.clone()) }
        }
    });
    let start = html
        .find(r#"id="job-activity""#)
        .expect("the activity panel");
    visible_text(&html[start..])
}

#[test]
fn retries_and_fallbacks_read_in_french() {
    let text = activity_text(Lang::Fr);
    assert_reads(
        &text,
        &[
            "nouvel essai Segment 2\u{a0}: échec chez fal (fal refuse de nouvelles demandes pour le moment \
             (limite de débit))\u{a0}; nouvel essai 1 sur 3 dans 4 s",
            "repli Segment 2\u{a0}: repli sur luma écarté\u{a0}: aucun de ses modèles ne fait de \
             clips Texte vers vidéo de 5 s en 9:16",
            "repli Segment 2\u{a0}: échec chez fal (Refusé par la modération de fal\u{a0}: reformulez le \
             prompt ou changez les images de référence)\u{a0}; repli sur runway",
            "décision attendue Segment 3\u{a0}: votre décision est attendue. Reelforge s'est arrêté",
            // A line from before entries were structured keeps its stored words.
            "created Created from scratch with 3 segments",
        ],
    );
    assert_not_reads(
        &text,
        &["ENGINE LINE", "failed", "switching", "skipped", "retry"],
    );
}

#[test]
fn retries_and_fallbacks_read_in_english() {
    let text = activity_text(Lang::En);
    assert_reads(
        &text,
        &[
            "retry Segment 2: fal failed (fal is refusing more requests for now (rate limit)); retry 1 \
             of 3 in 4 s",
            "fallback Segment 2: fallback luma skipped: none of its models makes 5 s Text to \
             video clips in 9:16",
            "fallback Segment 2: fal failed (Refused by fal's moderation: reword the prompt or change \
             the reference images); fallback to runway",
            "decision needed Segment 3: waiting for your decision. Reelforge stopped",
            "created Created from scratch with 3 segments",
        ],
    );
    assert_not_reads(&text, &["ENGINE LINE", "the provider's own words"]);
}
