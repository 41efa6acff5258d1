//! Assembling the final video: the assembly form and state (with the music bed and the
//! voice-over, imported by the shell and named by id), the export size and path, whether
//! assembly may run, and the assembly panel with the final player. A job assembled earlier
//! (or by quick mode) shows its last assembly from the job itself ([`JobDetail::last_assembly`]).

use super::caption_choice::CaptionChoice;
use super::export_formats::ExportFormats;
use super::progress::segment_ready;
use crate::format;
use crate::i18n::media::media as texts;
use crate::i18n::{Lang, t};
use crate::views::new_job::orientation;
use crate::views::player::{MediaUrls, Player, final_url};
use dioxus::prelude::*;
use reelforge_protocol::{
    ApiError, AspectRatio, AssembleRequest, AssemblyResult, CaptionPlatform, CaptionStyle,
    ExportFormat, ImportedAudio, JobDetail, JobId, JobStatus, MusicChoice, NarrationChoice,
    SegmentFocus, SetSegmentFocusRequest, TransitionChoice, VoiceAndCaptions,
};

/// The assembly panel's choices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssemblyForm {
    /// A 720p draft instead of the job's shape at 1080p.
    pub draft: bool,
    pub transition: TransitionChoice,
    /// The captions burned in (`None`: not burned; the files are written either way).
    pub caption_style: CaptionStyle,
    /// Whose safe zone holds the captions.
    pub caption_platform: CaptionPlatform,
    /// Speak each segment's narration.
    pub narrate: bool,
    /// Who speaks it (the job's stored choice; the offline voice by default).
    pub narration: NarrationChoice,
    /// A music bed chosen with `pick_audio_file` (ducked under the voice-over).
    pub music: Option<ImportedAudio>,
    /// A voice-over chosen with `pick_audio_file`.
    pub voice: Option<ImportedAudio>,
    /// Without `music`, the bed from the music library (the job's stored choice).
    pub library_music: MusicChoice,
}

impl Default for AssemblyForm {
    /// The engine's defaults: narrated, captions burned in.
    fn default() -> Self {
        Self {
            draft: false,
            transition: TransitionChoice::default(),
            caption_style: CaptionStyle::default(),
            caption_platform: CaptionPlatform::default(),
            narrate: true,
            narration: NarrationChoice::default(),
            music: None,
            voice: None,
            library_music: MusicChoice::None,
        }
    }
}

/// Which audio track of the assembly a file is chosen for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AudioSlot {
    Music,
    Voice,
}

impl AssemblyForm {
    /// The form with `audio` (or none) as the `slot` track.
    pub fn with_audio(&self, slot: AudioSlot, audio: Option<ImportedAudio>) -> Self {
        let mut next = self.clone();
        match slot {
            AudioSlot::Music => next.music = audio,
            AudioSlot::Voice => next.voice = audio,
        }
        next
    }
}

impl AssemblyForm {
    /// The form with the job's voice and captions choice.
    pub fn with_voice(&self, choice: &VoiceAndCaptions) -> Self {
        Self {
            caption_style: choice.caption_style,
            caption_platform: choice.caption_platform,
            narrate: choice.narration.enabled,
            narration: choice.narration.clone(),
            library_music: choice.music.clone(),
            ..self.clone()
        }
    }

    /// The `assemble_job` request for `job_id` (`preset: None` is the job's own shape).
    pub fn to_request(&self, job_id: JobId) -> AssembleRequest {
        AssembleRequest {
            job_id,
            preset: self.draft.then(|| "draft".to_owned()),
            transition: self.transition,
            burn_captions: self.caption_style.is_burned(),
            caption_style: self.caption_style,
            caption_platform: self.caption_platform,
            music: self.music.as_ref().map(|a| a.id.clone()),
            library_music: self.library_music.clone(),
            voice: self.voice.as_ref().map(|a| a.id.clone()),
            narration: if self.narrate {
                NarrationChoice {
                    enabled: true,
                    ..self.narration.clone()
                }
            } else {
                NarrationChoice::off()
            },
        }
    }
}

/// What the assembly panel shows besides the job: the form, whether `assemble_job` runs, its
/// error or its result, how copying the path went, and how many assemblies finished since the
/// screen opened (so the final player reloads).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AssemblyState {
    pub form: AssemblyForm,
    pub busy: bool,
    pub error: Option<ApiError>,
    pub result: Option<AssemblyResult>,
    /// `Some(true)` once the path was copied, `Some(false)` when the clipboard refused.
    pub copied: Option<bool>,
    pub revision: u64,
    /// Why the last audio file chosen was not added (not audio, unreadable…).
    pub audio_error: Option<ApiError>,
    /// The segments' stored crop focus points (issue 18), shown on the formats' preview.
    pub focus: Vec<SegmentFocus>,
}

/// The frame size of the export: the job's shape at 1080p (4:5 at 1080×1350), or the 720p
/// draft in the job's shape, as the engine picks it.
pub fn export_size(aspect: AspectRatio, draft: bool) -> (u32, u32) {
    match (aspect, draft) {
        (_, true) => ExportFormat::named("draft").map_or((720, 1280), |f| f.size_for(aspect)),
        (AspectRatio::Landscape, false) => (1920, 1080),
        (AspectRatio::Square, false) => (1080, 1080),
        (AspectRatio::Feed, false) => (1080, 1350),
        (AspectRatio::Portrait, false) => (1080, 1920),
    }
}

/// The job's last assembly: the one run on this screen, else the one stored with the job
/// (assembled earlier, or by quick mode in the background).
pub fn last_assembly<'a>(
    detail: &'a JobDetail,
    result: Option<&'a AssemblyResult>,
) -> Option<&'a AssemblyResult> {
    result
        .filter(|r| r.job_id == detail.summary.id)
        .or(detail.last_assembly.as_ref())
}

/// The final video's path, from [`last_assembly`].
pub fn export_path(detail: &JobDetail, result: Option<&AssemblyResult>) -> Option<String> {
    last_assembly(detail, result).map(|r| r.output.clone())
}

/// Whether `assemble_job` may be asked: the job is in review or completed and every segment
/// has a ready take.
pub fn can_assemble(detail: &JobDetail) -> bool {
    matches!(
        detail.summary.status,
        JobStatus::Review | JobStatus::Completed
    ) && !detail.segments.is_empty()
        && detail.segments.iter().all(segment_ready)
}

/// Assembling the final video: preset, transition and captions, "Assemble" (busy while the
/// engine works), its error, then the final video with its path and "Copy path".
#[component]
#[allow(clippy::too_many_arguments)]
pub(super) fn AssemblyPanel(
    lang: Lang,
    detail: JobDetail,
    ready: u32,
    total: u32,
    media: MediaUrls,
    state: AssemblyState,
    on_form: EventHandler<AssemblyForm>,
    on_assemble: EventHandler<()>,
    on_copy_path: EventHandler<String>,
    #[props(default)] on_reveal: EventHandler<()>,
    #[props(default)] on_pick_audio: EventHandler<AudioSlot>,
    #[props(default)] on_focus: EventHandler<SetSegmentFocusRequest>,
) -> Element {
    let s = t(lang);
    let m = texts(lang);
    let status = detail.summary.status;
    let aspect = detail.config.aspect_ratio;
    let busy = state.busy || status == JobStatus::Assembling;
    let allowed = can_assemble(&detail) && !busy;
    let completed = status == JobStatus::Completed || state.result.is_some();
    let last = last_assembly(&detail, state.result.as_ref()).cloned();
    let form = state.form.clone();
    let size = |draft: bool| {
        let (w, h) = export_size(aspect, draft);
        format!("{w}×{h}")
    };
    let full_label = (m.preset_full)(aspect.as_str(), &size(false));
    let draft_label = (m.preset_draft)(&size(true));
    let path = last.as_ref().map(|r| r.output.clone());
    let video = completed
        .then(|| final_url(&media, &detail.summary.id, state.revision))
        .flatten();
    let summary = last.as_ref().map(|r| {
        (m.final_summary)(
            &r.preset,
            r.width,
            r.height,
            &format::seconds(lang, r.duration_ms.div_ceil(1000)),
        )
    });
    let srt = last.as_ref().and_then(|r| r.srt.clone());
    let hint = if allowed || busy {
        None
    } else if matches!(status, JobStatus::Review | JobStatus::Completed) {
        Some(m.assembly_needs_takes)
    } else {
        Some(m.assembly_needs_review)
    };
    let state_code = if busy {
        "busy"
    } else if state.error.is_some() {
        "failed"
    } else if completed {
        "completed"
    } else {
        "idle"
    };
    let on_preset = {
        let form = form.clone();
        move |event: FormEvent| {
            let mut next = form.clone();
            next.draft = event.value() == "draft";
            on_form.call(next);
        }
    };
    let on_transition = {
        let form = form.clone();
        move |event: FormEvent| {
            let mut next = form.clone();
            next.transition = match event.value().as_str() {
                "crossfade" => TransitionChoice::Crossfade,
                "dip" => TransitionChoice::Dip,
                _ => TransitionChoice::Cut,
            };
            on_form.call(next);
        }
    };
    let on_narrate = {
        let form = form.clone();
        move |event: FormEvent| {
            let mut next = form.clone();
            next.narrate = event.checked();
            on_form.call(next);
        }
    };
    let transitions = [
        (TransitionChoice::Cut, "cut", m.transition_cut),
        (
            TransitionChoice::Crossfade,
            "crossfade",
            m.transition_crossfade,
        ),
        (TransitionChoice::Dip, "dip", m.transition_dip),
    ];
    let copied = state.copied;
    let audio_rows = [
        (AudioSlot::Music, "music", m.music_bed, form.music.clone()),
        (AudioSlot::Voice, "voice", m.voice_over, form.voice.clone()),
    ];
    rsx! {
        section {
            class: "panel assembly-panel",
            id: "job-assembly",
            "data-testid": "assembly",
            "data-state": state_code,
            header { class: "panel-header",
                h2 { class: "panel-title", "{s.assembly_title}" }
            }
            div { class: "panel-body",
                p { class: "assembly-ready", {(s.assembly_ready)(u64::from(ready), u64::from(total))} }
                if let Some(url) = video {
                    div { class: "final-video", id: "final-video",
                        span { class: "section-label", "{m.final_video}" }
                        div { class: "final-frame poster-{orientation(aspect)}",
                            Player {
                                key: "{url}",
                                id: "final-player",
                                sources: vec![url.clone()],
                                label: m.final_video,
                                fallback: m.video_unsupported,
                            }
                        }
                        if let Some(summary) = summary {
                            p { class: "final-summary muted", "{summary}" }
                        }
                        if let Some(path) = path {
                            div { class: "export-path",
                                span { class: "form-label", "{m.output_path}" }
                                code { class: "path", id: "export-path", "{path}" }
                                if let Some(srt) = srt {
                                    span { class: "form-label", "{m.captions_file}" }
                                    code { class: "path", id: "export-srt", "{srt}" }
                                }
                                div { class: "export-actions",
                                    button {
                                        class: "button ghost small",
                                        r#type: "button",
                                        id: "copy-path",
                                        onclick: move |_| on_copy_path.call(path.clone()),
                                        if copied == Some(true) {
                                            "✓ {m.copied}"
                                        } else {
                                            "{m.copy_path}"
                                        }
                                    }
                                    button {
                                        class: "button ghost small",
                                        r#type: "button",
                                        id: "reveal-in-folder",
                                        onclick: move |_| on_reveal.call(()),
                                        "{m.reveal_in_folder}"
                                    }
                                }
                                if copied == Some(false) {
                                    p { class: "form-problem", role: "alert", "{m.copy_failed}" }
                                }
                            }
                        }
                    }
                }
                ExportFormats {
                    lang,
                    aspect,
                    exports: last.as_ref().map(|r| r.exports.clone()).unwrap_or_default(),
                    job_id: detail.summary.id.clone(),
                    segments: detail.segments.clone(),
                    media: media.clone(),
                    focus: state.focus.clone(),
                    on_focus,
                }
                div { class: "assembly-form",
                    label { class: "form-field",
                        span { class: "form-label", "{m.preset}" }
                        select {
                            class: "select",
                            id: "assembly-preset",
                            disabled: busy,
                            value: if form.draft { "draft" } else { "" },
                            onchange: on_preset,
                            option { value: "", selected: !form.draft, "{full_label}" }
                            option { value: "draft", selected: form.draft, "{draft_label}" }
                        }
                    }
                    label { class: "form-field",
                        span { class: "form-label", "{m.transition}" }
                        select {
                            class: "select",
                            id: "assembly-transition",
                            disabled: busy,
                            onchange: on_transition,
                            for (choice, value, label) in transitions {
                                option {
                                    key: "{value}",
                                    value: "{value}",
                                    selected: form.transition == choice,
                                    "{label}"
                                }
                            }
                        }
                    }
                    CaptionChoice { lang, form: form.clone(), busy, on_form }
                    label { class: "check",
                        input {
                            r#type: "checkbox",
                            id: "assembly-narrate",
                            disabled: busy,
                            checked: form.narrate,
                            onchange: on_narrate,
                        }
                        span { "{m.narrate}" }
                    }
                    for (slot, key, label, chosen) in audio_rows {
                        div { key: "{key}", class: "form-field audio-choice", id: "assembly-{key}",
                            span { class: "form-label", "{label}" }
                            div { class: "audio-row",
                                if let Some(audio) = chosen {
                                    span { class: "audio-name", id: "assembly-{key}-name", "{audio.name}" }
                                    button {
                                        class: "button ghost small",
                                        r#type: "button",
                                        id: "assembly-{key}-remove",
                                        disabled: busy,
                                        onclick: {
                                            let form = form.clone();
                                            move |_| on_form.call(form.with_audio(slot, None))
                                        },
                                        "{m.remove_audio}"
                                    }
                                } else {
                                    span { class: "audio-name muted", "{m.no_audio}" }
                                }
                                button {
                                    class: "button ghost small",
                                    r#type: "button",
                                    id: "assembly-{key}-choose",
                                    disabled: busy,
                                    onclick: move |_| on_pick_audio.call(slot),
                                    "{m.choose_audio}"
                                }
                            }
                        }
                    }
                    span { class: "form-hint", "{m.audio_hint}" }
                    if let Some(error) = state.audio_error.clone() {
                        div { class: "callout callout-danger", id: "assembly-audio-error", role: "alert",
                            strong { "{m.audio_failed}" }
                            span { "{format::error_code_label(lang, error.code)} · {error.message}" }
                        }
                    }
                }
                if let Some(error) = state.error.clone() {
                    div { class: "callout callout-danger", id: "assembly-error", role: "alert",
                        strong { "{m.assembly_failed}" }
                        span { "{format::error_code_label(lang, error.code)} · {error.message}" }
                    }
                }
                if busy {
                    p { class: "assembly-busy", id: "assembly-busy", role: "status",
                        span { class: "spinner", "aria-hidden": "true" }
                        "{m.assembling_hint}"
                    }
                }
                if let Some(hint) = hint {
                    p { class: "form-hint", id: "assembly-hint", "{hint}" }
                }
                button {
                    class: "button assemble-button",
                    r#type: "button",
                    id: "assemble",
                    disabled: !allowed,
                    onclick: move |_| on_assemble.call(()),
                    if busy {
                        "{m.assembling}"
                    } else if completed {
                        "{m.assemble_again}"
                    } else {
                        "{m.assemble}"
                    }
                }
            }
        }
    }
}
