//! OS notifications about jobs, driven by the engine events the shell forwards
//! ([`crate::engine::forward_events`]).
//!
//! When one is due and what it says are decided in the engine ([`NoticeTracker`], [`text`]);
//! here [`deliver`] checks the stored [`reelforge_protocol::AppSettings`] (the Settings
//! screen's toggle and language) and shows it with tauri-plugin-notification.

pub use reelforge_core::notices::{Notice, NoticeKind, NoticeTracker, text};
use std::sync::Mutex;
use tauri::{AppHandle, Manager, Runtime};

/// Every notification shown, when the app manages one (tests read it).
#[derive(Debug, Default)]
pub struct NoticeLog(Mutex<Vec<(String, String)>>);

impl NoticeLog {
    pub fn shown(&self) -> Vec<(String, String)> {
        self.0.lock().map(|log| log.clone()).unwrap_or_default()
    }
}

/// Shows `notice` unless the person switched notifications off in Settings: the job's title
/// comes from the [`Core`](reelforge_core::Core), the text from [`text`] in the stored language.
pub async fn deliver<R: Runtime>(app: &AppHandle<R>, notice: Notice) {
    let Some(core) = app
        .try_state::<crate::CoreSlot>()
        .and_then(|slot| slot.get())
    else {
        return;
    };
    let settings = match core.app_settings().await {
        Ok(settings) => settings,
        Err(error) => {
            tracing::warn!("cannot read the app settings: {error}");
            return;
        }
    };
    if !settings.notifications {
        return;
    }
    let job = match core.get_job(&notice.job_id).await {
        Ok(detail) => detail.summary.title,
        // Deleted since: nothing to tell.
        Err(_) => return,
    };
    let (title, body) = text(notice.kind, settings.language, &job);
    if let Some(log) = app.try_state::<NoticeLog>()
        && let Ok(mut log) = log.0.lock()
    {
        log.push((title.clone(), body.clone()));
    }
    if let Some(notification) = app.try_state::<tauri_plugin_notification::Notification<R>>()
        && let Err(error) = notification.builder().title(title).body(body).show()
    {
        tracing::warn!("cannot show a notification: {error}");
    }
}
