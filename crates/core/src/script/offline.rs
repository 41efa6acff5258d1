//! [`OfflineWriter`]: the built-in writer. No network, no key: it fills the beat structure
//! from the subject, the pillar and the language with the phrase tables of [`super::phrases`],
//! so quick mode works on a fresh machine.

use super::phrases::{Pillar, default_visual_style, narration, visual};
use super::post::{PostBrief, PostText, write_post_offline};
use super::snap::spread;
use super::{ScriptBrief, ScriptError, ScriptWriter};
use reelforge_protocol::{Beat, GenerationMode, ScriptDto, ScriptSegment, StyleDefaults};

/// The writer's name in scripts and job logs.
pub const OFFLINE_WRITER: &str = "offline";

/// Writes scripts from phrase tables (English and French).
#[derive(Debug, Clone, Copy, Default)]
pub struct OfflineWriter;

/// How long each beat is relative to the others (the hook and the call to action are short).
fn weight(beat: Beat) -> u32 {
    match beat {
        Beat::Hook => 8,
        Beat::Solution => 12,
        Beat::CallToAction => 8,
        _ => 10,
    }
}

/// `subject` with its first letter in capitals.
pub(super) fn capitalised(subject: &str) -> String {
    let mut chars = subject.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn fill(template: &str, subject: &str) -> String {
    template
        .replace("{S}", &capitalised(subject))
        .replace("{s}", subject)
}

#[async_trait::async_trait]
impl ScriptWriter for OfflineWriter {
    fn name(&self) -> String {
        OFFLINE_WRITER.to_owned()
    }

    async fn write(&self, brief: &ScriptBrief) -> Result<ScriptDto, ScriptError> {
        Ok(write_offline(brief))
    }

    async fn write_post(&self, brief: &PostBrief) -> Result<PostText, ScriptError> {
        Ok(write_post_offline(brief))
    }
}

/// The offline script for `brief` (pure; the async trait method calls this).
pub fn write_offline(brief: &ScriptBrief) -> ScriptDto {
    let subject = brief.subject.trim();
    let pillar = Pillar::of(&brief.pillar);
    let weights: Vec<u32> = brief.beats.iter().map(|b| weight(*b)).collect();
    let durations = spread(brief.target_duration_s, &weights);
    let segments = brief
        .beats
        .iter()
        .zip(durations)
        .map(|(&beat, duration_s)| ScriptSegment {
            beat: beat.as_str().to_owned(),
            narration: fill(narration(brief.language, pillar, beat), subject),
            prompt: fill(visual(beat), subject),
            mode: GenerationMode::TextToVideo,
            duration_s,
        })
        .collect();
    let style = StyleDefaults {
        character: brief.style.character.clone(),
        scene: brief.style.scene.clone(),
        visual_style: if brief.style.visual_style.trim().is_empty() {
            default_visual_style(pillar).to_owned()
        } else {
            brief.style.visual_style.clone()
        },
    };
    ScriptDto {
        title: capitalised(subject),
        subject: subject.to_owned(),
        pillar: brief.pillar.clone(),
        language: brief.language,
        style,
        segments,
        writer: OFFLINE_WRITER.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::beats_for;
    use reelforge_protocol::{AspectRatio, ScriptLanguage};

    fn brief(language: ScriptLanguage, pillar: &str) -> ScriptBrief {
        ScriptBrief {
            subject: "3 astuces Python".into(),
            pillar: pillar.into(),
            language,
            target_duration_s: 30,
            aspect_ratio: AspectRatio::Portrait,
            beats: beats_for(6),
            allowed_durations_s: (1..=60).collect(),
            style: StyleDefaults::default(),
        }
    }

    #[test]
    fn every_pillar_and_language_fills_every_beat() {
        for language in ScriptLanguage::ALL {
            for pillar in ["tips", "education", "demo", "story", "cooking"] {
                let script = write_offline(&brief(language, pillar));
                assert_eq!(script.segments.len(), 6);
                assert_eq!(script.total_duration_s(), 30);
                let mut seen = std::collections::HashSet::new();
                for s in &script.segments {
                    assert!(!s.narration.contains('{'), "{}", s.narration);
                    assert!(!s.prompt.contains('{'), "{}", s.prompt);
                    assert!(seen.insert(s.narration.clone()), "repeated line");
                }
                assert!(script.segments[0].narration.starts_with("3 astuces Python"));
            }
        }
    }

    #[test]
    fn french_uses_french_typography_and_english_prompts() {
        let script = write_offline(&brief(ScriptLanguage::Fr, "astuces"));
        assert_eq!(
            script.segments[0].narration,
            "3 astuces Python : la plupart des gens passent à côté. Restez jusqu'au bout."
        );
        assert!(
            script.segments[0]
                .prompt
                .starts_with("Bold opening shot about")
        );
        let en = write_offline(&brief(ScriptLanguage::En, "tips"));
        assert_eq!(
            en.segments[5].narration,
            "Save this for later, and follow for more tips."
        );
    }
}
