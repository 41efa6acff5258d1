//! One tick of the runner, with its database writes batched.
//!
//! A tick reads what is due, then: commits the intents of every take it will send in one
//! transaction (before any create call), starts one task per provider call (create, poll,
//! fetch, owed cancel), and records the answers as they come back. Whatever answers have
//! arrived when the writer is free are recorded together in one transaction; an answer never
//! waits for a slower call, so a provider's id is committed as soon as the writer can take it.
//! When a batch fails, it is rolled back and its items are recorded one per transaction, so
//! one bad take cannot hold the others back. Fetched outputs are
//! made durable in the library (one folder fsync per batch) before their batch commits; the
//! batching itself is in `batch`.

use super::fetch::FetchedOutput;
use crate::storage::takes::queue::{self, QueuedTake};
use super::steps::PendingCreate;
use super::{Runner, TickReport};
use crate::error::{CoreError, CoreResult};
use crate::providers::{ErrorClass, PollOutcome, ProviderError, Submitted};
use crate::storage::encode_json;
use reelforge_protocol::{ProviderId, TakeId, TakeStatus};
use tokio::task::JoinSet;

/// A take a task works on; released when dropped (even by a panic), once its outcome is
/// recorded.
pub(super) struct Claim {
    runner: Runner,
    pub(super) take: TakeId,
}

impl Drop for Claim {
    fn drop(&mut self) {
        if let Ok(mut in_flight) = self.runner.inner.in_flight.lock() {
            in_flight.remove(&self.take);
        }
    }
}

/// What a task did outside the database, waiting to be recorded.
pub(super) enum Done {
    Sent {
        take: QueuedTake,
        max_generation_s: u32,
        answer: Result<Submitted, ProviderError>,
        /// The id was found in the provider's list after an ambiguous create.
        reconciled: bool,
    },
    Polled {
        take: QueuedTake,
        answer: Result<PollOutcome, ProviderError>,
    },
    Fetched {
        take: QueuedTake,
        fetched: Result<FetchedOutput, ProviderError>,
    },
    CancelSettled(TakeId),
    /// The take was no longer in the state the work was for.
    Nothing,
    /// The task itself failed (file system).
    Failed(CoreError),
}

pub(super) struct Finished {
    pub(super) claim: Claim,
    pub(super) done: Done,
}

type Tasks = JoinSet<Finished>;

impl Runner {
    /// Acts once on everything due now and waits for those actions to finish.
    pub async fn tick(&self) -> CoreResult<TickReport> {
        let now = self.now();
        let mut conn = self.inner.db.reader().acquire().await?;
        self.release_finished_slots(&mut conn).await?;
        let cancels = queue::owed_remote_cancels(&mut conn).await?;
        let sent = queue::due_sent(&mut conn, now).await?;
        let known: Vec<&str> = self.inner.slots.keys().map(ProviderId::as_str).collect();
        // A take of an unknown provider is "sent" to fail it with a clear reason.
        let mut queued =
            queue::due_queued_unknown_provider(&mut conn, &encode_json(&known), now).await?;
        for (provider, slots) in &self.inner.slots {
            let free = slots.available_permits();
            if free == 0 {
                continue;
            }
            for take in queue::due_queued(&mut conn, provider, now, free).await? {
                if self.take_slot(provider, &take.id) {
                    queued.push(take);
                }
            }
        }
        drop(conn);

        let mut report = TickReport::default();
        let mut tasks = Tasks::new();
        for take in cancels {
            if let Some(claim) = self.claim(&take.id) {
                report.remote_cancels += 1;
                self.spawn_cancel(&mut tasks, claim, take);
            }
        }
        for take in sent {
            if let Some(claim) = self.claim(&take.id) {
                if take.status == TakeStatus::Downloading {
                    report.downloaded += 1;
                    self.spawn_fetch(&mut tasks, claim, take);
                } else {
                    report.polled += 1;
                    self.spawn_poll(&mut tasks, claim, take);
                }
            }
        }
        let submits: Vec<Claim> = queued
            .iter()
            .filter_map(|take| self.claim(&take.id))
            .collect();
        report.submitted = u32::try_from(submits.len()).unwrap_or(u32::MAX);

        let mut first_error = None;
        if !submits.is_empty() {
            match self.commit_intents(submits, now, &mut first_error).await {
                Ok(ready) => {
                    for (claim, pending) in ready {
                        self.spawn_create(&mut tasks, claim, pending);
                    }
                }
                Err(err) => {
                    first_error.get_or_insert(err);
                }
            }
        }
        while let Some(joined) = tasks.join_next().await {
            let mut batch = vec![joined];
            while let Some(more) = tasks.try_join_next() {
                batch.push(more);
            }
            match self.record_batch(batch, &mut first_error).await {
                Ok(fetches) => {
                    for (claim, take) in fetches {
                        self.spawn_fetch(&mut tasks, claim, take);
                    }
                }
                Err(err) => {
                    tracing::warn!("recording generation answers failed: {err}");
                    first_error.get_or_insert(err);
                }
            }
        }
        let mut conn = self.inner.db.reader().acquire().await?;
        self.release_finished_slots(&mut conn).await?;
        match first_error {
            Some(err) => Err(err),
            None => Ok(report),
        }
    }

    fn claim(&self, take: &TakeId) -> Option<Claim> {
        let fresh = self
            .inner
            .in_flight
            .lock()
            .expect("in-flight poisoned")
            .insert(take.clone());
        fresh.then(|| Claim {
            runner: self.clone(),
            take: take.clone(),
        })
    }

    fn spawn_create(&self, tasks: &mut Tasks, claim: Claim, pending: PendingCreate) {
        let runner = self.clone();
        tasks.spawn(async move {
            let PendingCreate {
                take,
                request,
                provider,
            } = pending;
            let sent_at_ms = crate::time::now_ms();
            let submitted = match runner.ensure_start_frames(&request).await {
                Ok(()) => provider.submit(&request).await,
                Err(err) => Err(err),
            };
            let (answer, reconciled) = match submitted {
                Err(err) if err.class == ErrorClass::AmbiguousSubmit => {
                    runner
                        .reconcile(provider.as_ref(), &take, &request, sent_at_ms, err)
                        .await
                }
                answer => (answer, false),
            };
            let max_generation_s = provider.descriptor().max_generation_s;
            Finished {
                claim,
                done: Done::Sent {
                    take,
                    max_generation_s,
                    answer,
                    reconciled,
                },
            }
        });
    }

    fn spawn_poll(&self, tasks: &mut Tasks, claim: Claim, take: QueuedTake) {
        let runner = self.clone();
        tasks.spawn(async move {
            let done = match runner.poll_call(&take).await {
                Some(answer) => Done::Polled { take, answer },
                None => Done::Nothing,
            };
            Finished { claim, done }
        });
    }

    fn spawn_fetch(&self, tasks: &mut Tasks, claim: Claim, take: QueuedTake) {
        let runner = self.clone();
        tasks.spawn(async move {
            let done = match runner.fetch_into_library(&take).await {
                Ok(Some(fetched)) => Done::Fetched { take, fetched },
                Ok(None) => Done::Nothing,
                Err(err) => Done::Failed(err),
            };
            Finished { claim, done }
        });
    }

    fn spawn_cancel(&self, tasks: &mut Tasks, claim: Claim, take: QueuedTake) {
        let runner = self.clone();
        tasks.spawn(async move {
            let done = if runner.send_remote_cancel(&take).await {
                Done::CancelSettled(take.id)
            } else {
                Done::Nothing
            };
            Finished { claim, done }
        });
    }
}
