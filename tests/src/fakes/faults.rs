//! Fault switches of the fake servers: which [`Route`] a request hits, the [`Fault`] to play
//! on it, and how many times; plus per-route call counters (the crash test counts creates).

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

/// The kind of call a request is, as the fake's `route_of` classifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// The paid create call.
    Create,
    /// A status / result request.
    Poll,
    /// A cancel request.
    Cancel,
    /// A file upload before a create.
    Upload,
    /// Fetching an output file.
    Download,
    /// Anything else (account, model list, key test).
    Other,
}

/// One fault to play on a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    /// 429 with `Retry-After: seconds`, before the request is processed.
    RateLimited { retry_after_s: u64 },
    /// This 5xx status, before the request is processed.
    ServerError { status: u16 },
    /// Wait this long, then answer normally.
    Slow { millis: u64 },
    /// Process the request (a create does create the job), then close the connection
    /// without answering.
    ResetAfterRequest,
    /// Process the request (a create does create the job), then answer this 5xx status
    /// instead of its answer, as a gateway failing after the backend did the work would.
    ServerErrorAfterRequest { status: u16 },
    /// Process the request (a create does create the job), then never answer, as the
    /// client of a process killed while it waited would see it (see [`FakeServer::held`]).
    ///
    /// [`FakeServer::held`]: super::FakeServer::held
    HoldAfterRequest,
    /// Never answer and never process the request (a create makes nothing), as a request
    /// lost on its way would look; [`FakeServer::held`] says when it arrived.
    ///
    /// [`FakeServer::held`]: super::FakeServer::held
    Hold,
    /// Process the request, then answer 200 with a body cut in the middle of the JSON.
    MalformedJson,
    /// Answer 403 as an expired signed URL would (meant for [`Route::Download`]).
    ExpiredUrl,
    /// Answer normally, but send the body in equal pieces spread over `millis` (a slow
    /// link: no pause is long, the whole is).
    Trickle { millis: u64 },
    /// Answer normally (status and full `Content-Length`), send the first `bytes` of the
    /// body, then drop the connection.
    CutBody { bytes: u64 },
    /// Answer with the status and headers, then a body that never ends (no
    /// `Content-Length`): zeros for as long as the client reads.
    EndlessBody,
    /// Answer as if the request carried no `Range` header (a server that cannot resume:
    /// 200 with the whole body).
    IgnoreRange,
    /// Answer `status` with the provider's error body quoting back the credential the
    /// request carried, as a careless provider's 401 does.
    EchoKey { status: u16 },
    /// The next job created ends failed by the provider's content moderation (or, where the
    /// API refuses at create time, the create answers with its moderation error).
    Moderation,
}

impl Fault {
    /// How long a slow fault waits.
    pub fn delay(&self) -> Option<Duration> {
        match self {
            Self::Slow { millis } => Some(Duration::from_millis(*millis)),
            _ => None,
        }
    }
}

/// An armed fault: what to play on which route, how many more times.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArmedFault {
    pub route: Route,
    pub fault: Fault,
    #[serde(default = "one")]
    pub times: u32,
}

fn one() -> u32 {
    1
}

/// Armed faults and call counters of one fake server.
#[derive(Debug, Default)]
pub struct Faults {
    armed: Mutex<HashMap<Route, VecDeque<(Fault, u32)>>>,
    calls: Mutex<HashMap<Route, u64>>,
}

impl Faults {
    /// Plays `fault` on the next `times` requests of `route` (after any already armed).
    pub fn arm(&self, route: Route, fault: Fault, times: u32) {
        if times == 0 {
            return;
        }
        self.armed
            .lock()
            .expect("faults")
            .entry(route)
            .or_default()
            .push_back((fault, times));
    }

    /// Disarms everything.
    pub fn clear(&self) {
        self.armed.lock().expect("faults").clear();
    }

    /// Takes one play of the first fault armed on `route`, unless it is moderation (which
    /// the fake's job logic takes itself).
    pub fn take_transport(&self, route: Route) -> Option<Fault> {
        self.take_where(route, |f| *f != Fault::Moderation)
    }

    /// Takes one play of a moderation fault armed on `route`.
    pub fn take_moderation(&self, route: Route) -> bool {
        self.take_where(route, |f| *f == Fault::Moderation)
            .is_some()
    }

    fn take_where(&self, route: Route, accept: impl Fn(&Fault) -> bool) -> Option<Fault> {
        let mut armed = self.armed.lock().expect("faults");
        let queue = armed.get_mut(&route)?;
        let (fault, left) = queue.front_mut()?;
        if !accept(fault) {
            return None;
        }
        let fault = fault.clone();
        *left -= 1;
        if *left == 0 {
            queue.pop_front();
        }
        Some(fault)
    }

    /// Counts one request on `route`.
    pub fn record(&self, route: Route) {
        *self.calls.lock().expect("calls").entry(route).or_default() += 1;
    }

    /// Requests seen on `route` so far.
    pub fn calls(&self, route: Route) -> u64 {
        self.calls
            .lock()
            .expect("calls")
            .get(&route)
            .copied()
            .unwrap_or(0)
    }

    /// Every counter, for `GET /__fake/calls`.
    pub fn all_calls(&self) -> HashMap<Route, u64> {
        self.calls.lock().expect("calls").clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_fire_the_armed_number_of_times_in_order() {
        let faults = Faults::default();
        faults.arm(Route::Create, Fault::ServerError { status: 503 }, 2);
        faults.arm(Route::Create, Fault::Moderation, 1);
        assert_eq!(faults.take_transport(Route::Poll), None);
        assert_eq!(
            faults.take_transport(Route::Create),
            Some(Fault::ServerError { status: 503 })
        );
        assert!(
            !faults.take_moderation(Route::Create),
            "moderation waits its turn"
        );
        assert_eq!(
            faults.take_transport(Route::Create),
            Some(Fault::ServerError { status: 503 })
        );
        assert_eq!(
            faults.take_transport(Route::Create),
            None,
            "moderation is left to the job logic"
        );
        assert!(faults.take_moderation(Route::Create));
        assert!(!faults.take_moderation(Route::Create));
        faults.record(Route::Create);
        faults.record(Route::Create);
        assert_eq!(faults.calls(Route::Create), 2);
    }
}
