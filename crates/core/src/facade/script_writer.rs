//! The script writer on the [`Core`] facade: its settings (offline by default, or a
//! chat-completions base URL and model, kept in the settings table) and the configured
//! [`ScriptWriter`] (the chat writer reads its key from the key store as `llm`).

use super::Core;
use crate::error::{CoreError, CoreResult};
use crate::script::{ChatWriter, LLM_SECRET_ID, OfflineWriter, ScriptWriter};
use crate::storage::settings;
use crate::time::now_ms;
use reelforge_protocol::{WriterKind, WriterSettings};
use std::sync::Arc;

/// Settings key of the [`WriterSettings`].
const WRITER_SETTINGS_KEY: &str = "script_writer";

impl Core {
    /// The script writer's settings (offline unless changed).
    pub async fn writer_settings(&self) -> CoreResult<WriterSettings> {
        let mut conn = self.db().reader().acquire().await?;
        Ok(settings::get(&mut conn, WRITER_SETTINGS_KEY)
            .await?
            .unwrap_or_default())
    }

    /// Stores the script writer's settings; a chat writer needs an http(s) base URL and a model.
    pub async fn set_writer_settings(&self, mut new: WriterSettings) -> CoreResult<WriterSettings> {
        new.base_url = new.base_url.trim().trim_end_matches('/').to_owned();
        new.model = new.model.trim().to_owned();
        if new.kind == WriterKind::Chat {
            let scheme_ok = url::Url::parse(&new.base_url)
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
            if !scheme_ok {
                return Err(CoreError::validation(
                    "base_url",
                    "must be an http(s) URL such as http://localhost:11434/v1",
                ));
            }
            if new.model.is_empty() {
                return Err(CoreError::validation("model", "must not be empty"));
            }
        }
        let mut tx = self.db().begin_write().await?;
        settings::set(&mut tx, WRITER_SETTINGS_KEY, &new, now_ms()).await?;
        tx.commit().await?;
        Ok(new)
    }

    /// The configured writer: offline, or the chat writer with the `llm` key when one is
    /// stored (a key store that cannot be read counts as no key).
    pub async fn script_writer(&self) -> CoreResult<Arc<dyn ScriptWriter>> {
        let settings = self.writer_settings().await?;
        Ok(match settings.kind {
            WriterKind::Offline => Arc::new(OfflineWriter),
            WriterKind::Chat => {
                let store = self.inner.key_store.clone();
                let key = tokio::task::spawn_blocking(move || store.get(LLM_SECRET_ID))
                    .await
                    .ok()
                    .and_then(|read| {
                        read.map_err(|e| tracing::warn!("cannot read the `llm` key: {e}"))
                            .ok()
                    })
                    .flatten();
                Arc::new(ChatWriter::new(&settings.base_url, &settings.model, key))
            }
        })
    }
}
