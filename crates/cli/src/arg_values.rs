//! Parsers of the command line's typed values (job status, language, dollars, caption style
//! and platform), each refusing a bad value with the list of good ones.

use reelforge_protocol::{CaptionPlatform, CaptionStyle, JobStatus};

pub(crate) fn parse_status(s: &str) -> Result<JobStatus, String> {
    JobStatus::parse(s).ok_or_else(|| {
        let all: Vec<&str> = JobStatus::ALL.iter().map(|s| s.as_str()).collect();
        format!("unknown status `{s}` (expected one of {})", all.join(", "))
    })
}

pub(crate) fn parse_caption_style(s: &str) -> Result<CaptionStyle, String> {
    CaptionStyle::parse(s).ok_or_else(|| {
        let all: Vec<&str> = CaptionStyle::ALL.iter().map(|s| s.id()).collect();
        format!(
            "unknown caption style `{s}` (expected one of {})",
            all.join(", ")
        )
    })
}

pub(crate) fn parse_caption_platform(s: &str) -> Result<CaptionPlatform, String> {
    CaptionPlatform::parse(s).ok_or_else(|| {
        let all: Vec<&str> = CaptionPlatform::ALL.iter().map(|p| p.id()).collect();
        format!(
            "unknown platform `{s}` (expected one of {})",
            all.join(", ")
        )
    })
}

pub(crate) fn parse_lang(s: &str) -> Result<reelforge_protocol::ScriptLanguage, String> {
    reelforge_protocol::ScriptLanguage::parse(s)
        .ok_or_else(|| format!("unknown language `{s}` (expected en or fr)"))
}

pub(crate) fn parse_usd(s: &str) -> Result<i64, String> {
    reelforge_protocol::money::parse_usd(s)
        .ok_or_else(|| format!("`{s}` is not a dollar amount (e.g. 5 or 12.50)"))
}
