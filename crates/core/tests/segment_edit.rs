//! Editing a launched job's segment (issue 17): refused with `segment_busy` while a take of
//! it is being generated (nothing changes), and otherwise its next take is made from the
//! edited settings while earlier takes stay, each with the prompt and model it was made with.

mod engine_support;

use engine_support::*;
use reelforge_protocol::{
    ApiError, EditSegmentRequest, ErrorCode, GenerationMode, JobConfig, JobId, JobStatus,
    SegmentPatch, SegmentRef, SelectTakeRequest, TakeStatus,
};
use std::sync::Arc;

fn edit(job: &JobId, index: u32, patch: SegmentPatch) -> EditSegmentRequest {
    EditSegmentRequest {
        job_id: job.clone(),
        index,
        patch,
        references: None,
    }
}

fn prompt(text: &str) -> SegmentPatch {
    SegmentPatch {
        prompt: Some(text.into()),
        ..SegmentPatch::default()
    }
}

#[tokio::test]
async fn an_edit_while_a_take_of_the_segment_is_generated_is_refused_and_changes_nothing() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 1, 0));
    alpha.set_polls(vec![running(10, 1_000)]);
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 2, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();

    // Queued (not sent yet), then running at the provider: both refuse.
    for sent in [false, true] {
        if sent {
            h.core.runner().tick().await.unwrap();
            assert_eq!(h.count(&job, &[TakeStatus::Running]).await, 1);
        }
        let before = h.job(&job).await;
        let patch = SegmentPatch {
            prompt: Some("A dog surfing".into()),
            mode: Some(GenerationMode::ImageToVideo),
            duration_s: Some(10),
            ..SegmentPatch::default()
        };
        let err = ApiError::from(
            h.core
                .edit_segment(&edit(&job, 0, patch))
                .await
                .unwrap_err(),
        );
        assert_eq!(err.code, ErrorCode::SegmentBusy, "{}", err.message);
        assert!(err.message.contains("segment 1"), "{}", err.message);
        let after = h.job(&job).await;
        assert_eq!(after.segments, before.segments, "no setting changed");
        assert_eq!(after.activity, before.activity, "nothing logged");
        assert_eq!(after.summary.status, JobStatus::Generating);
    }
    assert_eq!(alpha.submit_count(), 1, "the refusal sent nothing");
}

#[tokio::test]
async fn a_new_take_of_an_edited_segment_uses_its_new_prompt_and_keeps_the_old_take() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 2, 1_000));
    let h = harness(vec![alpha.clone()]).await;
    let job = configured_job(&h.core, 2, "alpha", JobConfig::default(), None).await;
    h.core.launch_job(&job).await.unwrap();
    h.run_until_settled(&job, 1_000, 100).await;
    let reviewed = h.job(&job).await;
    assert_eq!(reviewed.summary.status, JobStatus::Review);
    let first = reviewed.segments[1].takes[0].clone();

    let edited = h
        .core
        .edit_segment(&edit(&job, 1, prompt("A dog surfing at dawn")))
        .await
        .unwrap();
    assert_eq!(edited.summary.status, JobStatus::Review, "the status stays");
    assert_eq!(edited.segments[1].prompt, "A dog surfing at dawn");
    assert_eq!(edited.segments[0].prompt, "A cat coding at night");
    assert_eq!(edited.segments[1].takes.len(), 1, "nothing generated yet");

    h.core
        .retry_segment(&SegmentRef {
            job_id: job.clone(),
            index: 1,
        })
        .await
        .unwrap();
    // While the new take is generated, the segment is busy again.
    let err = h
        .core
        .edit_segment(&edit(&job, 1, prompt("x")))
        .await
        .unwrap_err();
    assert_eq!(ApiError::from(err).code, ErrorCode::SegmentBusy);
    // Another segment of the job can still be edited.
    h.core
        .edit_segment(&edit(&job, 0, prompt("A cat asleep on the keyboard")))
        .await
        .unwrap();
    h.run_until_settled(&job, 1_000, 100).await;

    let sent = alpha.requests();
    assert_eq!(sent.len(), 3);
    assert_eq!(sent[2].prompt, "A dog surfing at dawn");
    let done = h.job(&job).await;
    assert_eq!(done.summary.status, JobStatus::Review);
    let seg = &done.segments[1];
    assert_eq!(seg.takes.len(), 2, "the earlier take stays");
    assert_eq!(seg.takes[0].id, first.id);
    assert_eq!(
        seg.takes[0].prompt.as_deref(),
        Some("A cat coding at night")
    );
    assert_eq!(
        seg.takes[1].prompt.as_deref(),
        Some("A dog surfing at dawn")
    );
    assert_eq!(seg.takes[1].model.as_deref(), Some("alpha-v1"));
    assert_eq!(seg.selected_take.as_ref(), Some(&seg.takes[1].id));
    assert_eq!(
        done.summary.actual_cost_micros,
        3 * 5_000,
        "both takes are paid"
    );

    // Comparing, the person goes back to the first take.
    let chosen = h
        .core
        .select_take(&SelectTakeRequest {
            job_id: job.clone(),
            segment_id: seg.id.clone(),
            take_id: first.id.clone(),
        })
        .await
        .unwrap();
    assert_eq!(chosen.segments[1].selected_take.as_ref(), Some(&first.id));
}

#[tokio::test]
async fn an_edit_names_a_segment_that_exists_and_sets_something() {
    let alpha = Arc::new(ScriptedProvider::new("alpha", 1, 0));
    let h = harness(vec![alpha]).await;
    let job = configured_job(&h.core, 2, "alpha", JobConfig::default(), None).await;
    let missing = h.core.edit_segment(&edit(&job, 5, prompt("x"))).await;
    assert_eq!(
        ApiError::from(missing.unwrap_err()).code,
        ErrorCode::Validation
    );
    let empty = h
        .core
        .edit_segment(&edit(&job, 0, SegmentPatch::default()))
        .await;
    assert_eq!(
        ApiError::from(empty.unwrap_err()).code,
        ErrorCode::Validation
    );
    let unknown = SegmentPatch {
        provider: Some("nowhere".into()),
        ..SegmentPatch::default()
    };
    let refused = h.core.edit_segment(&edit(&job, 0, unknown)).await;
    assert_eq!(
        ApiError::from(refused.unwrap_err()).code,
        ErrorCode::Validation
    );
    // Before launch an edit moves the job like `configure_segments`: an empty prompt
    // un-configures it.
    let emptied = h
        .core
        .edit_segment(&edit(&job, 0, prompt(" ")))
        .await
        .unwrap();
    assert_eq!(emptied.summary.status, JobStatus::Draft);
}
