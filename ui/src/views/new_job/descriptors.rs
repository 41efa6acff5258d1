//! Lookups in the providers' descriptors: a provider, a model, what a clip costs, the allowed
//! duration nearest to a wanted one, and a price as people read it.

use crate::format;
use crate::i18n::{Lang, t};
use reelforge_protocol::{ModelDescriptor, Pricing, ProviderDescriptor};

/// The descriptor of `provider`.
pub fn find_provider<'a>(
    providers: &'a [ProviderDescriptor],
    provider: &str,
) -> Option<&'a ProviderDescriptor> {
    providers.iter().find(|p| p.id == provider)
}

/// The model a segment would use: the named one, or the provider's default.
pub fn find_model<'a>(
    providers: &'a [ProviderDescriptor],
    provider: &str,
    model: Option<&str>,
) -> Option<&'a ModelDescriptor> {
    find_provider(providers, provider)?.model(model)
}

/// What one clip costs on that provider and model, as the engine computes it; `None` when the
/// provider or model is unknown.
pub fn clip_cost(
    providers: &[ProviderDescriptor],
    provider: &str,
    model: Option<&str>,
    duration_s: u32,
) -> Option<i64> {
    find_model(providers, provider, model).map(|m| m.pricing.clip_micros(duration_s))
}

/// The allowed duration nearest to `wanted` (the longer one on a tie); `wanted` itself when
/// nothing is listed.
pub fn snap_duration(wanted: u32, allowed: &[u32]) -> u32 {
    allowed
        .iter()
        .copied()
        .min_by_key(|&d| (d.abs_diff(wanted), std::cmp::Reverse(d)))
        .unwrap_or(wanted)
}

/// A price as people read it: `Free`, `$0.05/s`, `$0.40/clip`.
pub fn pricing_label(lang: Lang, pricing: Pricing) -> String {
    let s = t(lang);
    match pricing {
        Pricing::Free => s.free.to_owned(),
        Pricing::PerSecond { micros } => (s.price_per_second)(&format::money(lang, micros)),
        Pricing::PerClip { micros } => (s.price_per_clip)(&format::money(lang, micros)),
    }
}
