//! `reelforge voices plan JOB [--voice PROVIDER[:VOICE]] [--lang L] [--speed P]`: each
//! segment's narration against its clip ("voice 4.2 s / clip 5 s", a warning where the voice
//! runs longer) and what the voice would charge, from [`Core::plan_narration`]; nothing is
//! spoken.

use crate::args::VoiceSpec;
use crate::output::Output;
use reelforge_core::Core;
use reelforge_protocol::money::format_usd;
use reelforge_protocol::{
    ApiError, JobId, NarrationChoice, NarrationPlan, NarrationPlanRequest, ScriptLanguage,
};

pub async fn run(
    core: &Core,
    job_id: JobId,
    voice: Option<VoiceSpec>,
    language: Option<ScriptLanguage>,
    speed_percent: u16,
    out: &Output,
) -> Result<(), ApiError> {
    let (provider, voice) = voice.map_or((None, None), |s| (Some(s.provider), s.voice));
    let narration = NarrationChoice {
        provider,
        voice,
        language,
        speed_percent,
        ..NarrationChoice::default()
    };
    let plan = core
        .plan_narration(NarrationPlanRequest { job_id, narration })
        .await?;
    out.emit(&plan, print_plan);
    Ok(())
}

fn print_plan(plan: &NarrationPlan) {
    println!(
        "{} ({}, {}):",
        plan.provider,
        plan.voice,
        plan.language.as_str()
    );
    for s in &plan.segments {
        let Some(voice) = s.narration_seconds else {
            println!(
                "  segment {}: nothing to say / clip {:.0} s",
                s.index + 1,
                s.clip_seconds
            );
            continue;
        };
        let how = if s.measured { "" } else { "≈ " };
        let warning = match s.voice_longer_than_clip {
            true => "  (longer than the clip: its last frame is held)",
            false => "",
        };
        println!(
            "  segment {}: voice {how}{voice:.1} s / clip {:.0} s{warning}",
            s.index + 1,
            s.clip_seconds
        );
    }
    println!(
        "to synthesize: {} characters, {}",
        plan.characters_to_synthesize,
        format_usd(plan.cost_micro_usd)
    );
}
