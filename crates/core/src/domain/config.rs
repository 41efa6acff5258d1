//! The configuration cascade: job overrides → template → built-in default.
//!
//! The cascade itself is a protocol rule ([`reelforge_protocol::config`]), shared with the UI's
//! preview; the engine adds the validation of what a job overrides.

use crate::error::CoreResult;
use reelforge_protocol::JobConfig;
pub use reelforge_protocol::config::resolve;

use super::template::{validate_duration, validate_provider_id};

/// Checks the values a job overrides.
pub fn validate_overrides(job: &JobConfig) -> CoreResult<()> {
    if let Some(provider) = &job.provider {
        validate_provider_id("provider", provider)?;
    }
    for provider in job.fallback_providers.iter().flatten() {
        validate_provider_id("fallback_providers", provider)?;
    }
    if let Some(seconds) = job.segment_duration_s {
        validate_duration("segment_duration_s", seconds)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_are_validated() {
        let bad = JobConfig {
            segment_duration_s: Some(0),
            ..JobConfig::default()
        };
        assert!(validate_overrides(&bad).is_err());
        let bad = JobConfig {
            provider: Some("".into()),
            ..JobConfig::default()
        };
        assert!(validate_overrides(&bad).is_err());
        let bad = JobConfig {
            fallback_providers: Some(vec!["Luma AI".into()]),
            ..JobConfig::default()
        };
        assert!(validate_overrides(&bad).is_err());
        assert!(validate_overrides(&JobConfig::default()).is_ok());
    }
}
