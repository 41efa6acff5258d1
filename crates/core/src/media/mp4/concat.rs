//! The file level of the in-process join: find each input's `ftyp`, `moov` and single `mdat`,
//! build one `moov` whose chunk offsets point into one `mdat` written right after it
//! (faststart), then copy each input's media payload into that `mdat` with `std::io::copy`
//! (which the kernel does itself, `copy_file_range`, between two files on Linux).

use super::Unsupported;
use super::boxes::{Mp4Box, header, parse_boxes};
use super::tables::SampleTables;
use super::track::{TrackPart, handler, merge_track, timescale_and_duration, with_mvhd_duration};
use crate::media::error::{MediaError, MediaResult};
use crate::media::runner::Cancellation;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

/// What the join needs of one input.
struct Input {
    ftyp: Vec<u8>,
    moov: Mp4Box,
    /// Where the `mdat` payload starts in the file, and its length.
    payload_start: u64,
    payload_len: u64,
}

fn read_at(file: &mut File, path: &Path, at: u64, len: usize) -> MediaResult<Vec<u8>> {
    let mut buf = vec![0; len];
    file.seek(SeekFrom::Start(at))
        .and_then(|_| file.read_exact(&mut buf))
        .map_err(|e| MediaError::io(path, e))?;
    Ok(buf)
}

/// Read an input's top-level boxes; `Err(Unsupported)` for anything but one `moov` and one
/// `mdat` (fragmented files have `moof`s).
fn read_input(path: &Path) -> MediaResult<Result<Input, Unsupported>> {
    let mut file = File::open(path).map_err(|e| MediaError::io(path, e))?;
    let len = file.metadata().map_err(|e| MediaError::io(path, e))?.len();
    let (mut ftyp, mut moov, mut mdat) = (None, None, None);
    let mut at = 0u64;
    while at < len {
        let head = read_at(&mut file, path, at, (len - at).min(16) as usize)?;
        let (kind, header_len, size) = match header(&head) {
            Ok(h) => h,
            Err(why) => return Ok(Err(why)),
        };
        let size = size.unwrap_or(len - at);
        if size > len - at || size < header_len as u64 {
            return Ok(Err(Unsupported::new("a truncated top-level box")));
        }
        match &kind {
            b"ftyp" => ftyp = Some(read_at(&mut file, path, at, size as usize)?),
            b"moov" if moov.is_none() => {
                let bytes = read_at(&mut file, path, at, size as usize)?;
                match parse_boxes(&bytes) {
                    Ok(mut boxes) if boxes.len() == 1 => moov = boxes.pop(),
                    Ok(_) => return Ok(Err(Unsupported::new("an unreadable moov"))),
                    Err(why) => return Ok(Err(why)),
                }
            }
            b"mdat" if mdat.is_none() => {
                mdat = Some((at + header_len as u64, size - header_len as u64))
            }
            b"moov" | b"mdat" => return Ok(Err(Unsupported::new("several moov or mdat boxes"))),
            b"moof" | b"mfra" | b"sidx" => return Ok(Err(Unsupported::new("a fragmented MP4"))),
            _ => {}
        }
        at += size;
    }
    Ok(match (ftyp, moov, mdat) {
        (Some(ftyp), Some(moov), Some((payload_start, payload_len))) => Ok(Input {
            ftyp,
            moov,
            payload_start,
            payload_len,
        }),
        _ => Err(Unsupported::new("not an MP4 with ftyp, moov and mdat")),
    })
}

/// The joined `moov` for a payload starting at `payload_start` in the output.
fn joined_moov(inputs: &[Input], payload_start: u64, co64: bool) -> Result<Mp4Box, Unsupported> {
    let first = &inputs[0];
    if inputs.iter().any(|i| i.moov.child(b"mvex").is_some()) {
        return Err(Unsupported::new("a fragmented MP4"));
    }
    let (movie_timescale, _) = timescale_and_duration(first.moov.leaf_at(&[b"mvhd"])?)?;
    let mut movie_duration = 0u64;
    let mut tracks: Vec<Vec<TrackPart<'_>>> = Vec::new();
    let mut next_start = payload_start;
    for input in inputs {
        let (timescale, duration) = timescale_and_duration(input.moov.leaf_at(&[b"mvhd"])?)?;
        if timescale != movie_timescale {
            return Err(Unsupported::new("the movie timescales differ"));
        }
        movie_duration += duration;
        let traks: Vec<&Mp4Box> = input
            .moov
            .children()
            .iter()
            .filter(|c| &c.kind == b"trak")
            .collect();
        let kinds = traks
            .iter()
            .map(|t| handler(t))
            .collect::<Result<Vec<_>, _>>()?;
        let mut sorted = kinds.clone();
        sorted.sort();
        if sorted != [*b"soun", *b"vide"] {
            return Err(Unsupported::new(
                "not exactly one video and one audio track",
            ));
        }
        if tracks.is_empty() {
            tracks = traks.iter().map(|_| Vec::new()).collect();
        }
        let (start, end) = (input.payload_start, input.payload_start + input.payload_len);
        for (index, trak) in traks.into_iter().enumerate() {
            let stbl = trak
                .find(&[b"mdia", b"minf", b"stbl"])
                .ok_or_else(|| Unsupported::new("a track without stbl"))?;
            let mut tables = SampleTables::parse(stbl)?;
            for offset in &mut tables.chunk_offsets {
                if *offset < start || *offset >= end {
                    return Err(Unsupported::new("a chunk outside the mdat"));
                }
                *offset = *offset - start + next_start;
            }
            let parts = tracks
                .get_mut(index)
                .ok_or_else(|| Unsupported::new("track counts differ"))?;
            parts.push(TrackPart { trak, tables });
        }
        next_start += input.payload_len;
    }
    let mut moov = first.moov.clone();
    let mut merged = Vec::new();
    for parts in &tracks {
        merged.push(merge_track(parts, movie_timescale, co64)?);
    }
    let children = moov
        .children_mut()
        .ok_or_else(|| Unsupported::new("an empty moov"))?;
    let mut merged = merged.into_iter();
    for child in children.iter_mut() {
        match &child.kind {
            b"mvhd" => {
                let payload = child.payload().unwrap_or_default();
                *child = Mp4Box::leaf(b"mvhd", with_mvhd_duration(payload, movie_duration)?);
            }
            b"trak" => {
                if let Some(track) = merged.next() {
                    *child = track;
                }
            }
            _ => {}
        }
    }
    Ok(moov)
}

/// Join `inputs` into `output` (created or truncated) at the box level. `Ok(Err(_))` when
/// the inputs are not plain MP4s sharing their sample descriptions: nothing was written and
/// the caller joins them another way.
pub fn concat_mp4(
    inputs: &[&Path],
    output: &Path,
    cancel: &Cancellation,
) -> MediaResult<Result<(), Unsupported>> {
    if inputs.is_empty() {
        return Ok(Err(Unsupported::new("no inputs")));
    }
    let mut read = Vec::with_capacity(inputs.len());
    for path in inputs {
        match read_input(path)? {
            Ok(input) => read.push(input),
            Err(why) => return Ok(Err(why)),
        }
    }
    let ftyp = read[0].ftyp.clone();
    let payload_len: u64 = read.iter().map(|i| i.payload_len).sum();
    let mdat_header: u64 = if payload_len + 8 > u64::from(u32::MAX) {
        16
    } else {
        8
    };
    // Table sizes do not depend on the offsets: size the moov first, then place the payload.
    let layout = |co64: bool| -> Result<(Mp4Box, u64), Unsupported> {
        let sizing = joined_moov(&read, 0, co64)?;
        let start = ftyp.len() as u64 + sizing.size() + mdat_header;
        Ok((joined_moov(&read, start, co64)?, start))
    };
    let (moov, start) = match layout(false) {
        Ok((_, start)) if start + payload_len > u64::from(u32::MAX) => match layout(true) {
            Ok(done) => done,
            Err(why) => return Ok(Err(why)),
        },
        Ok(done) => done,
        Err(why) => return Ok(Err(why)),
    };
    let mut head = ftyp;
    moov.write_to(&mut head);
    if mdat_header == 16 {
        head.extend_from_slice(&1u32.to_be_bytes());
        head.extend_from_slice(b"mdat");
        head.extend_from_slice(&(payload_len + 16).to_be_bytes());
    } else {
        head.extend_from_slice(&((payload_len + 8) as u32).to_be_bytes());
        head.extend_from_slice(b"mdat");
    }
    debug_assert_eq!(head.len() as u64, start);
    let mut out = File::create(output).map_err(|e| MediaError::io(output, e))?;
    out.write_all(&head)
        .map_err(|e| MediaError::io(output, e))?;
    for (path, input) in inputs.iter().zip(&read) {
        if cancel.is_cancelled() {
            return Err(MediaError::Cancelled);
        }
        let mut file = File::open(path).map_err(|e| MediaError::io(path, e))?;
        file.seek(SeekFrom::Start(input.payload_start))
            .map_err(|e| MediaError::io(path, e))?;
        let copied = std::io::copy(&mut file.take(input.payload_len), &mut out)
            .map_err(|e| MediaError::io(output, e))?;
        if copied != input.payload_len {
            return Err(MediaError::InputUnreadable {
                path: path.to_path_buf(),
                reason: "it changed while it was being joined".to_owned(),
            });
        }
    }
    Ok(Ok(()))
}
