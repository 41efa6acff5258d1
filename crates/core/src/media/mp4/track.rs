//! One output track from the same track of every input: the merged sample tables, the
//! durations of `tkhd` and `mdhd` summed, and an edit list that presents each input's part
//! exactly as that input did (its `elst` entries shifted to where its samples now start,
//! contiguous entries joined), so audio priming and B-frame delays stay trimmed at every join.

use super::Unsupported;
use super::boxes::{Mp4Box, Reader, full_box, put_u32, put_u64};
use super::tables::SampleTables;

/// One edit list entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Edit {
    /// In the movie timescale.
    pub duration: u64,
    /// In the media timescale; -1 for an empty edit.
    pub media_time: i64,
    /// Media rate, 16.16 fixed point.
    pub rate: u32,
}

/// Byte offsets of a duration field: (offset in version 0, offset in version 1).
const MVHD_MDHD_DURATION: (usize, usize) = (16, 24);
const TKHD_DURATION: (usize, usize) = (20, 28);

/// (timescale, duration) of an `mvhd` or `mdhd` payload.
pub(crate) fn timescale_and_duration(payload: &[u8]) -> Result<(u32, u64), Unsupported> {
    let mut r = Reader::new(payload);
    let (version, _) = r.version_flags()?;
    if version == 1 {
        r.bytes(16)?;
        Ok((r.u32()?, r.u64()?))
    } else {
        r.bytes(8)?;
        Ok((r.u32()?, u64::from(r.u32()?)))
    }
}

/// The duration of a `tkhd` payload.
pub(crate) fn tkhd_duration(payload: &[u8]) -> Result<u64, Unsupported> {
    let mut r = Reader::new(payload);
    let (version, _) = r.version_flags()?;
    if version == 1 {
        r.bytes(24)?;
        r.u64()
    } else {
        r.bytes(16)?;
        Ok(u64::from(r.u32()?))
    }
}

/// `payload` with its duration field (at `at`, per version) set to `duration`.
pub(crate) fn with_duration(
    payload: &[u8],
    at: (usize, usize),
    duration: u64,
) -> Result<Vec<u8>, Unsupported> {
    let mut out = payload.to_vec();
    let version = *payload
        .first()
        .ok_or_else(|| Unsupported::new("an empty header box"))?;
    let (offset, len) = if version == 1 { (at.1, 8) } else { (at.0, 4) };
    let field = out
        .get_mut(offset..offset + len)
        .ok_or_else(|| Unsupported::new("a header box is too short"))?;
    if version == 1 {
        field.copy_from_slice(&duration.to_be_bytes());
    } else {
        let short = u32::try_from(duration)
            .map_err(|_| Unsupported::new("a duration too long for a version 0 header"))?;
        field.copy_from_slice(&short.to_be_bytes());
    }
    Ok(out)
}

pub(crate) fn with_mvhd_duration(payload: &[u8], duration: u64) -> Result<Vec<u8>, Unsupported> {
    with_duration(payload, MVHD_MDHD_DURATION, duration)
}

/// The handler type of a track (`vide`, `soun`…).
pub(crate) fn handler(trak: &Mp4Box) -> Result<[u8; 4], Unsupported> {
    let mut r = Reader::new(trak.leaf_at(&[b"mdia", b"hdlr"])?);
    r.bytes(8)?;
    r.kind()
}

fn parse_elst(payload: &[u8]) -> Result<Vec<Edit>, Unsupported> {
    let mut r = Reader::new(payload);
    let (version, _) = r.version_flags()?;
    let n = r.count(if version == 1 { 20 } else { 12 })?;
    (0..n)
        .map(|_| {
            let (duration, media_time) = if version == 1 {
                (r.u64()?, r.u64()? as i64)
            } else {
                (u64::from(r.u32()?), i64::from(r.u32()? as i32))
            };
            Ok(Edit {
                duration,
                media_time,
                rate: r.u32()?,
            })
        })
        .collect()
}

fn elst_payload(edits: &[Edit]) -> Vec<u8> {
    let long = edits
        .iter()
        .any(|e| u32::try_from(e.duration).is_err() || i32::try_from(e.media_time).is_err());
    let mut b = full_box(u8::from(long), 0);
    put_u32(&mut b, edits.len() as u32);
    for e in edits {
        if long {
            put_u64(&mut b, e.duration);
            put_u64(&mut b, e.media_time as u64);
        } else {
            put_u32(&mut b, e.duration as u32);
            put_u32(&mut b, e.media_time as i32 as u32);
        }
        put_u32(&mut b, e.rate);
    }
    b
}

/// The same track of every input, its chunk offsets already rebased into the output.
pub(crate) struct TrackPart<'a> {
    pub trak: &'a Mp4Box,
    pub tables: SampleTables,
}

/// One track of the output from the matching track of each input.
pub(crate) fn merge_track(
    parts: &[TrackPart<'_>],
    movie_timescale: u32,
    co64: bool,
) -> Result<Mp4Box, Unsupported> {
    let first = parts.first().ok_or_else(|| Unsupported::new("no inputs"))?;
    let mdhd = first.trak.leaf_at(&[b"mdia", b"mdhd"])?;
    let (media_timescale, _) = timescale_and_duration(mdhd)?;
    let mut tkhd_total = 0u64;
    let mut edits: Vec<Edit> = Vec::new();
    let any_edits = parts
        .iter()
        .any(|p| p.trak.find(&[b"edts", b"elst"]).is_some());
    let mut media_offset = 0u64;
    for part in parts {
        let (timescale, _) = timescale_and_duration(part.trak.leaf_at(&[b"mdia", b"mdhd"])?)?;
        if timescale != media_timescale || handler(part.trak)? != handler(first.trak)? {
            return Err(Unsupported::new("the tracks differ in kind or timescale"));
        }
        let tkhd = tkhd_duration(part.trak.leaf_at(&[b"tkhd"])?)?;
        tkhd_total += tkhd;
        if any_edits {
            let own = match part.trak.find(&[b"edts", b"elst"]) {
                Some(elst) => parse_elst(elst.payload().unwrap_or_default())?,
                None => vec![Edit {
                    duration: tkhd,
                    media_time: 0,
                    rate: 0x0001_0000,
                }],
            };
            let shift = i64::try_from(media_offset).map_err(|_| Unsupported::new("too long"))?;
            for edit in own {
                let media_time = if edit.media_time < 0 {
                    edit.media_time
                } else {
                    edit.media_time + shift
                };
                push_edit(
                    &mut edits,
                    Edit { media_time, ..edit },
                    media_timescale,
                    movie_timescale,
                );
            }
        }
        media_offset += part.tables.decode_duration();
    }
    let tables: Vec<SampleTables> = parts.iter().map(|p| p.tables.clone()).collect();
    let merged = SampleTables::merge(&tables)?;

    let mut trak = first.trak.clone();
    let children = trak
        .children_mut()
        .ok_or_else(|| Unsupported::new("a track without boxes"))?;
    children.retain(|c| &c.kind != b"edts");
    let tkhd_at = children
        .iter()
        .position(|c| &c.kind == b"tkhd")
        .ok_or_else(|| Unsupported::new("a track without tkhd"))?;
    let tkhd = with_duration(
        children[tkhd_at].payload().unwrap_or_default(),
        TKHD_DURATION,
        tkhd_total,
    )?;
    children[tkhd_at] = Mp4Box::leaf(b"tkhd", tkhd);
    if any_edits {
        let elst = Mp4Box::leaf(b"elst", elst_payload(&edits));
        children.insert(tkhd_at + 1, Mp4Box::container(b"edts", vec![elst]));
    }
    let mdhd = with_duration(mdhd, MVHD_MDHD_DURATION, merged.decode_duration())?;
    let mdhd_box = trak
        .find_mut(&[b"mdia", b"mdhd"])
        .ok_or_else(|| Unsupported::new("a track without mdhd"))?;
    *mdhd_box = Mp4Box::leaf(b"mdhd", mdhd);
    let stbl = trak
        .find_mut(&[b"mdia", b"minf", b"stbl"])
        .ok_or_else(|| Unsupported::new("a track without stbl"))?;
    *stbl = merged.to_stbl(co64);
    Ok(trak)
}

/// Append an edit, joined to the previous one when it continues it seamlessly.
fn push_edit(edits: &mut Vec<Edit>, edit: Edit, media_timescale: u32, movie_timescale: u32) {
    if let Some(last) = edits.last_mut()
        && last.rate == edit.rate
        && last.media_time >= 0
        && edit.media_time >= 0
    {
        let scaled = u128::from(last.duration) * u128::from(media_timescale);
        let exact = scaled % u128::from(movie_timescale.max(1)) == 0;
        let end = scaled / u128::from(movie_timescale.max(1));
        if exact && i128::from(last.media_time) + end as i128 == i128::from(edit.media_time) {
            last.duration += edit.duration;
            return;
        }
    }
    edits.push(edit);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_shift_and_join_only_where_seamless() {
        let mut edits = Vec::new();
        let rate = 0x0001_0000;
        // Video: 5 s at 15360 per second, no shift: one edit in the end.
        push_edit(
            &mut edits,
            Edit {
                duration: 5000,
                media_time: 0,
                rate,
            },
            15_360,
            1000,
        );
        push_edit(
            &mut edits,
            Edit {
                duration: 5000,
                media_time: 76_800,
                rate,
            },
            15_360,
            1000,
        );
        assert_eq!(
            edits,
            [Edit {
                duration: 10_000,
                media_time: 0,
                rate
            }]
        );
        // Audio with 1024 priming samples per input: two edits.
        let mut edits = Vec::new();
        push_edit(
            &mut edits,
            Edit {
                duration: 5000,
                media_time: 1024,
                rate,
            },
            48_000,
            1000,
        );
        push_edit(
            &mut edits,
            Edit {
                duration: 5000,
                media_time: 242_048,
                rate,
            },
            48_000,
            1000,
        );
        assert_eq!(edits.len(), 2);
        let payload = elst_payload(&edits);
        assert_eq!(parse_elst(&payload).unwrap(), edits);
        let empty = Edit {
            duration: 10,
            media_time: -1,
            rate,
        };
        assert_eq!(parse_elst(&elst_payload(&[empty])).unwrap(), [empty]);
    }

    #[test]
    fn duration_fields_by_version() {
        let mut v0 = vec![0u8; 32];
        v0[12..16].copy_from_slice(&1000u32.to_be_bytes());
        let v0 = with_mvhd_duration(&v0, 30_000).unwrap();
        assert_eq!(timescale_and_duration(&v0).unwrap(), (1000, 30_000));
        assert!(with_mvhd_duration(&v0, u64::from(u32::MAX) + 1).is_err());
        let mut v1 = vec![0u8; 40];
        v1[0] = 1;
        v1[20..24].copy_from_slice(&48_000u32.to_be_bytes());
        let v1 = with_duration(&v1, MVHD_MDHD_DURATION, 1 << 40).unwrap();
        assert_eq!(timescale_and_duration(&v1).unwrap(), (48_000, 1 << 40));
        let tkhd = with_duration(&[0u8; 84], TKHD_DURATION, 7).unwrap();
        assert_eq!(tkhd_duration(&tkhd).unwrap(), 7);
    }
}
