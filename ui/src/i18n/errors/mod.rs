//! The words of errors, in English and French, kept apart from [`super::Strings`]: one label
//! per command error code ([`ErrorCode`]) and one sentence per take error code
//! ([`TakeErrorCode`]). The UI words an error from its code only; the engine's English text is
//! shown beside it as detail. Same rule: [`en::STRINGS`] and [`fr::STRINGS`] fill every field,
//! or nothing compiles.
//!

mod en;
mod fr;

use super::Lang;
use reelforge_protocol::{ApiError, ErrorCode, LimitExceeded, TakeErrorCode};

/// The texts of one language for errors. Take sentences take the provider's name.
#[derive(Debug)]
pub struct ErrorStrings {
    // Command errors (`ErrorCode`)
    pub validation: &'static str,
    pub not_found: &'static str,
    pub conflict: &'static str,
    pub storage: &'static str,
    pub internal: &'static str,
    pub keychain_unavailable: &'static str,
    pub keychain_locked: &'static str,
    pub key_missing: &'static str,
    pub network: &'static str,
    pub provider_rejected: &'static str,
    pub moderation: &'static str,
    pub budget_exceeded: &'static str,
    pub engine_busy: &'static str,
    pub ffmpeg_missing: &'static str,
    pub ffmpeg_failed: &'static str,
    pub voice_missing: &'static str,
    pub voice_failed: &'static str,
    pub voice_language_unsupported: &'static str,
    pub disk_full: &'static str,
    pub newer_database: &'static str,
    pub cancelled: &'static str,
    pub limit_exceeded: &'static str,
    pub window_only: &'static str,
    pub unauthorized: &'static str,
    pub chain_start_unsupported: &'static str,
    /// A take of the segment is being generated: its settings wait until it ends.
    pub segment_busy: &'static str,
    // Own clips (issue 17)
    pub clip_empty: &'static str,
    pub clip_unreadable: &'static str,
    pub clip_trim_invalid: &'static str,
    /// A value over one of the protocol's limits: which, how much, the maximum.
    pub limit: fn(&LimitExceeded) -> String,

    // Take errors (`TakeErrorCode`), each given the provider's name
    pub take_moderation: fn(&str) -> String,
    pub take_invalid_input: fn(&str) -> String,
    pub take_insufficient_credits: fn(&str) -> String,
    pub take_bad_key: fn(&str) -> String,
    pub take_no_key: fn(&str) -> String,
    pub take_keychain_locked: &'static str,
    pub take_unsupported: fn(&str) -> String,
    pub take_ffmpeg_missing: &'static str,
    pub take_timed_out: fn(&str) -> String,
    pub take_output_invalid: fn(&str) -> String,
    pub take_download_failed: fn(&str) -> String,
    pub take_output_expired: fn(&str) -> String,
    pub take_no_output: fn(&str) -> String,
    pub take_network: fn(&str) -> String,
    pub take_rate_limited: fn(&str) -> String,
    pub take_request_timeout: fn(&str) -> String,
    pub take_server_error: fn(&str) -> String,
    pub take_malformed_response: fn(&str) -> String,
    pub take_provider_failed: fn(&str) -> String,
    pub take_generation_lost: fn(&str) -> String,
    pub take_out_of_memory: fn(&str) -> String,
    pub take_disk: &'static str,
    pub take_disk_full: &'static str,
    pub take_cancelled: &'static str,
    pub take_abandoned: fn(&str) -> String,
    pub take_submit_unknown: fn(&str) -> String,
    pub take_internal: &'static str,
    pub take_other: fn(&str) -> String,
    /// Introduces the provider's (or engine's) own English text under the sentence.
    pub details: &'static str,
}

/// The error texts in `lang`.
pub fn errors(lang: Lang) -> &'static ErrorStrings {
    match lang {
        Lang::En => &en::STRINGS,
        Lang::Fr => &fr::STRINGS,
    }
}

/// The label of an error category.
pub fn error_code_label(lang: Lang, code: ErrorCode) -> &'static str {
    let e = errors(lang);
    match code {
        ErrorCode::Validation => e.validation,
        ErrorCode::NotFound => e.not_found,
        ErrorCode::Conflict => e.conflict,
        ErrorCode::Storage => e.storage,
        ErrorCode::Internal => e.internal,
        ErrorCode::KeychainUnavailable => e.keychain_unavailable,
        ErrorCode::KeychainLocked => e.keychain_locked,
        ErrorCode::KeyMissing => e.key_missing,
        ErrorCode::Network => e.network,
        ErrorCode::ProviderRejected => e.provider_rejected,
        ErrorCode::Moderation => e.moderation,
        ErrorCode::BudgetExceeded => e.budget_exceeded,
        ErrorCode::EngineBusy => e.engine_busy,
        ErrorCode::FfmpegMissing => e.ffmpeg_missing,
        ErrorCode::FfmpegFailed => e.ffmpeg_failed,
        ErrorCode::DiskFull => e.disk_full,
        ErrorCode::NewerDatabase => e.newer_database,
        ErrorCode::Cancelled => e.cancelled,
        ErrorCode::VoiceMissing => e.voice_missing,
        ErrorCode::VoiceFailed => e.voice_failed,
        ErrorCode::VoiceLanguageUnsupported => e.voice_language_unsupported,
        ErrorCode::LimitExceeded => e.limit_exceeded,
        ErrorCode::WindowOnly => e.window_only,
        ErrorCode::Unauthorized => e.unauthorized,
        ErrorCode::ChainStartUnsupported => e.chain_start_unsupported,
        ErrorCode::SegmentBusy => e.segment_busy,
        ErrorCode::ClipEmpty => e.clip_empty,
        ErrorCode::ClipUnreadable => e.clip_unreadable,
        ErrorCode::ClipTrimInvalid => e.clip_trim_invalid,
    }
}

/// What a command error is, in `lang`: the limit it broke, worded from its structure, or
/// its category's label.
pub fn error_label(lang: Lang, error: &ApiError) -> String {
    match &error.limit {
        Some(limit) => (errors(lang).limit)(limit),
        None => error_code_label(lang, error.code).to_owned(),
    }
}

/// `bytes` for people: KB, MB or GB (1024-based), else bytes.
pub(super) fn size(bytes: u64, units: [&str; 4]) -> String {
    const K: u64 = 1024;
    match bytes {
        b if b >= K * K * K => format!("{:.1} {}", b as f64 / (K * K * K) as f64, units[3]),
        b if b >= K * K => format!("{:.1} {}", b as f64 / (K * K) as f64, units[2]),
        b if b >= K => format!("{} {}", b / K, units[1]),
        b => format!("{b} {}", units[0]),
    }
}

/// `seconds` as `m:ss`.
pub(super) fn minutes(seconds: u64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// `pixels` in megapixels, one decimal.
pub(super) fn megapixels(pixels: u64) -> String {
    format!("{:.1}", pixels as f64 / 1e6)
}

/// Why a take failed, in `lang`, from its code alone; `provider` names the service.
pub fn take_error(lang: Lang, code: TakeErrorCode, provider: &str) -> String {
    let e = errors(lang);
    let p = provider;
    match code {
        TakeErrorCode::Moderation => (e.take_moderation)(p),
        TakeErrorCode::InvalidInput => (e.take_invalid_input)(p),
        TakeErrorCode::InsufficientCredits => (e.take_insufficient_credits)(p),
        TakeErrorCode::BadKey => (e.take_bad_key)(p),
        TakeErrorCode::NoKey => (e.take_no_key)(p),
        TakeErrorCode::KeychainLocked => e.take_keychain_locked.to_owned(),
        TakeErrorCode::Unsupported => (e.take_unsupported)(p),
        TakeErrorCode::FfmpegMissing => e.take_ffmpeg_missing.to_owned(),
        TakeErrorCode::TimedOut => (e.take_timed_out)(p),
        TakeErrorCode::OutputInvalid => (e.take_output_invalid)(p),
        TakeErrorCode::DownloadFailed => (e.take_download_failed)(p),
        TakeErrorCode::OutputExpired => (e.take_output_expired)(p),
        TakeErrorCode::NoOutput => (e.take_no_output)(p),
        TakeErrorCode::Network => (e.take_network)(p),
        TakeErrorCode::RateLimited => (e.take_rate_limited)(p),
        TakeErrorCode::RequestTimeout => (e.take_request_timeout)(p),
        TakeErrorCode::ServerError => (e.take_server_error)(p),
        TakeErrorCode::MalformedResponse => (e.take_malformed_response)(p),
        TakeErrorCode::ProviderFailed => (e.take_provider_failed)(p),
        TakeErrorCode::GenerationLost => (e.take_generation_lost)(p),
        TakeErrorCode::OutOfMemory => (e.take_out_of_memory)(p),
        TakeErrorCode::Disk => e.take_disk.to_owned(),
        TakeErrorCode::DiskFull => e.take_disk_full.to_owned(),
        TakeErrorCode::Cancelled => e.take_cancelled.to_owned(),
        TakeErrorCode::Abandoned => (e.take_abandoned)(p),
        TakeErrorCode::SubmitUnknown => (e.take_submit_unknown)(p),
        TakeErrorCode::Internal => e.take_internal.to_owned(),
        TakeErrorCode::Other => (e.take_other)(p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_differs_from_english() {
        let (en, fr) = (errors(Lang::En), errors(Lang::Fr));
        assert_eq!(en.disk_full, "Disk full");
        assert_eq!(fr.disk_full, "Disque plein");
        assert_eq!(
            (fr.take_moderation)("Runway"),
            "Refusé par la modération de Runway\u{a0}: reformulez le prompt ou changez les images de référence."
        );
        assert!((en.take_moderation)("Runway").contains("moderation"));
    }

    #[test]
    fn a_limit_error_is_worded_from_its_structure_in_both_languages() {
        use reelforge_protocol::Limit;
        let over = Limit::ImagePixels.check(16384 * 16384).unwrap_err();
        let error = ApiError::limit_exceeded(over, over.to_string());
        assert_eq!(
            error_label(Lang::En, &error),
            "The image has 268.4 megapixels; at most 67.1 are accepted."
        );
        assert_eq!(
            error_label(Lang::Fr, &error),
            "L'image compte 268,4\u{a0}mégapixels\u{a0}; 67,1 au plus sont acceptés."
        );
        let plain = ApiError::new(ErrorCode::DiskFull, "x");
        assert_eq!(error_label(Lang::En, &plain), "Disk full");
        for lang in Lang::ALL {
            let texts: std::collections::HashSet<String> = Limit::ALL
                .into_iter()
                .map(|l| (errors(lang).limit)(&l.check(u64::MAX).unwrap_err()))
                .collect();
            assert_eq!(texts.len(), Limit::ALL.len(), "{lang:?}");
        }
    }

    #[test]
    fn every_code_has_its_own_words_in_each_language() {
        for lang in Lang::ALL {
            let labels: std::collections::HashSet<&str> = ErrorCode::ALL
                .into_iter()
                .map(|c| error_code_label(lang, c))
                .collect();
            assert_eq!(labels.len(), ErrorCode::ALL.len(), "{lang:?}");
            let sentences: std::collections::HashSet<String> = TakeErrorCode::ALL
                .into_iter()
                .map(|c| take_error(lang, c, "Luma"))
                .collect();
            assert_eq!(sentences.len(), TakeErrorCode::ALL.len(), "{lang:?}");
        }
    }
}
