//! Parsers of the command line's typed values (job status, language, dollars, caption style
//! and platform, a voice), each refusing a bad value with the list of good ones or the form
//! expected.

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

/// `PROVIDER[:VOICE]`: a voice provider id and, optionally, one of its voices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceSpec {
    pub provider: String,
    pub voice: Option<String>,
}

impl std::str::FromStr for VoiceSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (provider, voice) = match s.split_once(':') {
            Some((provider, voice)) => (provider.trim(), Some(voice.trim())),
            None => (s.trim(), None),
        };
        if provider.is_empty() || voice.is_some_and(str::is_empty) {
            return Err(format!("`{s}` is not PROVIDER or PROVIDER:VOICE"));
        }
        Ok(Self {
            provider: provider.to_owned(),
            voice: voice.map(str::to_owned),
        })
    }
}
