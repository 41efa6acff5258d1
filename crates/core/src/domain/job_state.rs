//! The job lifecycle as a pure state machine: `transition(status, event) -> Result<status>`.

use reelforge_protocol::JobStatus;

/// Something that happens to a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobEvent {
    /// Every segment now has what its mode needs (prompt, references).
    Configured,
    /// The person edited a segment so that one no longer has what it needs.
    Unconfigured,
    /// Generation was started.
    Launch,
    /// Every segment has a succeeded selected take.
    AllSegmentsReady,
    /// A segment failed for good (no retry or fallback left).
    SegmentFailed,
    Pause,
    Resume,
    Cancel,
    /// A segment is generated again (manual retry, replaced prompt).
    Regenerate,
    StartAssembly,
    AssemblySucceeded,
    AssemblyFailed,
}

impl JobEvent {
    pub const ALL: [JobEvent; 12] = [
        Self::Configured,
        Self::Unconfigured,
        Self::Launch,
        Self::AllSegmentsReady,
        Self::SegmentFailed,
        Self::Pause,
        Self::Resume,
        Self::Cancel,
        Self::Regenerate,
        Self::StartAssembly,
        Self::AssemblySucceeded,
        Self::AssemblyFailed,
    ];
}

/// An event that the job's current status does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a {} job cannot take the event {event:?}", status.as_str())]
pub struct InvalidJobTransition {
    pub status: JobStatus,
    pub event: JobEvent,
}

/// The next status of a job, or why the event is not allowed now.
pub fn transition(status: JobStatus, event: JobEvent) -> Result<JobStatus, InvalidJobTransition> {
    use JobEvent as E;
    use JobStatus as S;
    let next = match (status, event) {
        (S::Draft | S::Configured, E::Configured) => S::Configured,
        (S::Draft | S::Configured, E::Unconfigured) => S::Draft,
        // Editing after generation keeps the job where it is.
        (S::Review | S::Completed | S::Failed | S::Paused, E::Configured | E::Unconfigured) => {
            status
        }
        (S::Configured, E::Launch) => S::Generating,
        (S::Generating, E::AllSegmentsReady) => S::Review,
        (S::Generating, E::SegmentFailed) => S::Failed,
        (S::Generating, E::Pause) => S::Paused,
        (S::Paused, E::Resume) => S::Generating,
        (
            S::Draft
            | S::Configured
            | S::Generating
            | S::Paused
            | S::Review
            | S::Assembling
            | S::Failed,
            E::Cancel,
        ) => S::Cancelled,
        (S::Review | S::Completed | S::Failed | S::Cancelled, E::Regenerate) => S::Generating,
        (S::Review | S::Completed, E::StartAssembly) => S::Assembling,
        (S::Assembling, E::AssemblySucceeded) => S::Completed,
        (S::Assembling, E::AssemblyFailed) => S::Review,
        _ => return Err(InvalidJobTransition { status, event }),
    };
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use JobEvent as E;
    use JobStatus as S;
    use proptest::prelude::*;

    /// The whole table, written out as the product defines it: every allowed pair and its
    /// result. Every pair not listed must be refused.
    const ALLOWED: &[(S, E, S)] = &[
        (S::Draft, E::Configured, S::Configured),
        (S::Configured, E::Configured, S::Configured),
        (S::Draft, E::Unconfigured, S::Draft),
        (S::Configured, E::Unconfigured, S::Draft),
        (S::Review, E::Configured, S::Review),
        (S::Review, E::Unconfigured, S::Review),
        (S::Completed, E::Configured, S::Completed),
        (S::Completed, E::Unconfigured, S::Completed),
        (S::Failed, E::Configured, S::Failed),
        (S::Failed, E::Unconfigured, S::Failed),
        (S::Paused, E::Configured, S::Paused),
        (S::Paused, E::Unconfigured, S::Paused),
        (S::Configured, E::Launch, S::Generating),
        (S::Generating, E::AllSegmentsReady, S::Review),
        (S::Generating, E::SegmentFailed, S::Failed),
        (S::Generating, E::Pause, S::Paused),
        (S::Paused, E::Resume, S::Generating),
        (S::Draft, E::Cancel, S::Cancelled),
        (S::Configured, E::Cancel, S::Cancelled),
        (S::Generating, E::Cancel, S::Cancelled),
        (S::Paused, E::Cancel, S::Cancelled),
        (S::Review, E::Cancel, S::Cancelled),
        (S::Assembling, E::Cancel, S::Cancelled),
        (S::Failed, E::Cancel, S::Cancelled),
        (S::Review, E::Regenerate, S::Generating),
        (S::Completed, E::Regenerate, S::Generating),
        (S::Failed, E::Regenerate, S::Generating),
        (S::Cancelled, E::Regenerate, S::Generating),
        (S::Review, E::StartAssembly, S::Assembling),
        (S::Completed, E::StartAssembly, S::Assembling),
        (S::Assembling, E::AssemblySucceeded, S::Completed),
        (S::Assembling, E::AssemblyFailed, S::Review),
    ];

    #[test]
    fn whole_state_event_table() {
        let mut allowed = 0;
        for status in S::ALL {
            for event in E::ALL {
                let expected = ALLOWED
                    .iter()
                    .find(|(s, e, _)| *s == status && *e == event)
                    .map(|(_, _, next)| *next);
                match (transition(status, event), expected) {
                    (Ok(next), Some(want)) => {
                        assert_eq!(next, want, "{status:?} + {event:?}");
                        allowed += 1;
                    }
                    (Err(err), None) => {
                        assert_eq!((err.status, err.event), (status, event));
                    }
                    (got, want) => panic!("{status:?} + {event:?}: got {got:?}, want {want:?}"),
                }
            }
        }
        assert_eq!(allowed, ALLOWED.len());
    }

    #[test]
    fn a_completed_job_cannot_be_cancelled_and_says_why() {
        let err = transition(S::Completed, E::Cancel).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a completed job cannot take the event Cancel"
        );
    }

    proptest! {
        /// Whatever happens, a job only enters `completed` through a successful assembly and
        /// only starts generating from `configured`, a pause, or a regeneration.
        #[test]
        fn completed_only_after_assembly(events in proptest::collection::vec(0..E::ALL.len(), 0..40)) {
            let mut status = S::Draft;
            for i in events {
                let event = E::ALL[i];
                if let Ok(next) = transition(status, event) {
                    if next == S::Completed && status != S::Completed {
                        prop_assert_eq!((status, event), (S::Assembling, E::AssemblySucceeded));
                    }
                    if next == S::Generating && status != S::Generating {
                        prop_assert!(matches!(event, E::Launch | E::Resume | E::Regenerate));
                    }
                    status = next;
                }
            }
        }
    }
}
