//! Remembering what the loudness measuring pass found. Two-pass normalisation
//! ([`loudness`](super::loudness)) first decodes, mixes and measures the whole mix — a good
//! part of a re-assembly's fixed cost once only one segment is encoded. The figures depend only on the mix's inputs, so they are kept in small JSON files
//! in the segment cache's folder (`loudness/`, emptied with the cache) under a key of those
//! inputs: each segment's audio ([`segment_audio_key`]: the take's content when it has sound,
//! else only its length, since a silent take's audio is generated silence), the voice track's
//! and the music bed's bytes, and the mix graph. Replacing a take whose own audio is unchanged
//! (a silent take, as the local provider's) reuses the figures; a changed sound, voice, music
//! or length is measured again. A file that cannot be read or written only costs measuring.

use super::args::FfmpegArgs;
use super::error::MediaResult;
use super::graph::GraphClip;
use super::loudness::{LoudnessPass, MeasuredLoudness, TARGET, second_pass};
use super::segment_cache::sha256_file;
use super::tools::MediaTools;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Bump when the measuring run or the segments' audio normalisation changes.
const MEMORY_VERSION: &str = "loudness-v3";

/// What a normalised segment's audio is made of: the take's content hash when it has an
/// audio stream (else generated silence), its length on the timeline and its held tail.
pub fn segment_audio_key(input_sha256: &str, clip: GraphClip) -> String {
    let source = if clip.has_audio { input_sha256 } else { "silent" };
    format!(
        "{source}|{}|held={}",
        clip.duration.as_micros(),
        clip.held.as_micros()
    )
}

/// What the measured mix is made of.
#[derive(Debug, Clone, Copy)]
pub struct MixInputs<'a> {
    /// [`segment_audio_key`] of each segment, in order.
    pub segments: &'a [String],
    pub music: Option<&'a Path>,
    pub voice: Option<&'a Path>,
    /// The measuring run's command line with its file inputs left out (they are keyed by
    /// content above): the mix graph, its length and the target.
    pub measure: &'a FfmpegArgs,
}

/// The key of a mix: every input's content and the measuring run.
pub fn mix_key(mix: MixInputs<'_>) -> MediaResult<String> {
    let mut hasher = Sha256::new();
    hasher.update(format!("{MEMORY_VERSION}|{TARGET}\n"));
    for segment in mix.segments {
        hasher.update(format!("segment {segment}\n"));
    }
    for (label, path) in [("music", mix.music), ("voice", mix.voice)] {
        if let Some(path) = path {
            hasher.update(format!("{label} {}\n", sha256_file(path)?));
        }
    }
    let args = mix.measure.as_slice();
    for (i, arg) in args.iter().enumerate() {
        // A file input's path (after `-i`) is scratch; its content is keyed above.
        if i > 0 && args[i - 1] == "-i" {
            continue;
        }
        hasher.update(arg.as_encoded_bytes());
        hasher.update([0]);
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where the figures of `key` are kept under the cache folder `dir`.
fn file_of(dir: &Path, key: &str) -> PathBuf {
    dir.join("loudness").join(format!("{key}.json"))
}

/// [`second_pass`], reusing the figures remembered under `key` in the cache folder `dir`
/// instead of measuring, and remembering new ones.
pub async fn remembered_second_pass(
    tools: &MediaTools,
    dir: &Path,
    key: &str,
    wanted: LoudnessPass,
    measure: impl Fn(LoudnessPass) -> FfmpegArgs,
) -> MediaResult<LoudnessPass> {
    if wanted == LoudnessPass::Off {
        return Ok(wanted);
    }
    let file = file_of(dir, key);
    if let Some(measured) = std::fs::read(&file)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<MeasuredLoudness>(&bytes).ok())
    {
        return Ok(LoudnessPass::Apply(measured));
    }
    let pass = second_pass(tools, wanted, measure).await?;
    if let LoudnessPass::Apply(measured) = pass
        && let Err(error) = remember(&file, measured)
    {
        tracing::debug!("could not remember loudness in {}: {error}", file.display());
    }
    Ok(pass)
}

fn remember(file: &Path, measured: MeasuredLoudness) -> std::io::Result<()> {
    if let Some(folder) = file.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let bytes = serde_json::to_vec(&measured).map_err(std::io::Error::other)?;
    crate::durable::write_durably(file, &bytes)
}

/// Forget every remembered measurement under the cache folder `dir`.
pub fn forget_all(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(dir.join("loudness")) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_key_follows_the_audio_and_ignores_scratch_paths() {
        let dir = tempfile::tempdir().unwrap();
        let voice = dir.path().join("voice.wav");
        std::fs::write(&voice, b"voice").unwrap();
        let moved = dir.path().join("elsewhere.wav");
        std::fs::write(&moved, b"voice").unwrap();
        let clip = |has_audio, secs| GraphClip {
            duration: Duration::from_secs(secs),
            has_audio,
            held: Duration::ZERO,
        };
        let measure = |list: &str, graph: &str| {
            let mut args = FfmpegArgs::new();
            args.input(Path::new(list)).args(["-filter_complex", graph]);
            args
        };
        let key = |segments: &[String], voice: &Path, list: &str, graph: &str| {
            mix_key(MixInputs {
                segments,
                music: None,
                voice: Some(voice),
                measure: &measure(list, graph),
            })
            .unwrap()
        };
        let silent = [segment_audio_key("aa", clip(false, 2))];
        let base = key(&silent, &voice, "/tmp/a.txt", "g");
        // Another silent take of the same length, another scratch list, the voice moved.
        let other_silent = [segment_audio_key("bb", clip(false, 2))];
        assert_eq!(base, key(&other_silent, &moved, "/tmp/b.txt", "g"));
        // A take with sound, another length, another voice, another graph: another mix.
        std::fs::write(&moved, b"other voice").unwrap();
        for other in [
            key(&[segment_audio_key("aa", clip(true, 2))], &voice, "/tmp/a.txt", "g"),
            key(&[segment_audio_key("aa", clip(false, 3))], &voice, "/tmp/a.txt", "g"),
            key(&silent, &moved, "/tmp/a.txt", "g"),
            key(&silent, &voice, "/tmp/a.txt", "h"),
        ] {
            assert_ne!(base, other);
        }
    }
}
