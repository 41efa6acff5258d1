//! Pure view components: each takes its data as props and renders it, with no fetching, so
//! every state of every screen renders natively (see `tests/`).

pub mod common;
pub mod dashboard;
pub mod job;
pub mod jobs_table;
pub mod templates;

pub use dashboard::DashboardView;
pub use job::JobView;
pub use templates::TemplatesView;
