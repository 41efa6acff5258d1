//! `reelforge voices list` (every voice provider and its voices) and `reelforge voices preview
//! PROVIDER[:VOICE] TEXT [--out FILE]` (one uncached synthesis into a WAV file); `voices plan`
//! is in [`voice_plan`](crate::voice_plan).

use crate::args::{VoiceSpec, VoicesCommand};
use crate::output::Output;
use reelforge_core::Core;
use reelforge_core::voice::wav::Pcm;
use reelforge_protocol::{ApiError, ErrorCode, JobId, ScriptLanguage, VoiceDescriptor};
use serde::Serialize;
use std::path::PathBuf;

/// What a preview wrote.
#[derive(Debug, Serialize)]
pub struct PreviewResult {
    pub provider: String,
    pub voice: Option<String>,
    pub out: String,
    pub duration_ms: u64,
}

pub async fn run(core: &Core, cmd: VoicesCommand, out: &Output) -> Result<(), ApiError> {
    match cmd {
        VoicesCommand::List => {
            out.emit(&core.list_voices(), |voices| print_list(voices));
            Ok(())
        }
        VoicesCommand::Preview {
            voice,
            text,
            out: file,
            lang,
        } => preview(core, voice, &text, file, lang, out).await,
        VoicesCommand::Plan {
            job,
            voice,
            lang,
            speed,
        } => crate::voice_plan::run(core, JobId(job), voice, lang, speed, out).await,
    }
}

async fn preview(
    core: &Core,
    spec: VoiceSpec,
    text: &str,
    file: Option<PathBuf>,
    lang: Option<ScriptLanguage>,
    out: &Output,
) -> Result<(), ApiError> {
    let file =
        file.unwrap_or_else(|| PathBuf::from(format!("voice-preview-{}.wav", spec.provider)));
    core.preview_voice(
        Some(&spec.provider),
        spec.voice.as_deref(),
        lang,
        text,
        &file,
    )
    .await?;
    let pcm = Pcm::read(&file).map_err(|e| ApiError::new(ErrorCode::VoiceFailed, e.to_string()))?;
    let result = PreviewResult {
        provider: spec.provider,
        voice: spec.voice,
        out: file.display().to_string(),
        duration_ms: u64::try_from(pcm.duration().as_millis()).unwrap_or(u64::MAX),
    };
    out.emit(&result, |r| {
        println!("Wrote {} ({:.1} s)", r.out, r.duration_ms as f64 / 1000.0);
    });
    Ok(())
}

fn print_list(voices: &[VoiceDescriptor]) {
    for d in voices {
        let kind = if d.robotic_offline {
            "offline, robotic"
        } else if d.needs_key {
            "hosted, needs a key"
        } else {
            "local server, no key"
        };
        let price = if d.price_per_1k_chars_micro_usd == 0 {
            "free".to_owned()
        } else {
            // Three decimals: voices cost fractions of a cent per 1,000 characters.
            let micros = d.price_per_1k_chars_micro_usd;
            let dollars = format!(
                "${}.{:03}",
                micros / 1_000_000,
                (micros % 1_000_000 + 999) / 1_000
            );
            format!("{dollars} / 1k chars")
        };
        let timing = if d.word_alignment {
            "word timing from the voice"
        } else {
            "words timed per phrase"
        };
        println!(
            "{:<12} {} — {kind}, {price}, {timing}",
            d.id, d.display_name
        );
        println!("{:<12} {}", "", d.label);
        for language in &d.languages {
            let ids: Vec<String> = d
                .voices
                .iter()
                .filter(|v| v.language == *language)
                .map(|v| format!("{} ({})", v.id, v.label))
                .collect();
            println!("{:<12}   {}: {}", "", language.as_str(), ids.join(", "));
        }
    }
}
