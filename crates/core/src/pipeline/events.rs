//! The engine's event bus: a broadcast of small protocol DTOs, progress throttled per take.
//! [`crate::Core`] owns the one bus of an engine; the runner and the facade send on it.
//!
//! The database is the truth and events only say what changed; a listener that falls behind
//! receives [`EngineEvent::Resync`] instead of the events it missed.

use reelforge_protocol::{EngineEvent, TakeId};
use std::collections::HashMap;
use std::sync::Mutex;
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

const CAPACITY: usize = 1_024;

/// Sends engine events to every subscriber.
#[derive(Debug)]
pub struct EventBus {
    tx: broadcast::Sender<EngineEvent>,
    min_interval_ms: i64,
    /// Per take: when its last progress event was sent, and at what percentage.
    last_progress: Mutex<HashMap<TakeId, (i64, u8)>>,
}

impl EventBus {
    /// A bus that sends a take's progress at most once per `min_interval_ms`, and only when
    /// it moved by at least one percent.
    pub fn new(min_interval_ms: i64) -> Self {
        Self {
            tx: broadcast::Sender::new(CAPACITY),
            min_interval_ms,
            last_progress: Mutex::new(HashMap::new()),
        }
    }

    /// A new listener; it sees events sent from now on.
    pub fn subscribe(&self) -> EventStream {
        EventStream {
            rx: self.tx.subscribe(),
        }
    }

    /// Sends an event (dropped when nobody listens).
    pub fn send(&self, event: EngineEvent) {
        if let EngineEvent::SegmentUpdated {
            take_id, status, ..
        } = &event
            && status.is_terminal()
        {
            self.forget(take_id);
        }
        let _ = self.tx.send(event);
    }

    /// Sends each event in order, progress through the throttle (`now_ms` is the engine
    /// clock's time).
    pub fn send_all(&self, events: impl IntoIterator<Item = EngineEvent>, now_ms: i64) {
        for event in events {
            if matches!(event, EngineEvent::Progress { .. }) {
                self.progress(event, now_ms);
            } else {
                self.send(event);
            }
        }
    }

    /// Sends a progress event unless the throttle holds it back; true when sent.
    pub fn progress(&self, event: EngineEvent, now_ms: i64) -> bool {
        let EngineEvent::Progress {
            take_id, progress, ..
        } = &event
        else {
            self.send(event);
            return true;
        };
        let mut last = self.last_progress.lock().expect("progress map poisoned");
        let due = match last.get(take_id) {
            None => true,
            Some((at, pct)) => now_ms - at >= self.min_interval_ms && progress.abs_diff(*pct) >= 1,
        };
        if due {
            last.insert(take_id.clone(), (now_ms, *progress));
            drop(last);
            let _ = self.tx.send(event);
        }
        due
    }

    fn forget(&self, take: &TakeId) {
        self.last_progress
            .lock()
            .expect("progress map poisoned")
            .remove(take);
    }
}

/// One listener's view of the bus.
#[derive(Debug)]
pub struct EventStream {
    rx: broadcast::Receiver<EngineEvent>,
}

impl EventStream {
    /// The next event; `Resync` after missed ones; `None` once the engine is gone.
    pub async fn recv(&mut self) -> Option<EngineEvent> {
        match self.rx.recv().await {
            Ok(event) => Some(event),
            Err(RecvError::Lagged(_)) => Some(EngineEvent::Resync),
            Err(RecvError::Closed) => None,
        }
    }

    /// The next event already sent, without waiting.
    pub fn try_recv(&mut self) -> Option<EngineEvent> {
        match self.rx.try_recv() {
            Ok(event) => Some(event),
            Err(TryRecvError::Lagged(_)) => Some(EngineEvent::Resync),
            Err(TryRecvError::Empty | TryRecvError::Closed) => None,
        }
    }

    /// Every event already sent.
    pub fn drain(&mut self) -> Vec<EngineEvent> {
        std::iter::from_fn(|| self.try_recv()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reelforge_protocol::{JobId, SegmentId};

    fn progress(p: u8) -> EngineEvent {
        EngineEvent::Progress {
            job_id: JobId::from("j"),
            segment_id: SegmentId::from("s"),
            take_id: TakeId::from("t"),
            progress: p,
        }
    }

    #[test]
    fn progress_is_throttled_by_time_and_by_change() {
        let bus = EventBus::new(250);
        let mut rx = bus.subscribe();
        assert!(bus.progress(progress(1), 0));
        assert!(!bus.progress(progress(40), 100), "too soon");
        assert!(!bus.progress(progress(1), 400), "no change");
        assert!(bus.progress(progress(2), 400));
        assert_eq!(rx.drain(), vec![progress(1), progress(2)]);
    }

    #[test]
    fn a_lagging_listener_gets_resync() {
        let bus = EventBus::new(0);
        let mut rx = bus.subscribe();
        for _ in 0..CAPACITY + 5 {
            bus.send(EngineEvent::Resync);
        }
        bus.send(progress(3));
        assert_eq!(rx.try_recv(), Some(EngineEvent::Resync));
    }
}
