//! Pure view components: each takes its data as props and renders it, with no fetching, so
//! every state of every screen renders natively (see `tests/`).

pub mod bulk_bar;
pub mod common;
pub mod dashboard;
pub mod dialogs;
pub mod job;
pub mod jobs_table;
pub mod new_job;
pub mod player;
pub mod providers;
pub mod quick;
pub mod settings;
pub mod settings_api;
pub mod settings_music;
pub mod settings_paths;
pub mod template_editor;
pub mod templates;
pub mod voice;

pub use dashboard::DashboardView;
pub use job::JobView;
pub use new_job::NewJobView;
pub use providers::ProvidersView;
pub use quick::QuickView;
pub use settings::SettingsView;
pub use templates::TemplatesView;
