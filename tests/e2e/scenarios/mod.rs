//! The scenarios, one module each, and the steps they share.

pub mod api_switch;
pub mod common;
pub mod dashboard;
pub mod edit_take;
pub mod failing_provider;
pub mod kill_resume;
pub mod provider_keys;
pub mod quick;
pub mod runway_setup;
pub mod screenshots;
pub mod storyboard;
pub mod voice;
pub mod wizard;
