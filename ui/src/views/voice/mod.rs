//! The Voice & captions section, shared by the wizard's segments step and the job screen:
//! whether the narration is read, by which provider and voice (the voices of the narration's
//! language only; the offline voice said to be robotic), at what speed, "Listen" (the sample
//! spoken by the engine, played here), the caption style and safe zone with, on the job
//! screen, a frame of a take drawn in that style, and each segment's "voice 4.2 s / clip 5 s"
//! with its own player and a warning when a voice outlasts its clip.
//!
//! Pure: the page fetches the voices, stores the choice (`set_job_voice`) and runs the
//! previews (`preview_voice`, `preview_captions`), see [`VoiceEvent`].

mod captions_preview;
mod lengths;
mod state;

pub use state::{
    SegmentLine, SegmentVoice, VoiceEvent, VoiceState, chosen_provider, current_voice,
    frame_segment, narration_language, segment_lines, too_long, unmeasured, voices_for,
};

use crate::format;
use crate::i18n::Lang;
use crate::i18n::voice::voice as texts;
use crate::views::job::{platform_label, style_label};
use captions_preview::CaptionsPreview;
use dioxus::prelude::*;
use lengths::VoiceLengths;
use reelforge_protocol::{
    CaptionPlatform, CaptionStyle, MusicChoice, ScriptLanguage, VoiceAndCaptions, VoiceDescriptor,
};

/// The label of a provider: its name, and what it is when that matters to a choice.
pub fn provider_label(lang: Lang, provider: &VoiceDescriptor) -> String {
    let v = texts(lang);
    if provider.robotic_offline {
        format!("{} ({})", provider.display_name, v.robotic_offline)
    } else if provider.needs_key {
        format!("{} ({})", provider.display_name, v.needs_key)
    } else {
        provider.display_name.clone()
    }
}

fn language_label(lang: Lang, language: ScriptLanguage) -> &'static str {
    let v = texts(lang);
    match language {
        ScriptLanguage::En => v.language_en,
        ScriptLanguage::Fr => v.language_fr,
    }
}

/// The section. `language` is the narration's language when the choice names none;
/// `segments` are measured against their clips; `show_frame` offers the caption frame (job
/// screen).
#[component]
pub fn VoicePanel(
    lang: Lang,
    voices: Vec<VoiceDescriptor>,
    language: ScriptLanguage,
    state: VoiceState,
    segments: Vec<SegmentLine>,
    #[props(default)] busy: bool,
    #[props(default)] show_frame: bool,
    on_event: EventHandler<VoiceEvent>,
) -> Element {
    let v = texts(lang);
    let choice = state.choice.clone();
    let language = narration_language(&choice, language);
    let provider = chosen_provider(&voices, &choice).cloned();
    let offered = provider
        .as_ref()
        .map(|p| voices_for(p, language))
        .unwrap_or_default();
    let chosen_voice = choice
        .narration
        .voice
        .clone()
        .filter(|id| offered.iter().any(|o| &o.id == id))
        .or_else(|| offered.first().map(|o| o.id.clone()));
    let enabled = choice.narration.enabled;
    let edit = |apply: fn(&mut VoiceAndCaptions, String)| {
        let choice = state.choice.clone();
        move |event: FormEvent| {
            let mut next = choice.clone();
            apply(&mut next, event.value());
            on_event.call(VoiceEvent::Choice(next));
        }
    };
    let on_enabled = {
        let choice = state.choice.clone();
        move |event: FormEvent| {
            let mut next = choice.clone();
            next.narration.enabled = event.checked();
            on_event.call(VoiceEvent::Choice(next));
        }
    };
    let on_provider = edit(|c, id| {
        c.narration.provider = Some(id);
        c.narration.voice = None;
    });
    let on_voice = edit(|c, id| c.narration.voice = Some(id));
    let on_language = edit(|c, id| {
        c.narration.language = ScriptLanguage::parse(&id);
        c.narration.voice = None;
    });
    let on_speed = edit(|c, value| {
        if let Ok(speed) = value.parse() {
            c.narration.speed_percent = speed;
        }
    });
    let on_style = edit(|c, id| c.caption_style = CaptionStyle::parse(&id).unwrap_or_default());
    let on_platform =
        edit(|c, id| c.caption_platform = CaptionPlatform::parse(&id).unwrap_or_default());
    let on_music = edit(|c, id| c.music = music_of(&id));
    let music = music_id(&state.choice.music);
    let provider_id = provider.as_ref().map(|p| p.id.clone()).unwrap_or_default();
    let robotic = provider.as_ref().is_some_and(|p| p.robotic_offline);
    let can_listen = enabled && chosen_voice.is_some() && !busy && !state.listening;
    let style = state.choice.caption_style;
    let platform = state.choice.caption_platform;
    let speed = state.choice.narration.speed_percent;
    rsx! {
        section { class: "panel voice-panel", id: "voice-panel", "data-testid": "voice-panel",
            header { class: "panel-header",
                h2 { class: "panel-title", "{v.title}" }
            }
            div { class: "panel-body voice-form",
                p { class: "muted", "{v.intro}" }
                label { class: "check",
                    input {
                        r#type: "checkbox",
                        id: "voice-enabled",
                        disabled: busy,
                        checked: enabled,
                        onchange: on_enabled,
                    }
                    span { "{v.narrate}" }
                }
                label { class: "form-field",
                    span { class: "form-label", "{v.provider}" }
                    select {
                        class: "select",
                        id: "voice-provider",
                        disabled: busy || !enabled,
                        onchange: on_provider,
                        for p in voices.iter() {
                            option {
                                key: "{p.id}",
                                value: "{p.id}",
                                selected: p.id == provider_id,
                                {provider_label(lang, p)}
                            }
                        }
                    }
                }
                if robotic {
                    p { class: "form-hint", id: "voice-robotic-note", "{v.robotic_note}" }
                }
                label { class: "form-field",
                    span { class: "form-label", "{v.voice}" }
                    div { class: "voice-row",
                        select {
                            class: "select",
                            id: "voice-language",
                            disabled: busy || !enabled,
                            onchange: on_language,
                            for l in ScriptLanguage::ALL {
                                option {
                                    key: "{l.as_str()}",
                                    value: "{l.as_str()}",
                                    selected: l == language,
                                    "{language_label(lang, l)}"
                                }
                            }
                        }
                        select {
                            class: "select",
                            id: "voice-voice",
                            disabled: busy || !enabled || offered.is_empty(),
                            onchange: on_voice,
                            for o in offered.iter() {
                                option {
                                    key: "{o.id}",
                                    value: "{o.id}",
                                    selected: chosen_voice.as_deref() == Some(o.id.as_str()),
                                    "{o.label}"
                                }
                            }
                        }
                        button {
                            class: "button ghost small",
                            r#type: "button",
                            id: "voice-listen",
                            disabled: !can_listen,
                            onclick: move |_| on_event.call(VoiceEvent::Listen),
                            if state.listening {
                                "{v.listening}"
                            } else {
                                "▶ {v.listen}"
                            }
                        }
                    }
                }
                if offered.is_empty() {
                    p { class: "form-problem", id: "voice-no-language",
                        {(v.no_voice_for_language)(language_label(lang, language))}
                    }
                }
                if let Some(url) = state.sample_url.clone() {
                    audio {
                        key: "{url}",
                        id: "voice-sample",
                        class: "voice-sample",
                        controls: true,
                        autoplay: true,
                        src: "{url}",
                        "aria-label": "{v.sample_player}",
                    }
                }
                label { class: "form-field",
                    span { class: "form-label", "{v.speed} · {(v.speed_value)(speed)}" }
                    input {
                        r#type: "range",
                        id: "voice-speed",
                        min: "50",
                        max: "200",
                        step: "10",
                        value: "{speed}",
                        disabled: busy || !enabled,
                        onchange: on_speed,
                    }
                }
                label { class: "form-field",
                    span { class: "form-label", "{crate::i18n::media::media(lang).caption_style}" }
                    select {
                        class: "select",
                        id: "voice-caption-style",
                        disabled: busy,
                        onchange: on_style,
                        for s in CaptionStyle::ALL {
                            option {
                                key: "{s.id()}",
                                value: "{s.id()}",
                                selected: s == style,
                                "{style_label(lang, s)}"
                            }
                        }
                    }
                }
                label { class: "form-field",
                    span { class: "form-label", "{crate::i18n::media::media(lang).caption_platform}" }
                    select {
                        class: "select",
                        id: "voice-caption-platform",
                        disabled: busy || !style.is_burned(),
                        onchange: on_platform,
                        for p in CaptionPlatform::ALL {
                            option {
                                key: "{p.id()}",
                                value: "{p.id()}",
                                selected: p == platform,
                                "{platform_label(lang, p)}"
                            }
                        }
                    }
                }
                label { class: "form-field",
                    span { class: "form-label", "{v.music}" }
                    select {
                        class: "select",
                        id: "voice-music",
                        disabled: busy,
                        onchange: on_music,
                        option { value: "none", selected: music == "none", "{v.music_none}" }
                        option { value: "auto", selected: music == "auto", "{v.music_auto}" }
                        for track in state.music_tracks.iter() {
                            option {
                                key: "{track.name}",
                                value: "track:{track.name}",
                                selected: music == format!("track:{}", track.name),
                                "{(v.music_track)(&track.name, track.duration_ms)}"
                            }
                        }
                    }
                }
                if show_frame {
                    CaptionsPreview { lang, state: state.clone(), busy, on_event }
                }
                if let Some(error) = state.error.clone() {
                    div { class: "callout callout-danger", id: "voice-error", role: "alert",
                        "data-error-code": error.code.as_str(),
                        strong { "{v.preview_failed}" }
                        span { " · {format::error_code_label(lang, error.code)} · {error.message}" }
                    }
                }
                VoiceLengths { lang, state, segments, busy, on_event }
            }
        }
    }
}

/// The music select's value of `choice`.
pub fn music_id(choice: &MusicChoice) -> String {
    match choice {
        MusicChoice::None => "none".to_owned(),
        MusicChoice::Auto => "auto".to_owned(),
        MusicChoice::Track(name) => format!("track:{name}"),
    }
}

/// The choice of the music select's value `id`.
pub fn music_of(id: &str) -> MusicChoice {
    match id {
        "auto" => MusicChoice::Auto,
        _ => id.strip_prefix("track:").map_or(MusicChoice::None, |name| {
            MusicChoice::Track(name.to_owned())
        }),
    }
}
