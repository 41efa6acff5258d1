//! Creates caught by a stop, reconciled before the first tick: recovery turns a take found
//! `submitting` into `submit_unknown` and keeps the time it was sent; this pass then asks
//! the provider's list of recent generations ([`find_created`], outside any
//! transaction) what that create made, and records the answer in one short transaction per
//! take:
//!
//! - a generation made from this request since it was sent, held by no other take
//!   ([`takes::remote_id_taken`]), is adopted: the take follows it (`running`), one create,
//!   one charge;
//! - none at all, for a take sent at least [`LISTED_WITHIN`] ago, means the create made
//!   nothing: the take is queued and sent again. A take sent more recently is left
//!   `submit_unknown` even when the list shows nothing, since a generation just made may
//!   not be listed yet (or the request may still be on its way to the provider); a later
//!   start-up looks again, or the person decides;
//! - a provider whose generations never outlive the process that asked for them (the local
//!   renderer: [`Reconciliation::Vanished`]) is sent again at once, without using a retry;
//! - a provider that cannot list, a list that cannot be read, or matches that all belong
//!   to other takes leave the take `submit_unknown` for the person, as before.
//!
//! The take is read again inside the transaction: one the person decided about meanwhile
//! is left as it is.
//!
//! [`find_created`]: crate::providers::VideoProvider::find_created

use super::Runner;
use super::outcome::step_from;
use super::steps::millis;
use crate::domain::take_state::TakeEvent;
use crate::error::CoreResult;
use crate::providers::{GenerationRequest, Reconciliation};
use crate::storage::{activity, decode_json};
use crate::storage::takes::{self, queue, queue::QueuedTake, stopped};
use reelforge_protocol::{ActivityEntry, TakeStatus};
use std::time::Duration;

/// How long after its send a create that made a generation is surely in the provider's
/// list; only past it does an empty list mean that nothing was made.
pub const LISTED_WITHIN: Duration = Duration::from_secs(5 * 60);

/// What the pass did with the creates caught by a stop.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoppedReport {
    /// Takes that follow the generation found in the provider's list.
    pub found: u32,
    /// Takes queued to be sent again: the list shows their create made nothing.
    pub sent_again: u32,
    /// Takes left `submit_unknown` for the person (or a later start-up).
    pub left: u32,
}

/// What the provider's list says to do with one take.
enum Verdict {
    /// Follow this generation, which has this longest generation time.
    Adopt {
        remote_id: String,
        max_generation_s: u32,
    },
    SendAgain,
    Leave,
}

impl Runner {
    /// Reconciles every `submit_unknown` take whose create a stop interrupted (see the
    /// module's documentation); run after [`Runner::recover`], before the first tick.
    pub async fn reconcile_stopped(&self) -> CoreResult<StoppedReport> {
        let lost = {
            let mut conn = self.inner.db.reader().acquire().await?;
            stopped::lost_creates(&mut conn).await?
        };
        let mut report = StoppedReport::default();
        for (take, sent_at_ms) in lost {
            let verdict = self.look_up(&take, sent_at_ms).await;
            let counter = match verdict {
                Verdict::Adopt { .. } => &mut report.found,
                Verdict::SendAgain => &mut report.sent_again,
                Verdict::Leave => &mut report.left,
            };
            if self.settle_lost(&take, &verdict).await? {
                *counter += 1;
            } else {
                report.left += 1;
            }
        }
        Ok(report)
    }

    /// Asks `take`'s provider what its create, sent at `sent_at_ms`, made.
    async fn look_up(&self, take: &QueuedTake, sent_at_ms: i64) -> Verdict {
        let Some(provider) = self.provider(&take.provider) else {
            return Verdict::Leave;
        };
        let request: GenerationRequest =
            match decode_json("generations.request_json", &take.request_json) {
                Ok(request) => request,
                Err(err) => {
                    tracing::warn!(take = %take.id, "stopped create not reconciled: {err}");
                    return Verdict::Leave;
                }
            };
        let name = &provider.descriptor().display_name;
        match provider.find_created(&request, sent_at_ms).await {
            Ok(Reconciliation::Found(ids)) => match self.first_untaken(&take.provider, ids).await {
                Some(remote_id) => {
                    tracing::info!(take = %take.id, %remote_id, "stopped create found in {name}'s list");
                    Verdict::Adopt {
                        remote_id,
                        max_generation_s: provider.descriptor().max_generation_s,
                    }
                }
                None => Verdict::Leave,
            },
            Ok(Reconciliation::Vanished) => Verdict::SendAgain,
            Ok(Reconciliation::NotFound)
                if self.now().saturating_sub(sent_at_ms) >= millis(LISTED_WITHIN) =>
            {
                tracing::info!(take = %take.id, "stopped create: none in {name}'s list; sending again");
                Verdict::SendAgain
            }
            Ok(Reconciliation::NotFound | Reconciliation::CannotList) => Verdict::Leave,
            Err(err) => {
                tracing::warn!(take = %take.id, "{name}'s list could not be read: {}", err.message);
                Verdict::Leave
            }
        }
    }

    /// Records `verdict` for `take` in one transaction; false when nothing changed (the
    /// take moved on meanwhile, or the generation is now another take's).
    async fn settle_lost(&self, take: &QueuedTake, verdict: &Verdict) -> CoreResult<bool> {
        if matches!(verdict, Verdict::Leave) {
            return Ok(false);
        }
        let now = self.now();
        let mut events = Vec::new();
        let mut tx = self.inner.db.begin_write().await?;
        let stored = queue::get(&mut tx, &take.id).await?;
        if stored.status != TakeStatus::SubmitUnknown || stored.remote_id.is_some() {
            return Ok(false);
        }
        match verdict {
            Verdict::Adopt {
                remote_id,
                max_generation_s,
            } => {
                if takes::remote_id_taken(&mut tx, &take.provider, remote_id).await? {
                    return Ok(false);
                }
                step_from(&mut tx, &stored, TakeEvent::Found, None, None, now, &mut events)
                    .await?;
                let deadline = now + i64::from(*max_generation_s).saturating_mul(1_000);
                let first_poll = self.inner.settings.poll_backoff.delay(take.id.as_str(), 0);
                queue::record_sent(
                    &mut tx,
                    &take.id,
                    remote_id,
                    now,
                    deadline,
                    now + millis(first_poll),
                )
                .await?;
            }
            Verdict::SendAgain => {
                step_from(&mut tx, &stored, TakeEvent::Resubmit, Some(0), None, now, &mut events)
                    .await?;
                queue::schedule(&mut tx, &take.id, now).await?;
            }
            Verdict::Leave => return Ok(false),
        }
        let index = super::outcome::segment_of(&mut tx, &stored).await?.index;
        let provider = take.provider.clone();
        let entry = match verdict {
            Verdict::Adopt { .. } => ActivityEntry::FoundInProviderList { index, provider },
            _ => ActivityEntry::NothingInProviderList { index, provider },
        };
        activity::append(&mut tx, &take.job_id, now, &entry).await?;
        self.derive_job(&mut tx, &take.job_id, now, &mut events)
            .await?;
        tx.commit().await?;
        if matches!(verdict, Verdict::Adopt { .. }) {
            // Already at the provider: it holds a slot whether or not one is free.
            self.take_slot(&take.provider, &take.id);
        }
        self.emit(events);
        Ok(true)
    }
}
