//! The job's activity log worded from its structured entries, in English and French, kept
//! apart from [`super::Strings`]. Same rule: [`en::STRINGS`] and [`fr::STRINGS`] fill every
//! field, or nothing compiles. The engine's English line is shown only for legacy entries
//! (logged before entries were structured).

mod en;
mod fr;

use super::Lang;
use crate::format;
use reelforge_protocol::{
    ActivityEntry, FallbackSkipReason, ProviderFailure, ScriptLanguage, SegmentField,
    SubmitUnknownCause, SubmitUnknownDecision,
};

/// The activity texts of one language. Segment numbers are as people read them (from 1).
#[derive(Debug)]
pub struct ActivityStrings {
    // Tags: what kind of thing happened.
    pub tag_created: &'static str,
    pub tag_edited: &'static str,
    pub tag_generating: &'static str,
    pub tag_paused: &'static str,
    pub tag_cancelled: &'static str,
    pub tag_retry: &'static str,
    pub tag_failed: &'static str,
    pub tag_fallback: &'static str,
    pub tag_decision_needed: &'static str,
    pub tag_decision: &'static str,
    pub tag_review: &'static str,
    pub tag_take: &'static str,
    pub tag_assembly: &'static str,

    // Lines
    pub created_from_template: fn(&str, u32) -> String,
    pub created_from_scratch: fn(u32) -> String,
    /// Writer, segment count, total duration, narration language.
    pub script_written: fn(&str, u32, &str, &str) -> String,
    pub language_en: &'static str,
    pub language_fr: &'static str,
    /// Segment numbers (`1, 3`), how many, the edited fields.
    pub segments_edited: fn(&str, usize, &str) -> String,
    pub field_beat: &'static str,
    pub field_prompt: &'static str,
    pub field_narration: &'static str,
    pub field_mode: &'static str,
    pub field_provider: &'static str,
    pub field_model: &'static str,
    pub field_duration: &'static str,
    pub references_set: fn(u64, u32) -> String,
    /// Segment count, estimated cost.
    pub generation_started: fn(u32, &str) -> String,
    /// Segment numbers, how many, estimated cost (draft → final promotion).
    pub promoted: fn(&str, usize, &str) -> String,
    pub paused: &'static str,
    pub resumed: &'static str,
    pub cancelled: &'static str,
    pub segment_cancelled: fn(u64) -> String,
    pub retry_requested: fn(u64) -> String,
    /// Segment, provider, error, retry, of how many, delay.
    pub retry_scheduled: fn(u64, &str, &str, u32, u32, &str) -> String,
    /// Segment, provider, error.
    pub segment_failed: fn(u64, &str, &str) -> String,
    /// Segment, skipped provider, why.
    pub fallback_skipped: fn(u64, &str, &str) -> String,
    pub skip_not_available: &'static str,
    /// Mode, clip length, aspect ratio.
    pub skip_no_model: fn(&str, &str, &str) -> String,
    pub skip_over_budget: &'static str,
    /// Segment, failed provider, error, next provider.
    pub fell_back: fn(u64, &str, &str, &str) -> String,
    /// Segment, provider, what interrupted the call.
    pub submit_unknown: fn(u64, &str, &str) -> String,
    pub cause_connection_failed: &'static str,
    pub cause_engine_stopped: &'static str,
    /// Segment, provider.
    pub found_in_list: fn(u64, &str) -> String,
    /// Segment, provider.
    pub nothing_in_list: fn(u64, &str) -> String,
    pub resubmitted: fn(u64) -> String,
    pub abandoned: fn(u64) -> String,
    pub ready_for_review: &'static str,
    /// Segment numbers (`2, 3`), how many.
    pub generation_stopped: fn(&str, usize) -> String,
    pub take_selected: fn(&str) -> String,
    /// Segment number, the video's name, its span in seconds (worded in the language).
    pub clip_used: fn(u64, &str, &str) -> String,
    /// Segment count, export preset.
    pub assembly_started: fn(u32, &str) -> String,
    pub assembled: fn(&str) -> String,
    pub assembly_failed: fn(&str) -> String,
    pub assembly_interrupted: &'static str,
    /// Source job's title, takes copied.
    pub duplicated: fn(&str, u32) -> String,
}

/// The activity texts in `lang`.
pub fn activity(lang: Lang) -> &'static ActivityStrings {
    match lang {
        Lang::En => &en::STRINGS,
        Lang::Fr => &fr::STRINGS,
    }
}

/// The tag of an entry: what kind of thing happened. A legacy entry shows its stored kind.
pub fn entry_tag(lang: Lang, entry: &ActivityEntry) -> String {
    use ActivityEntry as A;
    let s = activity(lang);
    let tag = match entry {
        A::Created { .. } | A::ScriptWritten { .. } => s.tag_created,
        A::SegmentsEdited { .. } | A::ReferencesSet { .. } => s.tag_edited,
        A::GenerationStarted { .. } | A::Resumed => s.tag_generating,
        A::Paused => s.tag_paused,
        A::Cancelled | A::SegmentCancelled { .. } => s.tag_cancelled,
        A::RetryRequested { .. } | A::RetryScheduled { .. } => s.tag_retry,
        A::SegmentFailed { .. } | A::GenerationStopped { .. } => s.tag_failed,
        A::FallbackSkipped { .. } | A::FellBack { .. } => s.tag_fallback,
        A::SubmitUnknown { .. } => s.tag_decision_needed,
        A::FoundInProviderList { .. } => s.tag_generating,
        A::NothingInProviderList { .. } => s.tag_retry,
        A::Decided { .. } => s.tag_decision,
        A::ReadyForReview => s.tag_review,
        A::TakeSelected { .. } | A::ClipUsed { .. } => s.tag_take,
        A::AssemblyStarted { .. }
        | A::Assembled { .. }
        | A::AssemblyFailed { .. }
        | A::AssemblyInterrupted => s.tag_assembly,
        A::Promoted { .. } => s.tag_generating,
        A::Legacy { kind, .. } => return kind.clone(),
        A::Duplicated { .. } => s.tag_created,
    };
    tag.to_owned()
}

/// The entry as one line in `lang`. A legacy entry shows the English line it was logged with.
pub fn entry_line(lang: Lang, entry: &ActivityEntry) -> String {
    use ActivityEntry as A;
    let s = activity(lang);
    let number = |index: &u32| u64::from(*index) + 1;
    match entry {
        A::Created { template, segments } => match template {
            Some(name) => (s.created_from_template)(name, *segments),
            None => (s.created_from_scratch)(*segments),
        },
        A::ScriptWritten {
            writer,
            segments,
            duration_s,
            language,
        } => {
            let language = match language {
                ScriptLanguage::En => s.language_en,
                ScriptLanguage::Fr => s.language_fr,
            };
            let duration = format::seconds(lang, u64::from(*duration_s));
            (s.script_written)(writer, *segments, &duration, language)
        }
        A::SegmentsEdited { indexes, fields } => {
            let fields: Vec<&str> = fields.iter().map(|f| field_name(s, *f)).collect();
            (s.segments_edited)(&numbers(indexes), indexes.len(), &fields.join(", "))
        }
        A::ReferencesSet { index, count } => (s.references_set)(number(index), *count),
        A::GenerationStarted {
            segments,
            estimated_cost_micros,
        } => (s.generation_started)(*segments, &format::money(lang, *estimated_cost_micros)),
        A::Paused => s.paused.to_owned(),
        A::Resumed => s.resumed.to_owned(),
        A::Cancelled => s.cancelled.to_owned(),
        A::SegmentCancelled { index } => (s.segment_cancelled)(number(index)),
        A::RetryRequested { index } => (s.retry_requested)(number(index)),
        A::RetryScheduled {
            index,
            failure,
            retry,
            max_retries,
            delay_s,
        } => (s.retry_scheduled)(
            number(index),
            &failure.provider,
            &failure_reason(lang, failure),
            *retry,
            *max_retries,
            &format::seconds(lang, *delay_s),
        ),
        A::SegmentFailed { index, failure } => (s.segment_failed)(
            number(index),
            &failure.provider,
            &failure_reason(lang, failure),
        ),
        A::FallbackSkipped {
            index,
            provider,
            reason,
        } => {
            let why = match reason {
                FallbackSkipReason::NotAvailable => s.skip_not_available.to_owned(),
                FallbackSkipReason::NoSupportingModel {
                    mode,
                    duration_s,
                    aspect_ratio,
                } => (s.skip_no_model)(
                    format::mode_label(lang, *mode),
                    &format::seconds(lang, u64::from(*duration_s)),
                    aspect_ratio.as_str(),
                ),
                FallbackSkipReason::OverBudget => s.skip_over_budget.to_owned(),
            };
            (s.fallback_skipped)(number(index), provider, &why)
        }
        A::FellBack { index, failure, to } => (s.fell_back)(
            number(index),
            &failure.provider,
            &failure_reason(lang, failure),
            to,
        ),
        A::SubmitUnknown {
            index,
            provider,
            cause,
        } => {
            let cause = match cause {
                SubmitUnknownCause::ConnectionFailed { .. } => s.cause_connection_failed,
                SubmitUnknownCause::EngineStopped => s.cause_engine_stopped,
            };
            (s.submit_unknown)(number(index), provider, cause)
        }
        A::FoundInProviderList { index, provider } => (s.found_in_list)(number(index), provider),
        A::NothingInProviderList { index, provider } => {
            (s.nothing_in_list)(number(index), provider)
        }
        A::Decided { index, decision } => match decision {
            SubmitUnknownDecision::Resubmit => (s.resubmitted)(number(index)),
            SubmitUnknownDecision::Abandon => (s.abandoned)(number(index)),
        },
        A::ReadyForReview => s.ready_for_review.to_owned(),
        A::GenerationStopped { failed } => (s.generation_stopped)(&numbers(failed), failed.len()),
        A::TakeSelected { take_id } => (s.take_selected)(take_id.as_str()),
        A::ClipUsed {
            index,
            name,
            in_ms,
            out_ms,
        } => {
            let secs = |ms: u64| {
                let text = format!("{:.1}", ms as f64 / 1000.0);
                match lang {
                    Lang::Fr => text.replace('.', ","),
                    Lang::En => text,
                }
            };
            let span = format!("{}–{}", secs(*in_ms), secs(*out_ms));
            (s.clip_used)(number(index), name, &span)
        }
        A::AssemblyStarted { segments, preset } => (s.assembly_started)(*segments, preset),
        A::Assembled { output } => (s.assembled)(output),
        A::AssemblyFailed { code, .. } => {
            (s.assembly_failed)(format::error_code_label(lang, *code))
        }
        A::AssemblyInterrupted => s.assembly_interrupted.to_owned(),
        A::Promoted {
            indexes,
            estimated_cost_micros,
        } => (s.promoted)(
            &numbers(indexes),
            indexes.len(),
            &format::money(lang, *estimated_cost_micros),
        ),
        A::Legacy { message, .. } => message.clone(),
        A::Duplicated { title, takes, .. } => (s.duplicated)(title, *takes),
    }
}

fn field_name(s: &ActivityStrings, field: SegmentField) -> &'static str {
    match field {
        SegmentField::Beat => s.field_beat,
        SegmentField::Prompt => s.field_prompt,
        SegmentField::Narration => s.field_narration,
        SegmentField::Mode => s.field_mode,
        SegmentField::Provider => s.field_provider,
        SegmentField::Model => s.field_model,
        SegmentField::Duration => s.field_duration,
    }
}

/// `1, 3` from the indexes `[0, 2]`.
fn numbers(indexes: &[u32]) -> String {
    let numbers: Vec<String> = indexes.iter().map(|i| (i + 1).to_string()).collect();
    numbers.join(", ")
}

/// What went wrong at the provider, worded in `lang` from the entry's error code (never the
/// provider's prose).
fn failure_reason(lang: Lang, failure: &ProviderFailure) -> String {
    let reason = crate::i18n::errors::take_error(lang, failure.error_code, &failure.provider);
    reason.trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_differs_from_english() {
        let (en, fr) = (activity(Lang::En), activity(Lang::Fr));
        assert_eq!(en.paused, "Paused: no new take is sent");
        assert_eq!(
            fr.paused,
            "En pause\u{a0}: aucune nouvelle prise n'est envoyée"
        );
        assert_eq!(
            (en.segments_edited)("1, 3", 2, "prompt"),
            "Segments 1, 3 edited (prompt)"
        );
        assert_eq!(
            (fr.segments_edited)("2", 1, "prompt"),
            "Segment 2 modifié (prompt)"
        );
    }

    #[test]
    fn a_legacy_entry_reads_as_it_was_logged() {
        let legacy = ActivityEntry::Legacy {
            kind: "created".into(),
            message: "Created from scratch with 3 segments".into(),
        };
        for lang in Lang::ALL {
            assert_eq!(
                entry_line(lang, &legacy),
                "Created from scratch with 3 segments"
            );
            assert_eq!(entry_tag(lang, &legacy), "created");
        }
    }
}
