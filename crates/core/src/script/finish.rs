//! Turning a writer's draft into the script a job is made from: the person's style wins over
//! the writer's, durations are snapped to the model, and the shared style is prepended to
//! every prompt (idempotently, so a reviewed script can be finished again).

use super::snap::snap_durations;
use crate::voice::speaking_rate::estimated_duration;
use reelforge_protocol::voice::NORMAL_SPEED_PERCENT;
use reelforge_protocol::{ScriptDto, StyleDefaults};

/// `draft` with `person`'s non-empty style fields, durations sized to each narration's
/// speaking time and snapped to `allowed_s` with the total near `target_s`, and the style in
/// front of every prompt.
pub fn finish_script(
    mut draft: ScriptDto,
    allowed_s: &[u32],
    target_s: u32,
    person: &StyleDefaults,
) -> ScriptDto {
    for (mine, theirs) in [
        (&mut draft.style.character, &person.character),
        (&mut draft.style.scene, &person.scene),
        (&mut draft.style.visual_style, &person.visual_style),
    ] {
        if !theirs.trim().is_empty() {
            theirs.trim().clone_into(mine);
        }
    }
    // A segment lasts at least as long as its narration takes to say in the script's
    // language (within what the model allows), so the voice is not held over a frozen frame.
    let wanted: Vec<u32> = draft
        .segments
        .iter()
        .map(|s| {
            let spoken = estimated_duration(&s.narration, draft.language, NORMAL_SPEED_PERCENT);
            s.duration_s.max(spoken.as_secs_f64().ceil() as u32).max(1)
        })
        .collect();
    let snapped = snap_durations(&wanted, allowed_s, target_s);
    let prefix = style_prefix(&draft.style);
    for (segment, duration_s) in draft.segments.iter_mut().zip(snapped) {
        segment.duration_s = duration_s.clamp(1, 60);
        segment.prompt = with_style(&prefix, segment.prompt.trim());
        segment.narration = segment.narration.trim().to_owned();
    }
    draft
}

/// The shared style as a prompt prefix: visual style, character, scene (the order the engine
/// uses for templates), joined with `. `.
pub fn style_prefix(style: &StyleDefaults) -> String {
    [&style.visual_style, &style.character, &style.scene]
        .into_iter()
        .map(|s| s.trim().trim_end_matches('.'))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(". ")
}

/// `prompt` with `prefix` in front, unless it is already there.
fn with_style(prefix: &str, prompt: &str) -> String {
    if prefix.is_empty() || prompt.starts_with(prefix) {
        prompt.to_owned()
    } else if prompt.is_empty() {
        prefix.to_owned()
    } else {
        format!("{prefix}. {prompt}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reelforge_protocol::{GenerationMode, ScriptLanguage, ScriptSegment};

    fn draft(durations: &[u32]) -> ScriptDto {
        ScriptDto {
            title: "T".into(),
            subject: "s".into(),
            pillar: "tips".into(),
            language: ScriptLanguage::En,
            style: StyleDefaults {
                visual_style: "Neon".into(),
                ..Default::default()
            },
            segments: durations
                .iter()
                .map(|d| ScriptSegment {
                    beat: "hook".into(),
                    narration: " Hi ".into(),
                    prompt: "A cat".into(),
                    mode: GenerationMode::TextToVideo,
                    duration_s: *d,
                })
                .collect(),
            writer: "offline".into(),
        }
    }

    #[test]
    fn style_is_prepended_once_and_the_person_wins() {
        let person = StyleDefaults {
            character: "A red fox".into(),
            ..Default::default()
        };
        let done = finish_script(draft(&[4, 6]), &[5, 10], 10, &person);
        assert_eq!(done.segments[0].prompt, "Neon. A red fox. A cat");
        assert_eq!(done.segments[0].narration, "Hi");
        assert_eq!(
            done.segments
                .iter()
                .map(|s| s.duration_s)
                .collect::<Vec<_>>(),
            [5, 5]
        );
        let again = finish_script(done.clone(), &[5, 10], 10, &person);
        assert_eq!(again, done, "finishing twice changes nothing");
    }

    #[test]
    fn a_segment_is_sized_to_its_narration_in_its_language() {
        // Fifteen words: 6 s in English (2.5 words a second), under 6 s in French.
        let mut long = draft(&[4, 4]);
        long.segments[0].narration = "one two three four five six seven eight nine ten \
                                      eleven twelve thirteen fourteen fifteen"
            .into();
        let sized = |d: ScriptDto| -> Vec<u32> {
            finish_script(d, &[4, 6, 8], 10, &StyleDefaults::default())
                .segments
                .iter()
                .map(|s| s.duration_s)
                .collect()
        };
        assert_eq!(sized(long.clone()), [6, 4]);
        long.language = ScriptLanguage::Fr;
        assert_eq!(
            sized(long),
            [6, 4],
            "5.5 s rounds up to the next allowed length"
        );
    }
}
