//! A create whose answer was lost (a 5xx, a reset, a timeout after sending) reconciled from
//! the provider's own list of recent generations, where its API has one
//! ([`VideoProvider::find_created`]): a generation made from this request since it was sent
//! is adopted as the take's (one create, one charge), none at all means nothing was made and
//! the create is sent again as an ordinary retry. Where the provider cannot list, or its
//! list cannot be read, or every match already belongs to another take, the take is left
//! `submit_unknown` for the person, as before.

use super::Runner;
use crate::providers::{
    GenerationRequest, ProviderError, Reconciliation, Submitted, TakeErrorCode, VideoProvider,
};
use crate::storage::takes::{self, queue::QueuedTake};

impl Runner {
    /// The answer to record for `take`, whose create (sent at `sent_at_ms`, wall clock)
    /// failed with the ambiguous `err`; true when the id was found in the provider's list.
    pub(super) async fn reconcile(
        &self,
        provider: &dyn VideoProvider,
        take: &QueuedTake,
        request: &GenerationRequest,
        sent_at_ms: i64,
        err: ProviderError,
    ) -> (Result<Submitted, ProviderError>, bool) {
        let name = &provider.descriptor().display_name;
        match provider.find_created(request, sent_at_ms).await {
            Ok(Reconciliation::CannotList) => (Err(err), false),
            Ok(Reconciliation::NotFound | Reconciliation::Vanished) => {
                tracing::info!(take = %take.id, "lost create: none in {name}'s list; sending again");
                let retry = ProviderError::transient(
                    TakeErrorCode::ServerError,
                    format!(
                        "{}; {name} lists no generation made from this request since it was \
                         sent, so nothing was created: it is sent again",
                        err.message
                    ),
                );
                (Err(retry), false)
            }
            Ok(Reconciliation::Found(ids)) => match self.first_untaken(&take.provider, ids).await {
                Some(remote_id) => {
                    tracing::info!(take = %take.id, %remote_id, "lost create found in {name}'s list");
                    let found = Submitted {
                        remote_id,
                        poll_after: None,
                    };
                    (Ok(found), true)
                }
                None => (Err(err), false),
            },
            Err(lookup) => {
                let unknown = ProviderError::ambiguous_submit(format!(
                    "{}; {name}'s list of recent generations could not be read ({})",
                    err.message, lookup.message
                ));
                (Err(unknown), false)
            }
        }
    }

    /// The first of `ids` no take of `provider` holds yet; `None` when all are held or the
    /// database cannot say.
    pub(super) async fn first_untaken(&self, provider: &str, ids: Vec<String>) -> Option<String> {
        let mut conn = self.inner.db.reader().acquire().await.ok()?;
        for id in ids {
            match takes::remote_id_taken(&mut conn, provider, &id).await {
                Ok(false) => return Some(id),
                Ok(true) => continue,
                Err(_) => return None,
            }
        }
        None
    }
}
