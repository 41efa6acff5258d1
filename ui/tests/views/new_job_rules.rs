//! The pure functions behind the wizard: budgets, the create request, the configuration
//! preview, beat labels, duration snapping and segment drafts.

use crate::support::*;
use reelforge_protocol::{AspectRatio, GenerationMode};
use reelforge_ui::views::new_job::{
    SetupError, SetupForm, drafts_for, drafts_total, preview_config, snap_duration,
};

#[test]
fn the_budget_field_reads_dollars_and_empty_means_no_cap() {
    let mut form = SetupForm::new(None);
    form.title = "Espresso".into();
    for (typed, cap) in [
        ("", None),
        ("  ", None),
        (" $ ", None),
        ("5", Some(5_000_000)),
        ("$12.50", Some(12_500_000)),
        ("12,5", Some(12_500_000)),
        ("3 $", Some(3_000_000)),
        (".25", Some(250_000)),
        ("0.000001", Some(1)),
    ] {
        form.budget_cap = typed.into();
        let request = form
            .to_request()
            .unwrap_or_else(|e| panic!("{typed:?}: {e:?}"));
        assert_eq!(request.budget_cap_micros, cap, "{typed:?}");
    }
    for typed in ["1.0000001", "-3", "lots", "."] {
        form.budget_cap = typed.into();
        assert_eq!(
            form.to_request(),
            Err(SetupError::BudgetInvalid),
            "{typed:?}"
        );
    }
}

#[test]
fn the_setup_form_becomes_a_create_request() {
    let mut form = SetupForm::new(None);
    assert_eq!(form.to_request(), Err(SetupError::TitleRequired));
    form.title = "  Espresso  ".into();
    form.budget_cap = "x".into();
    assert_eq!(form.to_request(), Err(SetupError::BudgetInvalid));
    form.budget_cap = "2".into();
    form.segment_count = 4;
    form.provider = Some("local".into());
    let request = form.to_request().unwrap();
    assert_eq!(request.title, "Espresso");
    assert_eq!(request.segment_count, Some(4));
    assert_eq!(request.budget_cap_micros, Some(2_000_000));
    assert_eq!(request.config.provider.as_deref(), Some("local"));
    assert_eq!(request.config.fallback_providers, None, "inherited");

    // With a template, its count is used.
    form.template_id = Some("tpl-myth".into());
    assert_eq!(form.to_request().unwrap().segment_count, None);
}

#[test]
fn the_preview_follows_the_engine_cascade() {
    let template = myth_buster();
    let mut form = SetupForm::new(Some(template.id.clone()));
    let config = preview_config(&form, Some(&template));
    assert_eq!(config.provider, "fal");
    assert_eq!(config.model.as_deref(), Some("kling-2.1"));
    // Another provider without a model: that provider's default model.
    form.provider = Some("local".into());
    let config = preview_config(&form, Some(&template));
    assert_eq!(config.model, None);
    assert_eq!(config.fallback_providers, vec!["runway".to_owned()]);
    let scratch = preview_config(&SetupForm::default(), None);
    assert_eq!(scratch.provider, "local");
    assert_eq!(scratch.aspect_ratio, AspectRatio::Portrait);
}

#[test]
fn durations_snap_to_the_nearest_allowed_one() {
    assert_eq!(snap_duration(7, &[5, 10]), 5);
    assert_eq!(snap_duration(8, &[5, 10]), 10);
    // A tie goes to the longer clip.
    assert_eq!(snap_duration(6, &[4, 8]), 8);
    assert_eq!(snap_duration(7, &[]), 7);
    assert_eq!(snap_duration(3, &[5, 9]), 5);
}

#[test]
fn drafts_patch_only_what_changed_and_survive_a_new_draft_job() {
    let detail = draft_detail();
    let list = providers();
    let drafts = drafts_for(&detail, &list, &[]);
    assert_eq!(drafts.len(), 2);
    assert!(
        drafts
            .iter()
            .all(|d| d.patch_for(&detail.segments[d.index as usize]).is_none())
    );

    let mut edited = drafts[0].clone();
    edited.prompt = "A cat".into();
    let edited = edited.with_provider("local".into(), &list);
    let patch = edited.patch_for(&detail.segments[0]).unwrap();
    assert_eq!(patch.prompt.as_deref(), Some("A cat"));
    assert_eq!(patch.provider.as_deref(), Some("local"));
    assert_eq!(patch.model, Some(None), "the provider's default model");
    assert_eq!(patch.beat, None);
    assert_eq!(patch.duration_s, None, "5 s is a local length too");
    assert_eq!(edited.mode, GenerationMode::TextToVideo);
    assert_eq!(edited.cost(&list), Some(0));
    assert_eq!(
        drafts_total(&[edited.clone(), drafts[1].clone()], &list),
        350_000
    );

    // Back to step 1 and a new draft job: the texts written are kept.
    let again = drafts_for(&detail, &list, &[edited]);
    assert_eq!(again[0].prompt, "A cat");
    assert_eq!(again[0].provider, "fal", "settings come from the new job");
}

#[test]
fn a_segment_whose_provider_requires_a_prompt_in_its_mode_is_not_ready_without_one() {
    use reelforge_protocol::RequiredField;
    use reelforge_ui::views::new_job::SegmentProblem;
    let detail = draft_detail();
    let mut list = providers();
    let fal = list.iter_mut().find(|p| p.id.as_str() == "fal").unwrap();
    fal.models[0].requires = RequiredField::prompt_in(&[GenerationMode::ImageToVideo], 1);
    let mut draft = drafts_for(&detail, &list, &[])[0].clone();
    draft.mode = GenerationMode::ImageToVideo;
    draft.prompt = "  ".into();
    draft.reference_assets = vec!["asset-1".to_owned().into()];
    assert_eq!(draft.missing(), None, "the image is there");
    assert_eq!(
        draft.problem(&list, AspectRatio::Portrait),
        Some(SegmentProblem::PromptRequired(1))
    );
    assert!(!draft.is_ready(&list, AspectRatio::Portrait));
    draft.prompt = "slow push in".into();
    assert!(draft.is_ready(&list, AspectRatio::Portrait));
}
