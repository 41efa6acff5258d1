//! The configuration cascade: job overrides → template → built-in default.
//!
//! A job stores only what it overrides; what it runs with is resolved here, so a job made from
//! a template follows later edits of that template for every field it did not override. The
//! engine resolves a job with it, and the UI previews a job being set up with the same rule.

use crate::ids::ProviderId;
use crate::job::{JobConfig, ResolvedConfig};
use crate::media::{AspectRatio, GenerationMode};
use crate::template::TemplateInput;

/// What a job runs with when neither it nor its template says otherwise: the offline local
/// provider, vertical, text-to-video, 5-second segments, no fallback.
pub fn builtin_default() -> ResolvedConfig {
    ResolvedConfig {
        aspect_ratio: AspectRatio::Portrait,
        provider: ProviderId::LOCAL,
        model: None,
        mode: GenerationMode::TextToVideo,
        segment_duration_s: 5,
        fallback_providers: Vec::new(),
        allow_fallback: false,
    }
}

/// The template's layer of the cascade.
fn template_layer(t: &TemplateInput) -> ResolvedConfig {
    ResolvedConfig {
        aspect_ratio: t.aspect_ratio,
        provider: t.provider.clone(),
        model: t.model.clone(),
        mode: t.mode,
        segment_duration_s: t.segment_duration_s,
        fallback_providers: t.fallback_providers.clone(),
        allow_fallback: t.allow_fallback,
    }
}

/// Resolves a job's configuration. A model is only inherited together with the provider it
/// belongs to: overriding the provider without a model means "that provider's default model".
pub fn resolve(job: &JobConfig, template: Option<&TemplateInput>) -> ResolvedConfig {
    let base = template.map_or_else(builtin_default, template_layer);
    let model = match (&job.provider, &job.model) {
        (_, Some(model)) => Some(model.clone()),
        (Some(provider), None) if *provider != base.provider => None,
        _ => base.model,
    };
    ResolvedConfig {
        aspect_ratio: job.aspect_ratio.unwrap_or(base.aspect_ratio),
        provider: job.provider.clone().unwrap_or(base.provider),
        model,
        mode: job.mode.unwrap_or(base.mode),
        segment_duration_s: job.segment_duration_s.unwrap_or(base.segment_duration_s),
        fallback_providers: job
            .fallback_providers
            .clone()
            .unwrap_or(base.fallback_providers),
        allow_fallback: job.allow_fallback.unwrap_or(base.allow_fallback),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::StyleDefaults;

    fn youtube() -> TemplateInput {
        TemplateInput {
            name: "YouTube Intro 16:9".into(),
            description: String::new(),
            pillar: "education".into(),
            segment_count: 3,
            segment_duration_s: 5,
            aspect_ratio: AspectRatio::Landscape,
            provider: "luma".into(),
            model: Some("ray-2".into()),
            mode: GenerationMode::TextToVideo,
            fallback_providers: vec![ProviderId::LOCAL],
            allow_fallback: true,
            beats: Vec::new(),
            style: StyleDefaults::default(),
            model_tiers: Vec::new(),
        }
    }

    #[test]
    fn no_template_no_override_gives_the_builtin_default() {
        let r = resolve(&JobConfig::default(), None);
        assert_eq!(r, builtin_default());
        assert_eq!(r.provider, ProviderId::LOCAL);
        assert_eq!(r.aspect_ratio, AspectRatio::Portrait);
        assert_eq!(r.mode, GenerationMode::TextToVideo);
        assert_eq!(r.segment_duration_s, 5);
        assert!(!r.allow_fallback && r.fallback_providers.is_empty());
    }

    #[test]
    fn template_values_apply_where_the_job_says_nothing() {
        let t = youtube();
        let r = resolve(&JobConfig::default(), Some(&t));
        assert_eq!(r.aspect_ratio, AspectRatio::Landscape);
        assert_eq!(r.provider, "luma");
        assert_eq!(r.model.as_deref(), Some("ray-2"));
        assert_eq!(r.segment_duration_s, t.segment_duration_s);
        assert!(r.allow_fallback);
        assert_eq!(r.fallback_providers, vec![ProviderId::LOCAL]);
    }

    #[test]
    fn job_overrides_win_over_template_and_default() {
        let job = JobConfig {
            aspect_ratio: Some(AspectRatio::Square),
            mode: Some(GenerationMode::ImageToVideo),
            segment_duration_s: Some(8),
            allow_fallback: Some(false),
            fallback_providers: Some(vec![]),
            ..JobConfig::default()
        };
        let r = resolve(&job, Some(&youtube()));
        assert_eq!(r.aspect_ratio, AspectRatio::Square);
        assert_eq!(r.mode, GenerationMode::ImageToVideo);
        assert_eq!(r.segment_duration_s, 8);
        assert!(!r.allow_fallback);
        assert!(r.fallback_providers.is_empty());
        // Not overridden: still the template's.
        assert_eq!(r.provider, "luma");

        let r = resolve(&job, None);
        assert_eq!(r.aspect_ratio, AspectRatio::Square);
        assert_eq!(r.provider, builtin_default().provider);
    }

    #[test]
    fn model_follows_the_provider_it_belongs_to() {
        let other_provider = JobConfig {
            provider: Some("runway".into()),
            ..JobConfig::default()
        };
        assert_eq!(resolve(&other_provider, Some(&youtube())).model, None);

        let same_provider = JobConfig {
            provider: Some("luma".into()),
            ..JobConfig::default()
        };
        assert_eq!(
            resolve(&same_provider, Some(&youtube())).model.as_deref(),
            Some("ray-2")
        );

        let explicit = JobConfig {
            provider: Some("runway".into()),
            model: Some("gen4_turbo".into()),
            ..JobConfig::default()
        };
        assert_eq!(
            resolve(&explicit, Some(&youtube())).model.as_deref(),
            Some("gen4_turbo")
        );
    }
}
