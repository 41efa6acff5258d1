//! When and what to tell the person about a job with an OS notification: [`NoticeTracker`]
//! follows the engine's events and turns them into at most one [`Notice`] per job transition
//! (clips ready, video ready, failed, assembly failed, a decision needed about a
//! `submit_unknown` take), and [`text`] words it in the person's language. Pure: the desktop
//! shell shows it.

use reelforge_protocol::{EngineEvent, JobId, JobStatus, ScriptLanguage, TakeId, TakeStatus};
use std::collections::{HashMap, HashSet};

/// Why the person is told about a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// Generation finished: every segment has a clip, the job waits in review.
    ClipsReady,
    /// The final video was assembled.
    Completed,
    /// Generation stopped with segments that did not succeed.
    Failed,
    /// Assembling failed; the job went back to review.
    AssemblyFailed,
    /// A take was left `submit_unknown` and waits for resubmit or abandon.
    NeedsDecision,
}

/// One notification to show, about one job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub job_id: JobId,
    pub kind: NoticeKind,
}

/// Follows the engine events and says when a notification is due.
#[derive(Debug, Default)]
pub struct NoticeTracker {
    /// Each job's last status seen.
    status: HashMap<JobId, JobStatus>,
    /// Each job's takes waiting for a decision.
    undecided: HashMap<JobId, HashSet<TakeId>>,
}

impl NoticeTracker {
    /// The notice `event` calls for, if any. A repeated status is no transition, so it is
    /// never told twice; a job is told it needs a decision when its first undecided take
    /// appears, and again only once all were decided and a new one appears.
    pub fn observe(&mut self, event: &EngineEvent) -> Option<Notice> {
        match event {
            EngineEvent::JobUpdated { job_id, status } => {
                let previous = self.status.insert(job_id.clone(), *status);
                if previous == Some(*status) {
                    return None;
                }
                let kind = match (previous, status) {
                    (_, JobStatus::Completed) => NoticeKind::Completed,
                    (_, JobStatus::Failed) => NoticeKind::Failed,
                    (Some(JobStatus::Generating), JobStatus::Review) => NoticeKind::ClipsReady,
                    (Some(JobStatus::Assembling), JobStatus::Review) => NoticeKind::AssemblyFailed,
                    _ => return None,
                };
                Some(Notice {
                    job_id: job_id.clone(),
                    kind,
                })
            }
            EngineEvent::SegmentUpdated {
                job_id,
                take_id,
                status,
                ..
            } => {
                if *status != TakeStatus::SubmitUnknown {
                    if let Some(takes) = self.undecided.get_mut(job_id) {
                        takes.remove(take_id);
                    }
                    return None;
                }
                let takes = self.undecided.entry(job_id.clone()).or_default();
                let first = takes.is_empty();
                (takes.insert(take_id.clone()) && first).then(|| Notice {
                    job_id: job_id.clone(),
                    kind: NoticeKind::NeedsDecision,
                })
            }
            EngineEvent::Progress { .. } | EngineEvent::Resync => None,
        }
    }
}

/// The notification's title and body for `kind` about the job titled `job`, in `lang`.
pub fn text(kind: NoticeKind, lang: ScriptLanguage, job: &str) -> (String, String) {
    let job = if job.trim().is_empty() {
        match lang {
            ScriptLanguage::En => "Untitled job",
            ScriptLanguage::Fr => "Tâche sans titre",
        }
    } else {
        job.trim()
    };
    let (title, body) = match (lang, kind) {
        (ScriptLanguage::En, NoticeKind::ClipsReady) => (
            "Clips ready",
            format!("“{job}”: every segment is generated. Choose the takes and assemble."),
        ),
        (ScriptLanguage::Fr, NoticeKind::ClipsReady) => (
            "Clips prêts",
            format!(
                "« {job} » : tous les segments sont générés. Choisissez les prises et assemblez."
            ),
        ),
        (ScriptLanguage::En, NoticeKind::Completed) => {
            ("Video ready", format!("“{job}” is assembled."))
        }
        (ScriptLanguage::Fr, NoticeKind::Completed) => {
            ("Vidéo prête", format!("« {job} » est assemblée."))
        }
        (ScriptLanguage::En, NoticeKind::Failed) => (
            "Generation failed",
            format!("“{job}”: some segments did not succeed."),
        ),
        (ScriptLanguage::Fr, NoticeKind::Failed) => (
            "Échec de la génération",
            format!("« {job} » : certains segments n’ont pas abouti."),
        ),
        (ScriptLanguage::En, NoticeKind::AssemblyFailed) => (
            "Assembly failed",
            format!("“{job}” could not be assembled."),
        ),
        (ScriptLanguage::Fr, NoticeKind::AssemblyFailed) => (
            "Échec de l’assemblage",
            format!("« {job} » n’a pas pu être assemblée."),
        ),
        (ScriptLanguage::En, NoticeKind::NeedsDecision) => (
            "Decision needed",
            format!(
                "“{job}”: a take may or may not have reached its provider. Resubmit or abandon it."
            ),
        ),
        (ScriptLanguage::Fr, NoticeKind::NeedsDecision) => (
            "Décision requise",
            format!(
                "« {job} » : une prise a peut-être atteint son fournisseur. Renvoyez-la ou abandonnez-la."
            ),
        ),
    };
    (title.to_owned(), body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reelforge_protocol::SegmentId;

    fn job(id: &str, status: JobStatus) -> EngineEvent {
        EngineEvent::JobUpdated {
            job_id: id.into(),
            status,
        }
    }

    fn take(job: &str, take: &str, status: TakeStatus) -> EngineEvent {
        EngineEvent::SegmentUpdated {
            job_id: job.into(),
            segment_id: SegmentId::from("s"),
            take_id: take.into(),
            status,
        }
    }

    fn kinds(tracker: &mut NoticeTracker, events: &[EngineEvent]) -> Vec<Option<NoticeKind>> {
        events
            .iter()
            .map(|e| tracker.observe(e).map(|n| n.kind))
            .collect()
    }

    #[test]
    fn generation_then_assembly_notify_once_each() {
        let mut tracker = NoticeTracker::default();
        let seen = kinds(
            &mut tracker,
            &[
                job("j", JobStatus::Generating),
                take("j", "t", TakeStatus::Running),
                job("j", JobStatus::Review),
                job("j", JobStatus::Review),
                job("j", JobStatus::Assembling),
                job("j", JobStatus::Completed),
                job("j", JobStatus::Completed),
            ],
        );
        use NoticeKind::*;
        assert_eq!(
            seen,
            [
                None,
                None,
                Some(ClipsReady),
                None,
                None,
                Some(Completed),
                None
            ]
        );
    }

    #[test]
    fn failures_notify_and_other_statuses_do_not() {
        let mut tracker = NoticeTracker::default();
        use NoticeKind::*;
        let seen = kinds(
            &mut tracker,
            &[
                job("a", JobStatus::Configured),
                job("a", JobStatus::Generating),
                job("a", JobStatus::Paused),
                job("a", JobStatus::Generating),
                job("a", JobStatus::Failed),
                job("b", JobStatus::Generating),
                job("b", JobStatus::Cancelled),
                job("c", JobStatus::Assembling),
                job("c", JobStatus::Review),
                // Review without having seen it generate (e.g. configured while in review).
                job("d", JobStatus::Review),
                EngineEvent::Resync,
            ],
        );
        assert_eq!(
            seen,
            [
                None,
                None,
                None,
                None,
                Some(Failed),
                None,
                None,
                None,
                Some(AssemblyFailed),
                None,
                None
            ]
        );
        // Failed again after a retry is a new transition.
        assert_eq!(
            kinds(
                &mut tracker,
                &[job("a", JobStatus::Generating), job("a", JobStatus::Failed)]
            ),
            [None, Some(Failed)]
        );
    }

    #[test]
    fn undecided_takes_notify_once_per_job_until_all_are_decided() {
        let mut tracker = NoticeTracker::default();
        use NoticeKind::*;
        let seen = kinds(
            &mut tracker,
            &[
                take("j", "t1", TakeStatus::SubmitUnknown),
                take("j", "t2", TakeStatus::SubmitUnknown),
                take("j", "t1", TakeStatus::SubmitUnknown),
                take("k", "t3", TakeStatus::SubmitUnknown),
                take("j", "t1", TakeStatus::Cancelled),
                take("j", "t4", TakeStatus::SubmitUnknown),
                take("j", "t2", TakeStatus::Submitting),
                take("j", "t4", TakeStatus::Cancelled),
                take("j", "t5", TakeStatus::SubmitUnknown),
            ],
        );
        assert_eq!(
            seen,
            [
                Some(NeedsDecision),
                None,
                None,
                Some(NeedsDecision),
                None,
                None,
                None,
                None,
                Some(NeedsDecision)
            ]
        );
        let notice = tracker
            .observe(&take("z", "t9", TakeStatus::SubmitUnknown))
            .unwrap();
        assert_eq!(notice.job_id, JobId::from("z"));
    }

    #[test]
    fn text_names_the_job_in_both_languages() {
        let kinds = [
            NoticeKind::ClipsReady,
            NoticeKind::Completed,
            NoticeKind::Failed,
            NoticeKind::AssemblyFailed,
            NoticeKind::NeedsDecision,
        ];
        for kind in kinds {
            let (en_title, en_body) = text(kind, ScriptLanguage::En, "Lighthouse");
            let (fr_title, fr_body) = text(kind, ScriptLanguage::Fr, "Lighthouse");
            assert!(en_body.contains("“Lighthouse”"), "{en_body}");
            assert!(fr_body.contains("« Lighthouse »"), "{fr_body}");
            assert_ne!(en_title, fr_title, "{kind:?}");
        }
        let titles: HashSet<String> = kinds
            .iter()
            .map(|k| text(*k, ScriptLanguage::En, "x").0)
            .collect();
        assert_eq!(titles.len(), kinds.len(), "each kind has its own title");
        let (_, body) = text(NoticeKind::Completed, ScriptLanguage::En, "  ");
        assert!(body.contains("Untitled job"), "{body}");
    }
}
