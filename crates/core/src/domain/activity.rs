//! The English line stored with each activity entry, for logs and the CLI. The UI does not
//! show it: it words the [`ActivityEntry`] itself, in the person's language.

use reelforge_protocol::money::format_usd;
use reelforge_protocol::{
    ActivityEntry, FallbackSkipReason, ProviderFailure, SubmitUnknownCause, SubmitUnknownDecision,
};

/// The entry as one English line.
pub fn english(entry: &ActivityEntry) -> String {
    use ActivityEntry as A;
    match entry {
        A::Created { template, segments } => match template {
            Some(name) => format!("Created from template “{name}” with {segments} segments"),
            None => format!("Created from scratch with {segments} segments"),
        },
        A::ScriptWritten {
            writer,
            segments,
            duration_s,
            language,
        } => format!(
            "Quick mode: script by {writer} ({segments} segments, {duration_s} s, {})",
            language.as_str()
        ),
        A::SegmentsEdited { indexes, fields } => {
            let fields: Vec<&str> = fields.iter().map(|f| f.as_str()).collect();
            format!(
                "Updated segment{} {} ({})",
                if indexes.len() == 1 { "" } else { "s" },
                numbers(indexes),
                fields.join(", ")
            )
        }
        A::ReferencesSet { index, count } => format!(
            "Segment {}: {count} reference image{}",
            index + 1,
            if *count == 1 { "" } else { "s" }
        ),
        A::GenerationStarted {
            segments,
            estimated_cost_micros,
        } => format!(
            "Generation started: {segments} segment(s), estimated {}",
            format_usd(*estimated_cost_micros)
        ),
        A::Paused => "Paused: no new take is sent".to_owned(),
        A::Resumed => "Resumed".to_owned(),
        A::Cancelled => "Cancelled".to_owned(),
        A::SegmentCancelled { index } => format!("Segment {} cancelled", index + 1),
        A::RetryRequested { index } => {
            format!("Segment {}: retry requested (new take)", index + 1)
        }
        A::RetryScheduled {
            index,
            failure,
            retry,
            max_retries,
            delay_s,
        } => format!(
            "Segment {}: {} failed ({}); retry {retry} of {max_retries} in {delay_s} s",
            index + 1,
            failure.provider,
            error(failure)
        ),
        A::SegmentFailed { index, failure } => format!(
            "Segment {} failed on {}: {}",
            index + 1,
            failure.provider,
            error(failure)
        ),
        A::FallbackSkipped {
            index,
            provider,
            reason,
        } => {
            let number = index + 1;
            match reason {
                FallbackSkipReason::NotAvailable => {
                    format!("Segment {number}: skipped fallback {provider} (not available)")
                }
                FallbackSkipReason::NoSupportingModel {
                    mode,
                    duration_s,
                    aspect_ratio,
                } => format!(
                    "Segment {number}: skipped fallback {provider}: none of its models makes \
                     {duration_s} s {mode} clips in {aspect_ratio}"
                ),
                FallbackSkipReason::OverBudget => format!(
                    "Segment {number}: skipped fallback {provider}: it would exceed the budget cap"
                ),
            }
        }
        A::FellBack { index, failure, to } => format!(
            "Segment {}: {} failed ({}); switching to {to}",
            index + 1,
            failure.provider,
            error(failure)
        ),
        A::SubmitUnknown {
            index,
            provider,
            cause,
        } => {
            let cause = match cause {
                SubmitUnknownCause::ConnectionFailed { detail } => {
                    format!("The connection failed ({detail})")
                }
                SubmitUnknownCause::EngineStopped => "Reelforge stopped".to_owned(),
            };
            format!(
                "Segment {}: waiting for your decision. {cause} after this take was sent to \
                 {provider} and before its answer was recorded; check {provider}'s dashboard, \
                 then resubmit (it may be charged twice) or abandon it.",
                index + 1
            )
        }
        A::FoundInProviderList { index, provider } => format!(
            "Segment {}: the take sent to {provider} before Reelforge stopped is in {provider}'s \
             list of recent generations; following it (charged once)",
            index + 1
        ),
        A::NothingInProviderList { index, provider } => format!(
            "Segment {}: {provider}'s list of recent generations shows that the take sent \
             before Reelforge stopped made nothing; sending it again",
            index + 1
        ),
        A::Decided { index, decision } => match decision {
            SubmitUnknownDecision::Resubmit => format!(
                "Segment {}: resubmitted on your decision (the provider may charge for both calls)",
                index + 1
            ),
            SubmitUnknownDecision::Abandon => {
                format!("Segment {}: abandoned on your decision", index + 1)
            }
        },
        A::ReadyForReview => "Every segment is generated: ready for review".to_owned(),
        A::GenerationStopped { failed } => format!(
            "Generation stopped: segment(s) {} did not succeed",
            numbers(failed)
        ),
        A::TakeSelected { take_id } => format!("Take {take_id} chosen for its segment"),
        A::ClipUsed {
            index,
            name,
            in_ms,
            out_ms,
        } => format!(
            "Segment {}: your video {name} ({:.1}–{:.1} s) is its take",
            index + 1,
            *in_ms as f64 / 1000.0,
            *out_ms as f64 / 1000.0
        ),
        A::AssemblyStarted { segments, preset } => {
            format!("Assembly started: {segments} segments to {preset}")
        }
        A::Assembled { output } => format!("Assembled {output}"),
        A::AssemblyFailed { detail, .. } => format!("Assembly failed: {detail}"),
        A::AssemblyInterrupted => {
            "Assembly interrupted: Reelforge stopped before it finished; assemble again".to_owned()
        }
        A::Promoted {
            indexes,
            estimated_cost_micros,
        } => format!(
            "Promoted to the final model: segment(s) {}, estimated {}",
            numbers(indexes),
            format_usd(*estimated_cost_micros)
        ),
        A::Legacy { message, .. } => message.clone(),
        A::Duplicated { title, takes, .. } => {
            format!("Duplicated from “{title}” with {takes} takes copied")
        }
    }
}

/// `1, 3` from the indexes `[0, 2]`.
fn numbers(indexes: &[u32]) -> String {
    let numbers: Vec<String> = indexes.iter().map(|i| (i + 1).to_string()).collect();
    numbers.join(", ")
}

/// A provider error as the engine has always logged it: `code: message`.
fn error(failure: &ProviderFailure) -> String {
    format!("{}: {}", failure.error_code, failure.detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reelforge_protocol::{AspectRatio, GenerationMode, SegmentField};

    fn failure() -> ProviderFailure {
        ProviderFailure {
            provider: "alpha".into(),
            error_code: reelforge_protocol::TakeErrorCode::RateLimited,
            detail: "slow down".into(),
        }
    }

    #[test]
    fn lines_read_as_the_log_always_did() {
        let cases = [
            (
                ActivityEntry::SegmentsEdited {
                    indexes: vec![0, 2],
                    fields: vec![SegmentField::Prompt],
                },
                "Updated segments 1, 3 (prompt)",
            ),
            (
                ActivityEntry::RetryScheduled {
                    index: 1,
                    failure: failure(),
                    retry: 1,
                    max_retries: 3,
                    delay_s: 4,
                },
                "Segment 2: alpha failed (rate_limited: slow down); retry 1 of 3 in 4 s",
            ),
            (
                ActivityEntry::FellBack {
                    index: 0,
                    failure: failure(),
                    to: "gamma".into(),
                },
                "Segment 1: alpha failed (rate_limited: slow down); switching to gamma",
            ),
            (
                ActivityEntry::FallbackSkipped {
                    index: 0,
                    provider: "beta".into(),
                    reason: FallbackSkipReason::NoSupportingModel {
                        mode: GenerationMode::TextToVideo,
                        duration_s: 5,
                        aspect_ratio: AspectRatio::Portrait,
                    },
                },
                "Segment 1: skipped fallback beta: none of its models makes 5 s text_to_video \
                 clips in 9:16",
            ),
            (
                ActivityEntry::GenerationStarted {
                    segments: 3,
                    estimated_cost_micros: 1_500_000,
                },
                "Generation started: 3 segment(s), estimated $1.50",
            ),
            (
                ActivityEntry::Legacy {
                    kind: "created".into(),
                    message: "hello".into(),
                },
                "hello",
            ),
        ];
        for (entry, line) in cases {
            assert_eq!(english(&entry), line);
        }
    }
}
