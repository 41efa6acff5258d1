//! Routed screens: thin wrappers that fetch from the shell and hand the data to the pure views
//! of [`crate::views`].

mod api_section;
mod dashboard;
mod job;
mod job_chain;
mod job_clips;
mod job_storyboard;
mod new_job;
mod not_found;
mod providers;
mod quick;
mod settings;
mod templates;
mod voice_section;

pub use dashboard::Dashboard;
pub use job::Job;
pub use new_job::NewJob;
pub use not_found::NotFound;
pub use providers::Providers;
pub use quick::Quick;
pub use settings::Settings;
pub use templates::Templates;
