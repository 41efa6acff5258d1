//! What a track's first sample entry (`stsd`) says about its stream, as ffprobe would name it:
//! the codec, a picture's coded size, sample aspect ratio (`pasp`), H.264 profile and pixel
//! format (`avcC`), a sound's channels and sample rate. Used to read back a joined file.

use super::Unsupported;
use super::boxes::{Reader, parse_boxes};
use crate::media::probe::Ratio;

/// Bytes of a visual sample entry before its child boxes (after the 8-byte box header).
const VISUAL_FIELDS: usize = 78;
/// Bytes of a version 0 sound sample entry before its child boxes.
const SOUND_FIELDS: usize = 28;

/// A video sample entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VisualEntry {
    pub codec: String,
    pub width: u32,
    pub height: u32,
    pub sar: Ratio,
    pub profile: Option<String>,
    pub pix_fmt: String,
}

/// A sound sample entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SoundEntry {
    pub codec: String,
    pub channels: u32,
    pub sample_rate: u32,
}

/// The first entry of an `stsd` payload: its format and the bytes after its box header.
fn first_entry(stsd: &[u8]) -> Result<([u8; 4], &[u8]), Unsupported> {
    let mut r = Reader::new(stsd);
    r.version_flags()?;
    if r.u32()? == 0 {
        return Err(Unsupported::new("a sample description without entries"));
    }
    let size = r.u32()? as usize;
    let format = r.kind()?;
    let body = r.bytes(
        size.checked_sub(8)
            .ok_or_else(|| Unsupported::new("a sample entry smaller than its header"))?,
    )?;
    Ok((format, body))
}

fn codec_name(format: &[u8; 4]) -> String {
    match format {
        b"avc1" | b"avc3" => "h264".to_owned(),
        b"hvc1" | b"hev1" => "hevc".to_owned(),
        b"av01" => "av1".to_owned(),
        b"vp09" => "vp9".to_owned(),
        b"mp4a" => "aac".to_owned(),
        b"Opus" => "opus".to_owned(),
        b"ac-3" => "ac3".to_owned(),
        other => String::from_utf8_lossy(other).trim().to_lowercase(),
    }
}

/// A video track's sample entry.
pub(crate) fn visual_entry(stsd: &[u8]) -> Result<VisualEntry, Unsupported> {
    let (format, body) = first_entry(stsd)?;
    let mut r = Reader::new(body);
    r.bytes(24)?;
    let b = r.bytes(4)?;
    let (width, height) = (
        u32::from(u16::from_be_bytes([b[0], b[1]])),
        u32::from(u16::from_be_bytes([b[2], b[3]])),
    );
    let children = parse_boxes(body.get(VISUAL_FIELDS..).unwrap_or_default())?;
    let sar = children
        .iter()
        .find(|c| &c.kind == b"pasp")
        .and_then(|c| c.payload())
        .and_then(|p| {
            let mut r = Reader::new(p);
            let (h, v) = (r.u32().ok()?, r.u32().ok()?);
            (h > 0 && v > 0).then_some(Ratio { num: h, den: v })
        })
        .unwrap_or(Ratio::ONE);
    let avcc = children
        .iter()
        .find(|c| &c.kind == b"avcC")
        .and_then(|c| c.payload());
    let (profile, pix_fmt) = match avcc {
        Some(avcc) => avc_profile_and_pix_fmt(avcc),
        None => (None, String::new()),
    };
    Ok(VisualEntry {
        codec: codec_name(&format),
        width,
        height,
        sar,
        profile,
        pix_fmt,
    })
}

/// A sound track's sample entry (QuickTime sound versions 0 and 1 read alike up to the rate).
pub(crate) fn sound_entry(stsd: &[u8]) -> Result<SoundEntry, Unsupported> {
    let (format, body) = first_entry(stsd)?;
    if body.len() < SOUND_FIELDS {
        return Err(Unsupported::new("a sound sample entry is too short"));
    }
    let mut r = Reader::new(body);
    r.bytes(16)?;
    let b = r.bytes(2)?;
    let channels = u32::from(u16::from_be_bytes([b[0], b[1]]));
    r.bytes(6)?;
    let sample_rate = r.u32()? >> 16;
    Ok(SoundEntry {
        codec: codec_name(&format),
        channels,
        sample_rate,
    })
}

/// ffprobe's profile name and pixel format for an `avcC` (the chroma format and bit depth
/// of the High profiles are in its extension; the others are 8-bit 4:2:0).
fn avc_profile_and_pix_fmt(avcc: &[u8]) -> (Option<String>, String) {
    let (Some(&profile), Some(&compat)) = (avcc.get(1), avcc.get(2)) else {
        return (None, String::new());
    };
    let name = match profile {
        66 if compat & 0x40 != 0 => "Constrained Baseline",
        66 => "Baseline",
        77 => "Main",
        88 => "Extended",
        100 => "High",
        110 => "High 10",
        122 => "High 4:2:2",
        244 => "High 4:4:4 Predictive",
        _ => return (None, String::new()),
    };
    let (chroma, depth) = high_extension(avcc)
        .filter(|_| profile >= 100)
        .unwrap_or((1, 8));
    let base = match chroma {
        0 => "gray",
        2 => "yuv422p",
        3 => "yuv444p",
        _ => "yuv420p",
    };
    let pix_fmt = if depth > 8 {
        format!("{base}{depth}le")
    } else {
        base.to_owned()
    };
    (Some(name.to_owned()), pix_fmt)
}

/// (chroma_format_idc, luma bit depth) after an `avcC`'s parameter sets.
fn high_extension(avcc: &[u8]) -> Option<(u8, u8)> {
    let mut at = 6;
    let sps = usize::from(*avcc.get(5)? & 0x1f);
    for _ in 0..sps {
        at += 2 + usize::from(u16::from_be_bytes([*avcc.get(at)?, *avcc.get(at + 1)?]));
    }
    let pps = usize::from(*avcc.get(at)?);
    at += 1;
    for _ in 0..pps {
        at += 2 + usize::from(u16::from_be_bytes([*avcc.get(at)?, *avcc.get(at + 1)?]));
    }
    let chroma = *avcc.get(at)? & 0x03;
    let depth = (*avcc.get(at + 1)? & 0x07) + 8;
    Some((chroma, depth))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stsd(format: &[u8; 4], fields: &[u8], children: &[u8]) -> Vec<u8> {
        let mut out = vec![0, 0, 0, 0, 0, 0, 0, 1];
        let size = 8 + fields.len() + children.len();
        out.extend_from_slice(&(size as u32).to_be_bytes());
        out.extend_from_slice(format);
        out.extend_from_slice(fields);
        out.extend_from_slice(children);
        out
    }

    #[test]
    fn entries_give_codec_size_sar_profile_and_sound() {
        let mut fields = vec![0u8; VISUAL_FIELDS];
        fields[24..28].copy_from_slice(&[0x04, 0x38, 0x07, 0x80]); // 1080×1920
        // avcC: High, one 2-byte SPS, one 1-byte PPS, extension 4:2:0 8-bit.
        let avcc = [
            1, 100, 0, 40, 0xff, 0xe1, 0, 2, 9, 9, 1, 0, 1, 8, 0xfd, 0xf8, 0xf8, 0,
        ];
        let mut children = ((8 + avcc.len()) as u32).to_be_bytes().to_vec();
        children.extend_from_slice(b"avcC");
        children.extend_from_slice(&avcc);
        children.extend_from_slice(&[0, 0, 0, 16, b'p', b'a', b's', b'p', 0, 0, 0, 4, 0, 0, 0, 3]);
        let v = visual_entry(&stsd(b"avc1", &fields, &children)).unwrap();
        assert_eq!((v.codec.as_str(), v.width, v.height), ("h264", 1080, 1920));
        assert_eq!(v.sar, Ratio { num: 4, den: 3 });
        assert_eq!(
            (v.profile.as_deref(), v.pix_fmt.as_str()),
            (Some("High"), "yuv420p")
        );
        let mut sound = vec![0u8; SOUND_FIELDS];
        sound[16..18].copy_from_slice(&2u16.to_be_bytes());
        sound[24..28].copy_from_slice(&(48_000u32 << 16).to_be_bytes());
        let a = sound_entry(&stsd(b"mp4a", &sound, &[])).unwrap();
        assert_eq!(
            (a.codec.as_str(), a.channels, a.sample_rate),
            ("aac", 2, 48_000)
        );
        assert!(sound_entry(&stsd(b"mp4a", &sound[..10], &[])).is_err());
    }
}
