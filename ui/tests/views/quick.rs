//! QuickView: the form (choices from descriptors), writing, the script review, starting, and
//! failures; QuickForm's request.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{
    ApiError, AspectRatio, ErrorCode, GenerationMode, ProviderDescriptor, ScriptDto,
    ScriptLanguage, ScriptSegment, StyleDefaults,
};
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::QuickView;
use reelforge_ui::views::quick::{QuickForm, QuickProblem, QuickStage};

fn script() -> ScriptDto {
    ScriptDto {
        title: "3 Python tips".into(),
        subject: "3 Python tips".into(),
        pillar: "tips".into(),
        language: ScriptLanguage::En,
        style: StyleDefaults {
            character: String::new(),
            scene: "a cosy desk".into(),
            visual_style: "flat pastel".into(),
        },
        segments: vec![
            ScriptSegment {
                beat: "hook".into(),
                narration: "Stop writing loops like this.".into(),
                prompt: "flat pastel, a cosy desk, a laptop with code".into(),
                mode: GenerationMode::TextToVideo,
                duration_s: 5,
            },
            ScriptSegment {
                beat: "call_to_action".into(),
                narration: "Follow for more.".into(),
                prompt: "flat pastel, a cosy desk, a thumbs up".into(),
                mode: GenerationMode::TextToVideo,
                duration_s: 10,
            },
        ],
        writer: "offline".into(),
    }
}

fn filled() -> QuickForm {
    QuickForm {
        subject: "3 Python tips".into(),
        providers: vec!["fal".into(), "local".into()],
        ..QuickForm::default()
    }
}

fn view(
    lang: Lang,
    providers: Remote<Vec<ProviderDescriptor>>,
    form: QuickForm,
    stage: QuickStage,
    script: Option<ScriptDto>,
    error: Option<ApiError>,
) -> String {
    render(move || {
        rsx! {
            QuickView {
                lang,
                providers: providers.clone(),
                form: form.clone(),
                stage,
                script: script.clone(),
                error: error.clone(),
            }
        }
    })
}

#[test]
fn loading_and_failed_providers() {
    let html = view(
        Lang::En,
        Remote::Loading,
        QuickForm::default(),
        QuickStage::Form,
        None,
        None,
    );
    assert!(html.contains(r#"id="quick-loading""#));
    assert_reads(&visible_text(&html), &["Quick video", "Loading…"]);
    let error = ApiError::new(ErrorCode::Internal, "no desktop shell (list_providers)");
    let html = view(
        Lang::Fr,
        Remote::Failed(error),
        QuickForm::default(),
        QuickStage::Form,
        None,
        None,
    );
    assert!(html.contains(r#"id="quick-error""#));
    assert_reads(&visible_text(&html), &["Vidéo rapide", "no desktop shell"]);
}

#[test]
fn the_empty_form_asks_for_a_subject() {
    let html = view(
        Lang::En,
        Remote::Ready(providers()),
        QuickForm::default(),
        QuickStage::Form,
        None,
        None,
    );
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "What is it about?",
            "Subject",
            "Pillar",
            "Target duration",
            "30 s",
            "Aspect ratio",
            "9:16",
            "Narration language",
            "Guess from the subject",
            "Default (offline)",
            "fal.ai — hosted models",
            "Local — offline, not AI",
            "Budget cap",
            "Review the script before generating",
            "Run straight through",
            "Write the script",
            "Write a subject.",
        ],
    );
    assert!(html.contains(r#"id="quick-submit""#));
    // No provider chosen: no model and no fallbacks to pick.
    assert!(!html.contains(r#"id="quick-model""#));
    assert!(!html.contains(r#"id="quick-fallbacks""#));
}

#[test]
fn a_chain_from_the_descriptors() {
    let mut form = filled();
    form.review = false;
    let html = view(
        Lang::En,
        Remote::Ready(providers()),
        form,
        QuickStage::Form,
        None,
        None,
    );
    let text = visible_text(&html);
    assert!(html.contains(r#"id="quick-model""#));
    assert!(html.contains(r#"id="quick-fallback-local""#));
    assert_reads(
        &text,
        &[
            "Kling 2.1",
            "Seedance",
            "Fallback providers",
            "Generate the video",
        ],
    );
    // Only the aspect ratios of the chosen model are offered.
    assert_not_reads(&text, &["4:5", "Write a subject."]);
}

#[test]
fn a_provider_name_is_never_shown_twice() {
    let providers = vec![fal_provider(), local_provider_named_twice()];
    // As the primary provider's option, and as a fallback beside its name.
    let html = view(
        Lang::En,
        Remote::Ready(providers),
        filled(),
        QuickStage::Form,
        None,
        None,
    );
    let text = visible_text(&html);
    assert_reads(
        &text,
        &["Local (ffmpeg motion) — offline, not AI", "offline, not AI"],
    );
    assert_not_reads(&text, &["Local (ffmpeg motion) — Local (ffmpeg motion)"]);
    let fallback = &html[html.find(r#"id="quick-fallback-local""#).unwrap()..];
    let fallback = visible_text(&fallback[..fallback.find("</label>").unwrap()]);
    assert!(
        fallback.ends_with("/> 2 Local (ffmpeg motion) offline, not AI"),
        "{fallback}"
    );
}

#[test]
fn writing_reviewing_and_starting() {
    let html = view(
        Lang::En,
        Remote::Ready(providers()),
        filled(),
        QuickStage::Writing,
        None,
        None,
    );
    assert!(html.contains(r#"id="quick-writing""#));
    assert_reads(
        &visible_text(&html),
        &["Writing the script…", "3 Python tips"],
    );

    let html = view(
        Lang::En,
        Remote::Ready(providers()),
        filled(),
        QuickStage::Review,
        Some(script()),
        None,
    );
    let text = visible_text(&html);
    assert_eq!(html.matches(r#"data-testid="script-segment""#).count(), 2);
    assert!(html.contains(r#"id="script-narration-0""#));
    assert!(html.contains(r#"id="script-prompt-1""#));
    assert!(html.contains("Stop writing loops like this."));
    assert!(html.contains("flat pastel, a cosy desk, a thumbs up"));
    assert_reads(
        &text,
        &[
            "Review the script",
            "2 segments · 15 s (target 30 s)",
            "offline",
            "1 Hook",
            "2 Call to action",
            "Scene a cosy desk",
            "Narration",
            "Prompt",
            "Write again",
            "Generate the video",
        ],
    );

    let html = view(
        Lang::Fr,
        Remote::Ready(providers()),
        filled(),
        QuickStage::Starting,
        Some(script()),
        None,
    );
    assert!(html.contains(r#"id="quick-starting""#));
    assert_reads(&visible_text(&html), &["Création de la production…"]);
}

#[test]
fn a_failure_is_shown_above_the_form() {
    let error = ApiError::new(ErrorCode::Validation, "the estimate exceeds the budget cap");
    let html = view(
        Lang::En,
        Remote::Ready(providers()),
        filled(),
        QuickStage::Form,
        None,
        Some(error),
    );
    assert_reads(
        &visible_text(&html),
        &["the estimate exceeds the budget cap", "Dismiss"],
    );
    assert!(html.contains(r#"id="quick-form""#));
}

#[test]
fn in_french() {
    let text = visible_text(&view(
        Lang::Fr,
        Remote::Ready(providers()),
        QuickForm::default(),
        QuickStage::Form,
        None,
        None,
    ));
    assert_reads(
        &text,
        &[
            "Vidéo rapide",
            "production terminée",
            "Durée visée",
            "Relire le script avant de générer",
            "Tout enchaîner",
            "Écrire le script",
            "Écrivez un sujet.",
        ],
    );
    let text = visible_text(&view(
        Lang::Fr,
        Remote::Ready(providers()),
        filled(),
        QuickStage::Review,
        Some(script()),
        None,
    ));
    assert_reads(
        &text,
        &[
            "Relire le script",
            "2 segments · 15 s (objectif 30 s)",
            "1 Accroche",
            "2 Appel à l'action",
            "Réécrire",
        ],
    );
}

#[test]
fn the_form_becomes_a_request() {
    assert_eq!(
        QuickForm::default().to_request(),
        Err(QuickProblem::SubjectRequired)
    );
    let mut form = filled();
    form.budget_cap = "2,50".into();
    form.aspect_ratio = AspectRatio::Landscape;
    form.language = Some(ScriptLanguage::Fr);
    form.model = Some("kling-2.1".into());
    let request = form.to_request().unwrap();
    assert_eq!(request.subject, "3 Python tips");
    assert_eq!(request.pillar, "tips");
    assert_eq!(request.target_duration_s, 30);
    assert_eq!(request.providers, ["fal", "local"]);
    assert_eq!(request.model.as_deref(), Some("kling-2.1"));
    assert_eq!(request.budget_cap_micros, Some(2_500_000));
    assert_eq!(request.aspect_ratio, AspectRatio::Landscape);
    assert!(!request.review);
    assert!(request.script.is_none());
    assert!(!request.storyboard_first && !request.storyboard_run_on);
    // "Then run on" only counts with "Storyboard first".
    form.storyboard_run_on = true;
    assert!(!form.to_request().unwrap().storyboard_run_on);
    form.storyboard_first = true;
    let request = form.to_request().unwrap();
    assert!(request.storyboard_first && request.storyboard_run_on);
    form.budget_cap = "lots".into();
    assert_eq!(form.to_request(), Err(QuickProblem::BudgetInvalid));
}

#[test]
fn storyboard_first_is_offered_and_then_run_on_waits_for_it() {
    let html = view(
        Lang::En,
        Remote::Ready(providers()),
        filled(),
        QuickStage::Form,
        None,
        None,
    );
    assert_reads(&visible_text(&html), &["Storyboard first", "Then run on"]);
    assert!(html.contains(r#"id="quick-storyboard-first""#), "{html}");
    let run_on = &html[html.find(r#"id="quick-storyboard-run-on""#).unwrap()..];
    assert!(
        run_on[..run_on.find('>').unwrap()].contains("disabled"),
        "{run_on}"
    );
    let fr = view(
        Lang::Fr,
        Remote::Ready(providers()),
        QuickForm {
            storyboard_first: true,
            ..filled()
        },
        QuickStage::Form,
        None,
        None,
    );
    assert_reads(
        &visible_text(&fr),
        &["Storyboard d'abord", "Puis continuer"],
    );
    let run_on = &fr[fr.find(r#"id="quick-storyboard-run-on""#).unwrap()..];
    assert!(
        !run_on[..run_on.find('>').unwrap()].contains("disabled"),
        "{run_on}"
    );
}

#[test]
fn the_dashboard_links_to_quick() {
    use reelforge_protocol::JobListQuery;
    use reelforge_ui::views::DashboardView;
    let html = render(|| {
        rsx! {
            DashboardView {
                lang: Lang::Fr,
                clock: clock(),
                jobs: Remote::Ready(empty_page()),
                templates: Remote::Ready(Vec::new()),
                query: JobListQuery::default(),
            }
        }
    });
    assert!(html.contains(r#"href="/quick""#));
    assert!(html.contains(r#"id="dashboard-quick""#));
    assert_reads(&visible_text(&html), &["Vidéo rapide"]);
}
