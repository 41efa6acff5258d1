//! NewJobView: the wizard's two steps in their empty, loading, running, failed and completed
//! states, in English and French; and the pure functions behind it.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{
    ApiError, AspectRatio, CostEstimate, ErrorCode, GenerationMode, JobDetail, ProviderDescriptor,
    SegmentEstimate, SegmentId, TemplateDto, TemplateId,
};
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::NewJobView;
use reelforge_ui::views::new_job::{
    ReferenceState, SegmentDraft, SetupForm, WizardBusy, WizardStep, drafts_for,
};

#[derive(Clone)]
struct Wizard {
    lang: Lang,
    templates: Remote<Vec<TemplateDto>>,
    providers: Remote<Vec<ProviderDescriptor>>,
    step: WizardStep,
    form: SetupForm,
    job: Option<JobDetail>,
    drafts: Vec<SegmentDraft>,
    busy: Option<WizardBusy>,
    error: Option<ApiError>,
    confirm: Option<CostEstimate>,
    references: ReferenceState,
}

impl Wizard {
    /// Step 1, both lists loaded, the myth buster template chosen.
    fn setup(lang: Lang) -> Self {
        Self {
            lang,
            templates: Remote::Ready(vec![myth_buster(), product_demo()]),
            providers: Remote::Ready(providers()),
            step: WizardStep::Setup,
            form: SetupForm::new(Some(TemplateId::from("tpl-myth"))),
            job: None,
            drafts: Vec::new(),
            busy: None,
            error: None,
            confirm: None,
            references: ReferenceState::default(),
        }
    }

    /// Step 2 on the draft job, its segments written.
    fn segments(lang: Lang) -> Self {
        let job = draft_detail();
        let mut drafts = drafts_for(&job, &providers(), &[]);
        drafts[0].prompt = "A cat on a sofa, close-up".into();
        drafts[1].narration = "Most think it's a motor.".into();
        drafts[0].mode = GenerationMode::ImageToVideo;
        Self {
            step: WizardStep::Segments,
            form: SetupForm {
                title: "Why cats purr".into(),
                ..SetupForm::new(Some(TemplateId::from("tpl-myth")))
            },
            job: Some(job),
            drafts,
            ..Self::setup(lang)
        }
    }

    fn html(&self) -> String {
        let w = self.clone();
        render(move || {
            let w = w.clone();
            rsx! {
                NewJobView {
                    lang: w.lang,
                    templates: w.templates,
                    providers: w.providers,
                    step: w.step,
                    form: w.form,
                    job: w.job,
                    drafts: w.drafts,
                    busy: w.busy,
                    error: w.error,
                    confirm: w.confirm,
                    references: w.references,
                    on_retry: None,
                }
            }
        })
    }

    fn text(&self) -> String {
        visible_text(&self.html())
    }
}

fn estimate(total: i64, problem: Option<&str>, cap: Option<i64>) -> CostEstimate {
    CostEstimate {
        job_id: "job-cats".into(),
        segments: (0..2)
            .map(|index| SegmentEstimate {
                segment_id: SegmentId::from(format!("seg-{index}")),
                index,
                provider: "fal".into(),
                model: Some("kling-2.1".into()),
                duration_s: 5,
                micros: total / 2,
                problem: (index == 1).then(|| problem.map(str::to_owned)).flatten(),
                job_references_unsent: false,
            })
            .collect(),
        total_micros: total,
        spent_micros: 0,
        budget_cap_micros: cap,
        within_budget: cap.is_none_or(|cap| total <= cap),
    }
}

#[test]
fn loading_until_templates_and_providers_arrive() {
    let mut w = Wizard::setup(Lang::En);
    w.providers = Remote::Loading;
    let html = w.html();
    assert!(html.contains(r#" id="wizard-loading""#));
    assert_reads(&visible_text(&html), &["New job", "Loading…", "Setup"]);
    w.lang = Lang::Fr;
    w.templates = Remote::Loading;
    assert_reads(&w.text(), &["Nouvelle production", "Chargement…"]);
}

#[test]
fn a_failed_list_offers_a_retry_and_a_failed_action_says_why() {
    let mut w = Wizard::setup(Lang::En);
    w.providers = Remote::Failed(ApiError::new(ErrorCode::Internal, "engine down"));
    let html = w.html();
    assert!(html.contains(r#" id="wizard-load-error""#));
    assert_reads(
        &visible_text(&html),
        &["Something went wrong", "engine down"],
    );

    let mut w = Wizard::setup(Lang::Fr);
    w.error = Some(ApiError::new(ErrorCode::Validation, "title is empty"));
    let html = w.html();
    assert!(html.contains(r#" id="action-error""#));
    assert_reads(
        &visible_text(&html),
        &[
            "L'action n'a pas abouti",
            "Requête invalide",
            "title is empty",
            "Fermer",
        ],
    );
}

#[test]
fn empty_lists_start_from_scratch() {
    let mut w = Wizard::setup(Lang::En);
    w.templates = Remote::Ready(Vec::new());
    w.providers = Remote::Ready(Vec::new());
    w.form = SetupForm::default();
    let html = w.html();
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "No template (start from scratch)",
            "Number of segments",
            // The built-in default: 3 segments of 5 s, vertical, on the local provider.
            "3 × 5 s",
            "Total 15 s",
            "Default (9:16)",
            "Default (local)",
        ],
    );
    assert!(html.contains(r#"id="job-segment-count""#));
    // Nothing to continue with until there is a title.
    assert!(continue_disabled(&html));
}

fn continue_disabled(html: &str) -> bool {
    let at = html
        .find(r#"id="wizard-continue""#)
        .expect("no continue button");
    let start = html[..at].rfind("<button").unwrap();
    let end = at + html[at..].find('>').unwrap();
    html[start..end].contains("disabled")
}

#[test]
fn setup_shows_the_template_structure_and_cost() {
    let text = Wizard::setup(Lang::En).text();
    assert_reads(
        &text,
        &[
            "Back to dashboard",
            "New job",
            "Setup",
            "Segments",
            "Title",
            "Subject",
            "Myth buster",
            "Debunk one common belief in thirty seconds.",
            "Structure",
            "6 × 5 s",
            "Total 30 s",
            "9:16",
            "Text to video",
            "Provider fal.ai",
            "Model Kling 2.1",
            // 6 clips × 5 s × $0.07 a second.
            "Estimated cost $2.10",
            // The template's beats, as labels.
            "Hook Myth Truth Proof Twist Call to action",
            // Overrides inherit the template's values.
            "Overrides",
            "Template default (9:16)",
            "Template default (fal.ai)",
            "Template default (Yes)",
            "Provider chain",
            "1 · fal.ai",
            "Budget cap",
            "Launching is refused when the estimate exceeds it.",
            "Continue",
        ],
    );
    let html = Wizard::setup(Lang::En).html();
    assert!(continue_disabled(&html), "no title yet");
    // The template's fallback (none in the list) and the other listed provider as a chip.
    assert!(html.contains(r#"data-provider="local""#));
}

#[test]
fn the_primary_provider_option_names_the_provider_once() {
    let mut w = Wizard::setup(Lang::En);
    w.providers = Remote::Ready(vec![fal_provider(), local_provider_named_twice()]);
    let text = w.text();
    assert_reads(
        &text,
        &[
            "fal.ai — hosted models",
            "Local (ffmpeg motion) — offline, not AI",
        ],
    );
    assert_not_reads(&text, &["Local (ffmpeg motion) — Local (ffmpeg motion)"]);
}

#[test]
fn setup_overrides_change_the_preview() {
    let mut w = Wizard::setup(Lang::En);
    w.form.title = "Why cats purr".into();
    w.form.provider = Some("local".into());
    w.form.aspect_ratio = Some(AspectRatio::Square);
    w.form.fallback_providers = Some(vec!["fal".into()]);
    w.form.budget_cap = "1,50".into();
    let html = w.html();
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Provider Local",
            "Model Test card",
            "Estimated cost $0.00",
            "1 · Local",
        ],
    );
    assert!(!continue_disabled(&html));
    assert!(
        html.contains(r#"aria-pressed="true""#),
        "fal is in the chain"
    );

    w.form.budget_cap = "lots".into();
    let html = w.html();
    assert!(continue_disabled(&html));
    assert_reads(
        &visible_text(&html),
        &["Enter an amount in dollars, e.g. 5 or 12.50."],
    );
}

#[test]
fn setup_in_french() {
    let mut w = Wizard::setup(Lang::Fr);
    w.busy = Some(WizardBusy::Creating);
    w.form.title = "Pourquoi les chats ronronnent".into();
    let text = w.text();
    assert_reads(
        &text,
        &[
            "Nouvelle production",
            "Configuration",
            "Titre",
            "Sujet",
            "Modèle",
            "Structure",
            "6 × 5 s",
            "Coût estimé 2,10\u{a0}$",
            "Réglages propres",
            "Valeur du modèle (9:16)",
            "Chaîne de fournisseurs",
            "Plafond de budget",
            "Création…",
        ],
    );
}

#[test]
fn segments_step_renders_one_card_per_segment_with_a_live_total() {
    let w = Wizard::segments(Lang::En);
    let html = w.html();
    assert_eq!(html.matches(r#"data-testid="segment-card""#).count(), 2);
    assert_eq!(html.matches(r#"data-testid="drop-zone""#).count(), 2);
    assert!(html.contains(r#"data-wired="true""#));
    // The first card is armed until another is clicked.
    assert_eq!(html.matches(r#"data-armed="true""#).count(), 1);
    assert!(html.contains(r#"data-index="0" data-armed="true""#));
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Why cats purr",
            "Myth buster",
            "2 segments",
            "Prompt",
            "Narration",
            "Mode",
            "Provider",
            "Model",
            "Duration",
            "Default (Kling 2.1)",
            "Kling 2.1 · $0.07/s",
            "Seedance · $0.40/clip",
            "fal.ai",
            "Local",
            "5 s",
            "10 s",
            "Reference images",
            "Drop images here",
            "Choose files…",
            "Accepted: PNG, JPEG",
            // 2 clips × 5 s × $0.07.
            "Total estimate $0.70",
            "Within the budget cap · $5.00",
            "From the providers' prices; confirmed by the engine before launch.",
            "Back",
            "Generate",
            "Ctrl/Cmd + Enter",
            // What the engine would refuse to launch, said before it does.
            "Needs a reference image.",
            "Needs a prompt.",
            "2 segments are not ready yet",
        ],
    );
    assert!(generate_disabled(&html));
    assert!(html.contains("A cat on a sofa, close-up"));
    assert!(html.contains("Most think it"));
}

#[test]
fn segments_step_flags_problems_snapping_and_the_budget() {
    let mut w = Wizard::segments(Lang::En);
    // 7 s is not a Kling length: snapped to the nearest allowed one, and said so.
    let mut detail = w.job.clone().unwrap();
    detail.segments[0].duration_s = 7;
    detail.budget_cap_micros = Some(500_000);
    w.drafts = drafts_for(&detail, &providers(), &w.drafts);
    w.job = Some(detail);
    assert_eq!(w.drafts[0].duration_s, 5);
    // Seedance only makes 16:9 clips; the job is 9:16.
    w.drafts[1] = w.drafts[1]
        .clone()
        .with_model(Some("seedance".into()), &providers());
    assert_eq!(w.drafts[1].duration_s, 4);
    let html = w.html();
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Adjusted from 7 s to 5 s, a length this model makes.",
            "This model cannot make 9:16 clips.",
            // $0.35 + $0.40 flat.
            "Total estimate $0.75",
            "Over the budget cap · $0.50",
        ],
    );
    let at = html.find(r#"id="wizard-generate""#).unwrap();
    let start = html[..at].rfind("<button").unwrap();
    assert!(
        html[start..at + 40].contains("disabled"),
        "a problem blocks Generate"
    );
}

#[test]
fn segments_step_while_saving_and_in_french() {
    let mut w = Wizard::segments(Lang::Fr);
    w.busy = Some(WizardBusy::Saving);
    let text = w.text();
    assert_reads(
        &text,
        &[
            "Étape",
            "Segments",
            "Images de référence",
            "Déposez des images ici",
            "Formats acceptés\u{a0}: PNG, JPEG",
            "Estimation totale 0,70\u{a0}$",
            "Dans le plafond de budget",
            "Enregistrement…",
            "Ctrl/Cmd + Entrée",
            "Retour",
        ],
    );
}

#[test]
fn generate_asks_to_confirm_the_engine_estimate() {
    let mut w = Wizard::segments(Lang::En);
    w.confirm = Some(estimate(700_000, None, Some(5_000_000)));
    let html = w.html();
    assert!(html.contains(r#"role="alertdialog""#));
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Generate this job?",
            "2 segments will be generated for about $0.70.",
            "Paid generations cannot be undone.",
            "Estimated cost $0.70",
            "Budget cap $5.00",
            "Cancel",
            "Generate for $0.70",
        ],
    );
    let at = html.find(r#"id="launch-dialog-confirm""#).unwrap();
    let start = html[..at].rfind("<button").unwrap();
    let end = at + html[at..].find('>').unwrap();
    assert!(!html[start..end].contains("disabled"));

    // While launching, both buttons wait.
    w.busy = Some(WizardBusy::Launching);
    assert_reads(&w.text(), &["Working…"]);

    // French.
    w.lang = Lang::Fr;
    w.busy = None;
    assert_reads(
        &w.text(),
        &[
            "Lancer cette production\u{a0}?",
            "2 segments seront générés pour environ 0,70\u{a0}$.",
            "Générer pour 0,70\u{a0}$",
            "Annuler",
        ],
    );
}

#[test]
fn the_confirmation_refuses_problems_and_overruns() {
    let mut w = Wizard::segments(Lang::En);
    w.confirm = Some(estimate(
        9_000_000,
        Some("fal.ai (Kling 2.1) cannot make 7 s clips"),
        Some(5_000_000),
    ));
    let html = w.html();
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "This goes over the budget cap of $5.00.",
            "Some segments cannot be generated as configured:",
            "Segment 2: fal.ai (Kling 2.1) cannot make 7 s clips",
        ],
    );
    let at = html.find(r#"id="launch-dialog-confirm""#).unwrap();
    let end = at + html[at..].find('>').unwrap();
    let start = html[..at].rfind("<button").unwrap();
    assert!(html[start..end].contains("disabled"));

    // Free: nothing is charged.
    w.confirm = Some(estimate(0, None, None));
    assert_reads(
        &w.text(),
        &["Every segment uses a free provider: nothing will be charged."],
    );
}

#[test]
fn the_wizard_has_its_address_and_the_dashboard_links_to_it() {
    use reelforge_ui::route::Route;
    use std::str::FromStr;
    assert_eq!(
        Route::from_str("/jobs/new?template=tpl-myth").ok(),
        Some(Route::NewJob {
            template: "tpl-myth".into()
        })
    );
    assert_eq!(
        Route::from_str("/jobs/new").ok(),
        Some(Route::NewJob {
            template: String::new()
        })
    );
    assert_eq!(
        Route::from_str("/jobs/job-cats").ok(),
        Some(Route::Job {
            id: "job-cats".into()
        })
    );

    let html = render(|| {
        rsx! {
            reelforge_ui::views::DashboardView {
                lang: Lang::En,
                clock: clock(),
                jobs: Remote::Ready(first_page()),
                templates: Remote::Ready(vec![myth_buster()]),
                query: Default::default(),
                on_retry: None,
            }
        }
    });
    assert!(html.contains(r#"id="dashboard-new-job""#));
    assert!(
        html.contains(r#"href="/jobs/new?template=tpl-myth""#),
        "{html}"
    );
    assert_reads(&visible_text(&html), &["+ New job"]);
}

fn generate_disabled(html: &str) -> bool {
    let at = html
        .find(r#"id="wizard-generate""#)
        .expect("no generate button");
    let start = html[..at].rfind("<button").unwrap();
    let end = at + html[at..].find('>').unwrap();
    html[start..end].contains("disabled")
}

#[test]
fn generate_is_enabled_once_every_segment_is_ready() {
    let mut w = Wizard::segments(Lang::En);
    for draft in &mut w.drafts {
        draft.mode = GenerationMode::TextToVideo;
        draft.prompt = "A ginger cat purring".into();
    }
    assert!(w.drafts.iter().all(|d| d.missing().is_none()));
    let html = w.html();
    assert!(!generate_disabled(&html));
    assert!(!html.contains(r#"id="not-ready""#));

    // A first-and-last-frame segment needs two references.
    let mut draft = w.drafts[0].clone();
    draft.mode = GenerationMode::FirstLastFrame;
    draft.reference_assets = vec!["asset-1".into()];
    assert_eq!(
        draft.missing(),
        Some(reelforge_ui::views::new_job::Missing::References(1))
    );
    w.lang = Lang::Fr;
    w.drafts[1].prompt.clear();
    assert_reads(
        &w.text(),
        &["Il manque le prompt.", "1 segment n'est pas encore prêt"],
    );
}

#[test]
fn dropped_references_show_on_the_armed_card_with_refused_files() {
    use reelforge_protocol::{AssetId, RejectedFile};
    let mut w = Wizard::segments(Lang::En);
    w.drafts[1].reference_assets = vec![AssetId::from("asset-a"), AssetId::from("asset-b")];
    w.references.armed = Some(1);
    w.references.urls.insert(
        AssetId::from("asset-a"),
        "http://127.0.0.1:4242/tok/asset/asset-a".into(),
    );
    w.references.urls.insert(
        AssetId::from("asset-b"),
        "http://127.0.0.1:4242/tok/asset/asset-b".into(),
    );
    w.references.rejected = Some((
        1,
        vec![RejectedFile {
            name: "notes.pdf".into(),
            error: ApiError::new(ErrorCode::Validation, "not an image (PNG, JPEG or WebP)"),
        }],
    ));
    let html = w.html();
    // The armed card is the second one now, highlighted.
    assert_eq!(html.matches(r#"data-armed="true""#).count(), 1);
    assert!(html.contains(r#"data-index="1" data-armed="true""#));
    assert!(html.contains("segment-editor card armed"));
    assert_eq!(html.matches(r#"data-testid="references""#).count(), 1);
    assert!(html.contains(r#"src="http://127.0.0.1:4242/tok/asset/asset-a""#));
    assert!(html.contains(r#"src="http://127.0.0.1:4242/tok/asset/asset-b""#));
    assert_eq!(html.matches(r#"data-action="remove-reference""#).count(), 2);
    assert!(html.contains(r#"id="rejected-files""#));
    // The file dialog is offered beside the drop zone, for those who do not drag.
    assert!(html.contains(r#"data-action="choose-files""#));
    let button = html
        .split("<button")
        .find(|b| b.contains(r#"data-action="choose-files""#))
        .expect("a choose-files button");
    assert!(!button.contains("disabled=true"), "{button}");
    let text = w.text();
    assert_reads(
        &text,
        &[
            "Reference images 2 Drops go here",
            "Click this card, then drop images on the window",
            "1 file not imported notes.pdf — not an image (PNG, JPEG or WebP)",
            "Dismiss",
        ],
    );
    assert!(html.contains(r#"aria-label="Remove image 2""#));

    // While they are saved, removing waits.
    w.references.saving = Some(1);
    let html = w.html();
    assert!(html.contains(r#"id="references-saving""#));
    // The card that takes images offers no dialog while its images are saved.
    let mut saving_first = w.clone();
    saving_first.references.saving = Some(0);
    let html = saving_first.html();
    let button = html
        .split("<button")
        .find(|b| b.contains(r#"data-action="choose-files""#))
        .expect("a choose-files button");
    assert!(
        button.contains("disabled=true"),
        "no dialog while saving: {button}"
    );
    assert_reads(&visible_text(&html), &["Saving images…"]);

    w.lang = Lang::Fr;
    w.references.saving = None;
    let text = w.text();
    assert_reads(
        &text,
        &[
            "Les dépôts arrivent ici",
            "Choisir des fichiers…",
            "Cliquez sur cette carte, puis déposez des images sur la fenêtre",
            "1 fichier non importé notes.pdf",
            "Fermer",
        ],
    );
    assert!(
        w.html().contains("Retirer l"),
        "the remove buttons are labelled"
    );
}

#[test]
fn the_shortcut_sheet_lists_every_shortcut() {
    use reelforge_ui::views::dialogs::ShortcutSheet;
    let html = render(|| {
        rsx! {
            ShortcutSheet { lang: Lang::En }
        }
    });
    assert!(html.contains(r#"id="shortcut-sheet""#));
    assert!(html.contains(r#"role="dialog""#));
    assert_eq!(html.matches(r#"class="shortcut-row""#).count(), 5);
    assert_reads(
        &visible_text(&html),
        &[
            "Keyboard shortcuts",
            "Space Play or pause the video you played last",
            "Ctrl/Cmd + N New job",
            "Ctrl/Cmd + Enter Generate (new job wizard)",
            "? Show this list",
            "Esc Close a dialog",
            "While you type in a field, only Ctrl/Cmd + Enter works.",
            "Close",
        ],
    );
    let html = render(|| {
        rsx! {
            ShortcutSheet { lang: Lang::Fr }
        }
    });
    assert_reads(
        &visible_text(&html),
        &[
            "Raccourcis clavier",
            "Espace Lire ou mettre en pause la dernière vidéo lue",
            "Ctrl/Cmd + N Nouvelle production",
            "Ctrl/Cmd + Entrée Générer",
            "Échap Fermer une boîte de dialogue",
        ],
    );
}

#[test]
fn beats_read_as_labels_and_are_saved_unchanged() {
    let mut w = Wizard::segments(Lang::En);
    w.drafts[1].beat = "call_to_action".into();
    let html = w.html();
    assert!(
        html.contains(r#"value="Hook""#),
        "the beat field shows a label"
    );
    assert!(html.contains(r#"value="Call to action""#));
    assert!(!html.contains(r#"value="hook""#));
    w.lang = Lang::Fr;
    let html = w.html();
    assert!(html.contains(r#"value="Accroche""#));
    assert!(html.contains("Appel à l"));

    // Untouched, the label saves nothing; an edit saves what was typed.
    let detail = draft_detail();
    let draft = drafts_for(&detail, &providers(), &[]).remove(0);
    assert_eq!(draft.beat, "hook");
    let same = draft.clone().with_beat_text(Lang::Fr, "Accroche".into());
    assert_eq!(same.beat, "hook");
    assert!(same.patch_for(&detail.segments[0]).is_none());
    let typed = draft.clone().with_beat_text(Lang::En, "Hook, fast".into());
    assert_eq!(typed.beat, "Hook, fast");
    let patch = typed.patch_for(&detail.segments[0]).unwrap();
    assert_eq!(patch.beat.as_deref(), Some("Hook, fast"));

    // Typed letter by letter, the field keeps what was typed: no capital appears, even when
    // the text becomes a known beat id.
    let mut field = draft.with_beat_text(Lang::En, String::new());
    for typed in ["t", "ti", "tip", "tip_", "tip_2"] {
        field = field.with_beat_text(Lang::En, typed.to_owned());
        assert_eq!(field.beat_text(Lang::En), typed);
        assert_eq!(field.beat, typed);
    }
    let known = field.with_beat_text(Lang::En, "hook".into());
    assert_eq!(known.beat_text(Lang::En), "hook");
}
