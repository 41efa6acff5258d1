//! Mono 16-bit PCM WAV files, read and written in-process: the voices write them, phrase
//! bounds are measured on their samples, and a segment's phrases and a video's segments are
//! laid end to end or at their start times without an ffmpeg run.

use super::error::VoiceError;
use std::path::Path;
use std::time::Duration;

/// Mono 16-bit samples at `rate` Hz.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pcm {
    pub rate: u32,
    pub samples: Vec<i16>,
}

/// A sample is speech above this level (about −40 dBFS).
const SPEECH_LEVEL: i16 = 330;

impl Pcm {
    pub fn silence(rate: u32, length: Duration) -> Self {
        Self {
            rate,
            samples: vec![0; samples_in(rate, length)],
        }
    }

    pub fn duration(&self) -> Duration {
        duration_of(self.rate, self.samples.len())
    }

    /// Where speech starts and ends (first and last sample above −40 dBFS); `None` for
    /// silence.
    pub fn speech_bounds(&self) -> Option<(Duration, Duration)> {
        let loud = |s: &i16| s.unsigned_abs() > SPEECH_LEVEL.unsigned_abs();
        let first = self.samples.iter().position(loud)?;
        let last = self.samples.iter().rposition(loud)?;
        Some((
            duration_of(self.rate, first),
            duration_of(self.rate, last + 1),
        ))
    }

    /// Mixes `other` (same rate) in from `at`, growing as needed; sums are clipped.
    pub fn mix_at(&mut self, other: &Pcm, at: Duration) {
        let start = samples_in(self.rate, at);
        if self.samples.len() < start + other.samples.len() {
            self.samples.resize(start + other.samples.len(), 0);
        }
        for (dst, src) in self.samples[start..].iter_mut().zip(&other.samples) {
            *dst = dst.saturating_add(*src);
        }
    }

    /// Reads a mono 16-bit PCM WAV. Sizes in the header that run past the file (a streamed
    /// WAV's placeholders) are cut to what the file holds.
    pub fn read(path: &Path) -> Result<Self, VoiceError> {
        let bytes = std::fs::read(path).map_err(|e| VoiceError::io(path, e))?;
        let bad = |reason: &str| VoiceError::BadAudio {
            path: path.to_owned(),
            reason: reason.to_owned(),
        };
        if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
            return Err(bad("not a RIFF/WAVE file"));
        }
        let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
        let u32_at =
            |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        let mut pos = 12;
        let mut rate = None;
        while pos + 8 <= bytes.len() {
            let id = &bytes[pos..pos + 4];
            let size = u32_at(pos + 4) as usize;
            let body = pos + 8;
            let end = body.saturating_add(size).min(bytes.len());
            match id {
                b"fmt " if end - body >= 16 => {
                    let (format, channels, bits) =
                        (u16_at(body), u16_at(body + 2), u16_at(body + 14));
                    if format != 1 || channels != 1 || bits != 16 {
                        return Err(bad("not mono 16-bit PCM"));
                    }
                    rate = Some(u32_at(body + 4));
                }
                b"data" => {
                    let rate = rate.ok_or_else(|| bad("no format before the samples"))?;
                    let samples = bytes[body..end]
                        .chunks_exact(2)
                        .map(|b| i16::from_le_bytes([b[0], b[1]]))
                        .collect();
                    return Ok(Self { rate, samples });
                }
                _ => {}
            }
            pos = body + size + size % 2;
        }
        Err(bad("no samples"))
    }

    /// Writes the samples as a mono 16-bit PCM WAV.
    pub fn write(&self, path: &Path) -> Result<(), VoiceError> {
        let data_len = u32::try_from(self.samples.len() * 2).unwrap_or(u32::MAX - 36);
        let mut out = Vec::with_capacity(44 + self.samples.len() * 2);
        out.extend_from_slice(b"RIFF");
        out.extend_from_slice(&(36 + data_len).to_le_bytes());
        out.extend_from_slice(b"WAVEfmt ");
        out.extend_from_slice(&16u32.to_le_bytes());
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&self.rate.to_le_bytes());
        out.extend_from_slice(&(self.rate * 2).to_le_bytes());
        out.extend_from_slice(&2u16.to_le_bytes());
        out.extend_from_slice(&16u16.to_le_bytes());
        out.extend_from_slice(b"data");
        out.extend_from_slice(&data_len.to_le_bytes());
        for s in &self.samples {
            out.extend_from_slice(&s.to_le_bytes());
        }
        std::fs::write(path, out).map_err(|e| VoiceError::io(path, e))
    }
}

fn samples_in(rate: u32, length: Duration) -> usize {
    (length.as_secs_f64() * f64::from(rate)).round() as usize
}

fn duration_of(rate: u32, samples: usize) -> Duration {
    Duration::from_secs_f64(samples as f64 / f64::from(rate.max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_measures_speech_and_mixes_at_an_offset() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.wav");
        let mut pcm = Pcm::silence(1000, Duration::from_millis(100));
        pcm.samples[20..60].fill(5000);
        pcm.write(&path).unwrap();
        let back = Pcm::read(&path).unwrap();
        assert_eq!(back, pcm);
        assert_eq!(back.duration(), Duration::from_millis(100));
        assert_eq!(
            back.speech_bounds(),
            Some((Duration::from_millis(20), Duration::from_millis(60)))
        );
        let mut track = Pcm::silence(1000, Duration::from_millis(50));
        track.mix_at(&back, Duration::from_millis(30));
        assert_eq!(track.samples.len(), 130);
        assert_eq!(track.samples[49], 0);
        assert_eq!(track.samples[50], 5000);
        assert_eq!(track.samples[89], 5000);
        assert_eq!(track.samples[90], 0);
        assert_eq!(
            Pcm::silence(1000, Duration::from_millis(10)).speech_bounds(),
            None
        );
        std::fs::write(&path, b"not audio").unwrap();
        assert!(matches!(Pcm::read(&path), Err(VoiceError::BadAudio { .. })));
    }
}
