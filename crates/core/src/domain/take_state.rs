//! The lifecycle of one generation attempt (take) as a pure state machine.
//!
//! The states encode the never-pay-twice rule: a take leaves `submitting` only when the
//! provider's id has been recorded (`running`) or when the app learns it cannot know
//! (`submit_unknown`), and a `submit_unknown` take is sent again only on a person's decision
//! or when the provider's list of recent generations shows its create made nothing; when
//! that list shows the generation it made, the take follows it (`running`) unsent.

use reelforge_protocol::TakeStatus;

/// Something that happens to a take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TakeEvent {
    /// The intent row is committed and the create call is about to be sent.
    Submit,
    /// The provider answered the create call with its id (committed at once).
    Accepted,
    /// The provider reports progress.
    Progress,
    /// The provider reports the output is ready.
    OutputReady,
    /// The output was downloaded, checked and moved into the library.
    Stored,
    /// A terminal error (from the provider, the download or the check).
    Fail,
    /// The person or the job cancelled it.
    Cancel,
    /// The app restarted and found this take between send and commit.
    Interrupted,
    /// A `submit_unknown` take is to be sent again: the person decided so, or the
    /// provider's list shows its create made nothing.
    Resubmit,
    /// The provider's list shows the generation a `submit_unknown` take's create made.
    Found,
}

impl TakeEvent {
    pub const ALL: [TakeEvent; 10] = [
        Self::Submit,
        Self::Accepted,
        Self::Progress,
        Self::OutputReady,
        Self::Stored,
        Self::Fail,
        Self::Cancel,
        Self::Interrupted,
        Self::Resubmit,
        Self::Found,
    ];
}

/// An event that the take's current state does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a {} take cannot take the event {event:?}", status.as_str())]
pub struct InvalidTakeTransition {
    pub status: TakeStatus,
    pub event: TakeEvent,
}

/// The next state of a take, or why the event is not allowed now.
pub fn transition(
    status: TakeStatus,
    event: TakeEvent,
) -> Result<TakeStatus, InvalidTakeTransition> {
    use TakeEvent as E;
    use TakeStatus as S;
    let next = match (status, event) {
        (S::Queued, E::Submit) => S::Submitting,
        (S::Submitting, E::Accepted) => S::Running,
        (S::Running, E::Progress) => S::Running,
        (S::Running, E::OutputReady) => S::Downloading,
        (S::Downloading, E::Stored) => S::Succeeded,
        (S::Queued | S::Submitting | S::Running | S::Downloading, E::Fail) => S::Failed,
        (S::Queued | S::Submitting | S::Running | S::Downloading | S::SubmitUnknown, E::Cancel) => {
            S::Cancelled
        }
        (S::Submitting, E::Interrupted) => S::SubmitUnknown,
        (S::SubmitUnknown, E::Resubmit) => S::Queued,
        (S::SubmitUnknown, E::Found) => S::Running,
        _ => return Err(InvalidTakeTransition { status, event }),
    };
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use TakeEvent as E;
    use TakeStatus as S;
    use proptest::prelude::*;

    const ALLOWED: &[(S, E, S)] = &[
        (S::Queued, E::Submit, S::Submitting),
        (S::Submitting, E::Accepted, S::Running),
        (S::Running, E::Progress, S::Running),
        (S::Running, E::OutputReady, S::Downloading),
        (S::Downloading, E::Stored, S::Succeeded),
        (S::Queued, E::Fail, S::Failed),
        (S::Submitting, E::Fail, S::Failed),
        (S::Running, E::Fail, S::Failed),
        (S::Downloading, E::Fail, S::Failed),
        (S::Queued, E::Cancel, S::Cancelled),
        (S::Submitting, E::Cancel, S::Cancelled),
        (S::Running, E::Cancel, S::Cancelled),
        (S::Downloading, E::Cancel, S::Cancelled),
        (S::SubmitUnknown, E::Cancel, S::Cancelled),
        (S::Submitting, E::Interrupted, S::SubmitUnknown),
        (S::SubmitUnknown, E::Resubmit, S::Queued),
        (S::SubmitUnknown, E::Found, S::Running),
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
                    (Err(err), None) => assert_eq!((err.status, err.event), (status, event)),
                    (got, want) => panic!("{status:?} + {event:?}: got {got:?}, want {want:?}"),
                }
            }
        }
        assert_eq!(allowed, ALLOWED.len());
    }

    #[test]
    fn terminal_states_accept_nothing() {
        for status in S::ALL.into_iter().filter(|s| s.is_terminal()) {
            for event in E::ALL {
                assert!(transition(status, event).is_err(), "{status:?} + {event:?}");
            }
        }
    }

    proptest! {
        /// Along any history, a take is sent again (re-enters `submitting`) only after being
        /// queued, and re-queued only by a person's `Resubmit` of a `submit_unknown` take;
        /// success needs the provider's id first (`running`).
        #[test]
        fn never_sent_twice_without_a_decision(events in proptest::collection::vec(0..E::ALL.len(), 0..60)) {
            let mut status = S::Queued;
            let mut was_running = false;
            for i in events {
                let event = E::ALL[i];
                if let Ok(next) = transition(status, event) {
                    if next == S::Submitting {
                        prop_assert_eq!(status, S::Queued);
                    }
                    if next == S::Queued {
                        prop_assert_eq!((status, event), (S::SubmitUnknown, E::Resubmit));
                    }
                    was_running |= next == S::Running;
                    if next == S::Succeeded {
                        prop_assert!(was_running);
                    }
                    status = next;
                }
            }
        }
    }
}
