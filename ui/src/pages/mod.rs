//! Routed screens: thin wrappers that fetch from the shell and hand the data to the pure views
//! of [`crate::views`].

mod dashboard;
mod job;
mod not_found;
mod templates;

pub use dashboard::Dashboard;
pub use job::Job;
pub use not_found::NotFound;
pub use templates::Templates;
