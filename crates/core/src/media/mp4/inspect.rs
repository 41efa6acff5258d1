//! [`read_back`]: a written MP4 read again from disk with our own parsing, for validating
//! what the box join wrote without starting ffprobe. Checks the file's structure (one `moov`,
//! one `mdat` that the file holds whole, sample counts that agree across a track's tables,
//! every chunk inside the `mdat`) and describes it as ffprobe's header would ([`MediaInfo`]:
//! durations from `mvhd`/`tkhd`, codecs and sizes from the sample entries), so that
//! [`check_output`](crate::media::validation::check_output) applies the same checks.

use super::boxes::{Mp4Box, Reader, header, parse_boxes};
use super::entry::{sound_entry, visual_entry};
use super::tables::{SampleSizes, SampleTables};
use super::track::{handler, timescale_and_duration, tkhd_duration};
use crate::media::error::MediaError;
use crate::media::probe::{AudioStream, MediaInfo, Ratio, VideoStream};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Why a written file does not read back as a whole, consistent MP4.
#[derive(Debug, thiserror::Error)]
pub enum ReadBackError {
    /// A top-level box runs past the end of the file.
    #[error("it is truncated: its `{kind}` box ends at byte {end}, the file has {len} bytes")]
    Truncated { kind: String, end: u64, len: u64 },
    /// The boxes or tables contradict each other.
    #[error("{0}")]
    Malformed(String),
    #[error("file system error at {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl From<ReadBackError> for MediaError {
    fn from(err: ReadBackError) -> Self {
        match err {
            ReadBackError::Io { path, source } => MediaError::Io { path, source },
            other => MediaError::OutputInvalid(other.to_string()),
        }
    }
}

fn malformed(reason: impl std::fmt::Display) -> ReadBackError {
    ReadBackError::Malformed(reason.to_string())
}

/// The top level of a file: its `moov`, and its `mdat` payload as (start, end).
fn top_level(path: &Path) -> Result<(Mp4Box, (u64, u64), u64), ReadBackError> {
    let io = |source| ReadBackError::Io {
        path: path.to_owned(),
        source,
    };
    let mut file = File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    let (mut moov, mut mdat) = (None, None);
    let mut at = 0u64;
    while at < len {
        let mut head = vec![0; (len - at).min(16) as usize];
        file.seek(SeekFrom::Start(at))
            .and_then(|_| file.read_exact(&mut head))
            .map_err(io)?;
        let (kind, header_len, size) = header(&head).map_err(|why| {
            malformed(format!(
                "its top-level box at byte {at} is unreadable ({why})"
            ))
        })?;
        let name = String::from_utf8_lossy(&kind).into_owned();
        let end = size.map_or(len, |s| at + s);
        if end > len {
            return Err(ReadBackError::Truncated {
                kind: name,
                end,
                len,
            });
        }
        match &kind {
            b"moov" if moov.is_some() => return Err(malformed("it has more than one `moov` box")),
            b"mdat" if mdat.is_some() => return Err(malformed("it has more than one `mdat` box")),
            b"moov" => {
                let mut bytes = vec![0; (end - at) as usize];
                file.seek(SeekFrom::Start(at))
                    .and_then(|_| file.read_exact(&mut bytes))
                    .map_err(io)?;
                let mut boxes = parse_boxes(&bytes)
                    .map_err(|why| malformed(format!("its moov is unreadable ({why})")))?;
                moov = boxes.pop();
            }
            b"mdat" => mdat = Some((at + header_len as u64, end)),
            _ => {}
        }
        at = end;
    }
    match (moov, mdat) {
        (Some(moov), Some(mdat)) => Ok((moov, mdat, len)),
        (None, _) => Err(malformed("it has no `moov` box")),
        (_, None) => Err(malformed("it has no `mdat` box")),
    }
}

/// The byte size of each chunk, checking that the chunk table and the sample sizes count the
/// same samples.
fn chunk_sizes(t: &SampleTables, what: &str) -> Result<Vec<u64>, ReadBackError> {
    let chunks = t.chunk_offsets.len();
    let mut per_chunk = Vec::with_capacity(chunks);
    for (i, &(first, samples, _)) in t.stsc.iter().enumerate() {
        let next = t
            .stsc
            .get(i + 1)
            .map_or(chunks as u64 + 1, |e| u64::from(e.0));
        let first = u64::from(first);
        if first < 1 || first > next || next > chunks as u64 + 1 || (i == 0) != (first == 1) {
            return Err(malformed(format!(
                "its {what} track's chunk table is out of order"
            )));
        }
        per_chunk.extend(std::iter::repeat_n(samples, (next - first) as usize));
    }
    let in_chunks: u64 = per_chunk.iter().map(|&n| u64::from(n)).sum();
    if in_chunks != u64::from(t.sample_count()) {
        return Err(malformed(format!(
            "its {what} track's chunks hold {in_chunks} samples, its sample sizes count {}",
            t.sample_count()
        )));
    }
    let mut sample = 0usize;
    Ok(per_chunk
        .iter()
        .map(|&n| {
            let bytes = match &t.sizes {
                SampleSizes::Uniform { size, .. } => u64::from(*size) * u64::from(n),
                SampleSizes::Each(each) => each[sample..sample + n as usize]
                    .iter()
                    .map(|&s| u64::from(s))
                    .sum(),
            };
            sample += n as usize;
            bytes
        })
        .collect())
}

/// One track, checked: its handler and sample tables.
fn checked_track(
    trak: &Mp4Box,
    mdat: (u64, u64),
) -> Result<([u8; 4], SampleTables), ReadBackError> {
    let kind = handler(trak).map_err(|why| malformed(format!("a track is unreadable ({why})")))?;
    let what = match &kind {
        b"vide" => "video",
        b"soun" => "audio",
        _ => "other",
    };
    let bad =
        |why: super::Unsupported| malformed(format!("its {what} track is unreadable ({why})"));
    let stbl = trak
        .find(&[b"mdia", b"minf", b"stbl"])
        .ok_or_else(|| malformed(format!("its {what} track has no sample table")))?;
    let tables = SampleTables::parse(stbl).map_err(bad)?;
    if let Some(sync) = &tables.stss
        && sync.iter().any(|&s| s == 0 || s > tables.sample_count())
    {
        return Err(malformed(format!(
            "its {what} track's sync samples are out of range"
        )));
    }
    let (_, media_duration) =
        timescale_and_duration(trak.leaf_at(&[b"mdia", b"mdhd"]).map_err(bad)?).map_err(bad)?;
    if media_duration != tables.decode_duration() {
        return Err(malformed(format!(
            "its {what} track's header says {media_duration} ticks, its samples last {}",
            tables.decode_duration()
        )));
    }
    for (offset, size) in tables.chunk_offsets.iter().zip(chunk_sizes(&tables, what)?) {
        if *offset < mdat.0 || offset + size > mdat.1 {
            return Err(malformed(format!(
                "its {what} track has a chunk at bytes {offset}..{} outside the mdat ({}..{})",
                offset + size,
                mdat.0,
                mdat.1
            )));
        }
    }
    Ok((kind, tables))
}

/// tkhd's width and height (16.16 fixed point, rounded).
fn tkhd_size(tkhd: &[u8]) -> Result<(u32, u32), super::Unsupported> {
    let mut r = Reader::new(tkhd);
    let (version, _) = r.version_flags()?;
    r.bytes(if version == 1 { 32 } else { 20 } + 8 + 8 + 36)?;
    let round = |v: u32| (v + 0x8000) >> 16;
    Ok((round(r.u32()?), round(r.u32()?)))
}

/// The most common sample delta's rate: ffprobe's `r_frame_rate` for a constant rate.
fn frame_rate(stts: &[(u32, u32)], timescale: u32) -> Ratio {
    let delta = stts.iter().max_by_key(|e| e.0).map_or(0, |e| e.1);
    let gcd = |mut a: u32, mut b: u32| {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a.max(1)
    };
    let g = gcd(timescale, delta);
    Ratio::parse(&format!("{}/{}", timescale / g, delta / g)).unwrap_or(Ratio::ONE)
}

fn secs(ticks: u64, timescale: u32) -> Duration {
    Duration::from_secs_f64(ticks as f64 / f64::from(timescale.max(1)))
}

/// Read `path` back and describe it; any structural fault is the reason it is not valid.
pub fn read_back(path: &Path) -> Result<MediaInfo, ReadBackError> {
    let (moov, mdat, len) = top_level(path)?;
    let bad = |why: super::Unsupported| malformed(format!("its moov is unreadable ({why})"));
    let (movie_timescale, movie_duration) =
        timescale_and_duration(moov.leaf_at(&[b"mvhd"]).map_err(bad)?).map_err(bad)?;
    let (mut video, mut audio) = (None, None);
    for trak in moov.children().iter().filter(|c| &c.kind == b"trak") {
        let (kind, tables) = checked_track(trak, mdat)?;
        let what = if &kind == b"vide" { "video" } else { "audio" };
        let slot = match &kind {
            b"vide" => &mut video,
            b"soun" => &mut audio,
            _ => continue,
        };
        if slot.is_some() {
            return Err(malformed(format!("it has more than one {what} track")));
        }
        *slot = Some((trak, tables));
    }
    let video = match video {
        Some((trak, tables)) => {
            let bad = |why: super::Unsupported| {
                malformed(format!("its video track is unreadable ({why})"))
            };
            let entry = visual_entry(&tables.stsd).map_err(bad)?;
            let tkhd = trak.leaf_at(&[b"tkhd"]).map_err(bad)?;
            let (tw, th) = tkhd_size(tkhd).map_err(bad)?;
            let shown_w = (u64::from(entry.width) * u64::from(entry.sar.num))
                .div_ceil(u64::from(entry.sar.den));
            if th != entry.height || u64::from(tw).abs_diff(shown_w) > 1 {
                return Err(malformed(format!(
                    "its video track header says {tw}×{th}, its sample entry {}×{}",
                    entry.width, entry.height
                )));
            }
            let (timescale, _) =
                timescale_and_duration(trak.leaf_at(&[b"mdia", b"mdhd"]).map_err(bad)?)
                    .map_err(bad)?;
            Some(VideoStream {
                codec: entry.codec,
                profile: entry.profile,
                width: entry.width,
                height: entry.height,
                fps: frame_rate(&tables.stts, timescale),
                pix_fmt: entry.pix_fmt,
                time_base: Ratio::parse(&format!("1/{timescale}")).unwrap_or(Ratio::ONE),
                sar: entry.sar,
                duration: Some(secs(tkhd_duration(tkhd).map_err(bad)?, movie_timescale)),
            })
        }
        None => None,
    };
    let audio = match audio {
        Some((_, tables)) => {
            let entry = sound_entry(&tables.stsd)
                .map_err(|why| malformed(format!("its audio track is unreadable ({why})")))?;
            let layout = match entry.channels {
                1 => Some("mono".to_owned()),
                2 => Some("stereo".to_owned()),
                _ => None,
            };
            Some(AudioStream {
                codec: entry.codec,
                sample_rate: entry.sample_rate,
                channels: entry.channels,
                channel_layout: layout,
            })
        }
        None => None,
    };
    Ok(MediaInfo {
        path: path.to_owned(),
        duration: secs(movie_duration, movie_timescale),
        size_bytes: len,
        format_name: "mov,mp4,m4a,3gp,3g2,mj2".to_owned(),
        video,
        audio,
    })
}
