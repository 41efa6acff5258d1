//! The tick's database writes, batched: the intents of every take a tick sends in one
//! transaction, and the answers that came back together in one transaction. When a batch
//! fails it is rolled back and its items are recorded one per transaction, so one bad take
//! cannot hold the others back.

use super::Runner;
use crate::storage::takes::queue::{self, QueuedTake};
use super::steps::{PendingCreate, SentAnswer};
use super::tick::{Claim, Done, Finished};
use crate::error::{CoreError, CoreResult};
use crate::providers::{ProviderError, TakeErrorCode};
use reelforge_protocol::EngineEvent;
use sqlx::SqliteConnection;
use tokio::task::JoinError;

impl Runner {
    /// Commits the intents of every take to send in one transaction; returns those to send.
    pub(super) async fn commit_intents(
        &self,
        claims: Vec<Claim>,
        now: i64,
        first_error: &mut Option<CoreError>,
    ) -> CoreResult<Vec<(Claim, PendingCreate)>> {
        // The intents are durable before anything is sent.
        let (events, pending) = match self.intents_together(&claims, now).await {
            Ok(done) => done,
            Err(err) => {
                tracing::warn!("sending takes together failed ({err}); sending one by one");
                self.intents_one_by_one(&claims, now, first_error).await
            }
        };
        self.emit(events);
        Ok(claims
            .into_iter()
            .zip(pending)
            .filter_map(|(claim, p)| p.map(|p| (claim, p)))
            .collect())
    }

    async fn intents_together(
        &self,
        claims: &[Claim],
        now: i64,
    ) -> CoreResult<(Vec<EngineEvent>, Vec<Option<PendingCreate>>)> {
        let mut events = Vec::new();
        let mut pending = Vec::with_capacity(claims.len());
        let mut tx = self.inner.db.begin_write().await?;
        for claim in claims {
            pending.push(
                self.begin_submit(&mut tx, &claim.take, now, &mut events)
                    .await?,
            );
        }
        tx.commit().await?;
        Ok((events, pending))
    }

    /// The slow path after a failed batch: each take in its own transaction, so one bad take
    /// cannot hold the others back.
    async fn intents_one_by_one(
        &self,
        claims: &[Claim],
        now: i64,
        first_error: &mut Option<CoreError>,
    ) -> (Vec<EngineEvent>, Vec<Option<PendingCreate>>) {
        let mut events = Vec::new();
        let mut pending = Vec::with_capacity(claims.len());
        for claim in claims {
            let mut item = Vec::new();
            let one = async {
                let mut tx = self.inner.db.begin_write().await?;
                let p = self
                    .begin_submit(&mut tx, &claim.take, now, &mut item)
                    .await?;
                tx.commit().await?;
                CoreResult::Ok(p)
            };
            match one.await {
                Ok(p) => {
                    events.append(&mut item);
                    pending.push(p);
                }
                Err(err) => {
                    tracing::warn!("sending take {} failed: {err}", claim.take);
                    first_error.get_or_insert(err);
                    pending.push(None);
                }
            }
        }
        (events, pending)
    }

    /// Records every answer of `batch` in one transaction; returns the takes whose output
    /// is ready, to fetch at once.
    pub(super) async fn record_batch(
        &self,
        batch: Vec<Result<Finished, JoinError>>,
        first_error: &mut Option<CoreError>,
    ) -> CoreResult<Vec<(Claim, QueuedTake)>> {
        let mut finished = Vec::new();
        for joined in batch {
            match joined {
                Ok(Finished {
                    done: Done::Failed(err),
                    ..
                }) => {
                    tracing::warn!("generation step failed: {err}");
                    first_error.get_or_insert(err);
                }
                Ok(Finished {
                    done: Done::Nothing,
                    ..
                }) => {}
                Ok(done) => finished.push(done),
                Err(join) => tracing::error!("generation task panicked: {join}"),
            }
        }
        if finished.is_empty() {
            return Ok(Vec::new());
        }
        let stored = |f: &Finished| matches!(f.done, Done::Fetched { fetched: Ok(_), .. });
        if finished.iter().any(stored)
            && let Err(err) = self.sync_takes_dir().await
        {
            // The other answers (provider ids above all) are recorded all the same; the
            // fetches count as failed and are tried again.
            for f in finished.iter_mut().filter(|f| stored(f)) {
                if let Done::Fetched { fetched, .. } = &mut f.done {
                    *fetched = Err(ProviderError::transient(
                        TakeErrorCode::Disk,
                        format!("the library folder could not be synced ({err})"),
                    ));
                }
            }
        }
        let now = self.now();
        let (events, fetches) = match self.answers_together(&finished, now).await {
            Ok(done) => done,
            Err(err) => {
                tracing::warn!("recording answers together failed ({err}); one by one");
                self.answers_one_by_one(&finished, now, first_error).await
            }
        };
        self.emit(events);
        Ok(finished
            .into_iter()
            .zip(fetches)
            .filter_map(|(f, take)| take.map(|take| (f.claim, take)))
            .collect())
    }

    async fn answers_together(
        &self,
        finished: &[Finished],
        now: i64,
    ) -> CoreResult<(Vec<EngineEvent>, Vec<Option<QueuedTake>>)> {
        let mut events = Vec::new();
        let mut fetches = Vec::with_capacity(finished.len());
        let mut tx = self.inner.db.begin_write().await?;
        for f in finished {
            fetches.push(self.record_done(&mut tx, &f.done, now, &mut events).await?);
        }
        tx.commit().await?;
        Ok((events, fetches))
    }

    /// The slow path after a failed batch: each answer in its own transaction.
    async fn answers_one_by_one(
        &self,
        finished: &[Finished],
        now: i64,
        first_error: &mut Option<CoreError>,
    ) -> (Vec<EngineEvent>, Vec<Option<QueuedTake>>) {
        let mut events = Vec::new();
        let mut fetches = Vec::with_capacity(finished.len());
        for f in finished {
            let mut item = Vec::new();
            let one = async {
                let mut tx = self.inner.db.begin_write().await?;
                let fetch = self.record_done(&mut tx, &f.done, now, &mut item).await?;
                tx.commit().await?;
                CoreResult::Ok(fetch)
            };
            match one.await {
                Ok(fetch) => {
                    events.append(&mut item);
                    fetches.push(fetch);
                }
                Err(err) => {
                    tracing::warn!("recording take {} failed: {err}", f.claim.take);
                    first_error.get_or_insert(err);
                    fetches.push(None);
                }
            }
        }
        (events, fetches)
    }

    /// Records one answer; the take (as now stored) when its output must be fetched.
    async fn record_done(
        &self,
        conn: &mut SqliteConnection,
        done: &Done,
        now: i64,
        events: &mut Vec<EngineEvent>,
    ) -> CoreResult<Option<QueuedTake>> {
        match done {
            Done::Sent {
                take,
                max_generation_s,
                answer,
                reconciled,
            } => {
                let sent = SentAnswer {
                    max_generation_s: *max_generation_s,
                    answer,
                    reconciled: *reconciled,
                };
                self.record_submit_answer(conn, take, sent, now, events)
                    .await?;
            }
            Done::Polled { take, answer } => {
                if self.record_poll(conn, take, answer, now, events).await? {
                    return Ok(Some(queue::get(conn, &take.id).await?));
                }
            }
            Done::Fetched { take, fetched } => {
                self.record_download(conn, take, fetched, now, events)
                    .await?;
            }
            Done::CancelSettled(id) => queue::set_cancel_remote(conn, id, false).await?,
            Done::Nothing | Done::Failed(_) => {}
        }
        Ok(None)
    }
}
