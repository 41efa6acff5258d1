//! What an imported reference image must be: PNG, JPEG or WebP, recognised from its magic
//! bytes (never from its name), structurally whole and of sane dimensions.
//!
//! This is a structural check, not a full decode: PNG chunks are walked with their CRCs and
//! must end with `IEND`; JPEG segments are walked up to the scan, which must be followed by
//! the end-of-image marker; a WebP's RIFF size must match the file and its `VP8`/`VP8L`/
//! `VP8X` header must be valid. Truncated, mislabelled or random files are refused.

use reelforge_protocol::{Limit, LimitExceeded};

/// The formats a reference image may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Webp,
}

impl ImageFormat {
    pub fn mime(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Webp => "image/webp",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpg",
            Self::Webp => "webp",
        }
    }
}

/// What the check found out about a valid image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

/// Largest width or height accepted (the total is bounded by
/// [`reelforge_protocol::limits::IMAGE_MAX_PIXELS`]).
pub const MAX_SIDE: u32 = 16_384;

/// Why an image is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageRefusal {
    /// Not a whole PNG, JPEG or WebP, or no pixels; the text says what, for a person.
    #[error("{0}")]
    Invalid(String),
    /// More pixels than [`Limit::ImagePixels`] allows, read from the header before any
    /// pixel is decoded.
    #[error(transparent)]
    TooManyPixels(LimitExceeded),
}

impl From<String> for ImageRefusal {
    fn from(why: String) -> Self {
        Self::Invalid(why)
    }
}

/// Recognises and checks an image; the error says, for a person, what is wrong.
pub fn inspect(bytes: &[u8]) -> Result<ImageInfo, ImageRefusal> {
    let (format, (width, height)) = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        (ImageFormat::Png, png(bytes)?)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        (ImageFormat::Jpeg, jpeg(bytes)?)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        (ImageFormat::Webp, webp(bytes)?)
    } else {
        return Err(ImageRefusal::Invalid(
            "not a PNG, JPEG or WebP image".into(),
        ));
    };
    let name = format.extension().to_uppercase();
    if width == 0 || height == 0 {
        return Err(format!("the {name} image has no pixels").into());
    }
    Limit::ImagePixels
        .check(u64::from(width) * u64::from(height))
        .map_err(ImageRefusal::TooManyPixels)?;
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(format!(
            "the image is {width}×{height} pixels; at most {MAX_SIDE} on each side is accepted"
        )
        .into());
    }
    Ok(ImageInfo {
        format,
        width,
        height,
    })
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

fn crc32(parts: &[&[u8]]) -> u32 {
    let mut crc = 0xFFFF_FFFF_u32;
    for part in parts {
        for &byte in *part {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                let mask = (crc & 1).wrapping_neg();
                crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
            }
        }
    }
    !crc
}

const TRUNCATED: &str = "the image file is truncated or corrupt";

fn png(bytes: &[u8]) -> Result<(u32, u32), String> {
    let mut at = 8;
    let mut size = None;
    let mut saw_data = false;
    loop {
        let header = bytes.get(at..at + 8).ok_or(TRUNCATED)?;
        let len = be32(header) as usize;
        let kind = &header[4..8];
        let data = bytes.get(at + 8..at + 8 + len).ok_or(TRUNCATED)?;
        let crc = bytes.get(at + 8 + len..at + 12 + len).ok_or(TRUNCATED)?;
        if crc32(&[kind, data]) != be32(crc) {
            return Err(TRUNCATED.into());
        }
        match (kind, size) {
            (b"IHDR", None) if len == 13 => size = Some((be32(data), be32(&data[4..]))),
            (_, None) => return Err("the PNG image does not start with its header".into()),
            (b"IDAT", Some(_)) => saw_data = true,
            (b"IEND", Some(size)) if saw_data => return Ok(size),
            (b"IEND", Some(_)) => return Err("the PNG image has no pixel data".into()),
            _ => {}
        }
        at += 12 + len;
    }
}

fn jpeg(bytes: &[u8]) -> Result<(u32, u32), String> {
    let mut at = 2;
    let mut size = None;
    loop {
        // Markers may be padded with 0xFF fill bytes.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let marker = bytes.get(at..at + 2).ok_or(TRUNCATED)?;
        if marker[0] != 0xFF {
            return Err(TRUNCATED.into());
        }
        let kind = marker[1];
        at += 2;
        if matches!(kind, 0x01 | 0xD0..=0xD7) {
            continue;
        }
        if kind == 0xD9 {
            return Err(TRUNCATED.into());
        }
        let len = bytes.get(at..at + 2).ok_or(TRUNCATED)?;
        let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
        let segment = bytes.get(at + 2..at + len).ok_or(TRUNCATED)?;
        if len < 2 {
            return Err(TRUNCATED.into());
        }
        let is_frame = matches!(kind, 0xC0..=0xCF) && !matches!(kind, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            let frame = segment.get(..5).ok_or(TRUNCATED)?;
            let height = u32::from(u16::from_be_bytes([frame[1], frame[2]]));
            let width = u32::from(u16::from_be_bytes([frame[3], frame[4]]));
            size = Some((width, height));
        }
        at += len;
        if kind == 0xDA {
            break;
        }
    }
    let size = size.ok_or("the JPEG image has no frame header")?;
    // The entropy-coded data follows the scan header; the file must end with EOI (a few
    // padding bytes after it are tolerated, as cameras write them).
    let tail = &bytes[at..];
    let end = tail.len().saturating_sub(64);
    if !tail[end..].windows(2).any(|w| w == [0xFF, 0xD9]) {
        return Err(TRUNCATED.into());
    }
    Ok(size)
}

fn webp(bytes: &[u8]) -> Result<(u32, u32), String> {
    let riff = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    // RIFF payloads are padded to even sizes; the file is exactly header + payload.
    if riff + 8 != bytes.len() && riff + 9 != bytes.len() {
        return Err(TRUNCATED.into());
    }
    let chunk = bytes.get(12..20).ok_or(TRUNCATED)?;
    let len = u32::from_le_bytes([chunk[4], chunk[5], chunk[6], chunk[7]]) as usize;
    let data = bytes.get(20..20 + len).ok_or(TRUNCATED)?;
    let le24 = |b: &[u8]| u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16;
    match &chunk[..4] {
        b"VP8 " => {
            let frame = data.get(..10).ok_or(TRUNCATED)?;
            if frame[3..6] != [0x9D, 0x01, 0x2A] {
                return Err(TRUNCATED.into());
            }
            let w = u32::from(u16::from_le_bytes([frame[6], frame[7]]) & 0x3FFF);
            let h = u32::from(u16::from_le_bytes([frame[8], frame[9]]) & 0x3FFF);
            Ok((w, h))
        }
        b"VP8L" => {
            let head = data.get(..5).ok_or(TRUNCATED)?;
            if head[0] != 0x2F {
                return Err(TRUNCATED.into());
            }
            let bits = u32::from_le_bytes([head[1], head[2], head[3], head[4]]);
            Ok(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => {
            let head = data.get(..10).ok_or(TRUNCATED)?;
            Ok((le24(&head[4..7]) + 1, le24(&head[7..10]) + 1))
        }
        _ => Err("the WebP image has an unknown encoding".into()),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc32(&[kind, data]).to_be_bytes());
    }

    /// A structurally valid PNG of `width`×`height` (its pixel data is not meant to decode).
    pub(crate) fn png_bytes(width: u32, height: u32) -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(
            &mut out,
            b"IDAT",
            &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
        );
        chunk(&mut out, b"IEND", &[]);
        out
    }

    fn jpeg_bytes(width: u16, height: u16) -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        out.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        out.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x0B, 8]);
        out.extend_from_slice(&height.to_be_bytes());
        out.extend_from_slice(&width.to_be_bytes());
        out.extend_from_slice(&[1, 1, 0x11, 0]);
        out.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 0x3F, 0]);
        out.extend_from_slice(&[0x12, 0x34, 0xFF, 0x00, 0x56]);
        out.extend_from_slice(&[0xFF, 0xD9]);
        out
    }

    fn webp_bytes(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = b"RIFF".to_vec();
        let size = 4 + 8 + data.len() + data.len() % 2;
        out.extend_from_slice(&u32::try_from(size).unwrap().to_le_bytes());
        out.extend_from_slice(b"WEBP");
        out.extend_from_slice(kind);
        out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_le_bytes());
        out.extend_from_slice(data);
        if data.len() % 2 == 1 {
            out.push(0);
        }
        out
    }

    #[test]
    fn valid_images_are_recognised_with_their_size() {
        let png = inspect(&png_bytes(640, 360)).unwrap();
        assert_eq!(
            (png.format, png.width, png.height),
            (ImageFormat::Png, 640, 360)
        );
        let jpeg = inspect(&jpeg_bytes(1080, 1920)).unwrap();
        assert_eq!(
            (jpeg.format, jpeg.width, jpeg.height),
            (ImageFormat::Jpeg, 1080, 1920)
        );
        let lossy = webp_bytes(
            b"VP8 ",
            &[0, 0, 0, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0x68, 0x01],
        );
        let lossy = inspect(&lossy).unwrap();
        assert_eq!((lossy.width, lossy.height), (640, 360));
        let bits: u32 = (640 - 1) | ((360 - 1) << 14);
        let mut lossless = vec![0x2F];
        lossless.extend_from_slice(&bits.to_le_bytes());
        let lossless = inspect(&webp_bytes(b"VP8L", &lossless)).unwrap();
        assert_eq!(
            (lossless.format, lossless.width, lossless.height),
            (ImageFormat::Webp, 640, 360)
        );
    }

    #[test]
    fn corrupt_truncated_and_foreign_files_are_refused() {
        let png = png_bytes(64, 64);
        assert!(inspect(&png[..png.len() - 5]).is_err(), "truncated PNG");
        let mut flipped = png.clone();
        flipped[20] ^= 0x55;
        assert!(inspect(&flipped).is_err(), "bad CRC");
        let jpeg = jpeg_bytes(64, 64);
        assert!(
            inspect(&jpeg[..jpeg.len() - 2]).is_err(),
            "JPEG without EOI"
        );
        assert!(inspect(&jpeg[..12]).is_err(), "JPEG cut in its header");
        let webp = webp_bytes(b"VP8 ", &[0, 0, 0, 0x9D, 0x01, 0x2A, 0x40, 0, 0x40, 0]);
        assert!(inspect(&webp[..webp.len() - 2]).is_err(), "truncated WebP");
        assert!(inspect(b"GIF89a....").is_err());
        assert!(inspect(b"").is_err());
        assert!(inspect(b"<svg xmlns='http://www.w3.org/2000/svg'/>").is_err());
        assert!(inspect(&png_bytes(0, 10)).is_err(), "no pixels");
        let huge = inspect(&png_bytes(MAX_SIDE + 1, 10)).unwrap_err();
        assert!(huge.to_string().contains("16384"), "{huge}");
    }

    #[test]
    fn more_pixels_than_the_limit_are_refused_from_the_header() {
        let ok = inspect(&png_bytes(8192, 8192)).unwrap();
        assert_eq!((ok.width, ok.height), (8192, 8192));
        let bomb = inspect(&png_bytes(16_384, 16_384)).unwrap_err();
        assert_eq!(
            bomb,
            ImageRefusal::TooManyPixels(LimitExceeded {
                limit: Limit::ImagePixels,
                value: 16_384 * 16_384,
                maximum: 8192 * 8192,
            })
        );
        assert!(matches!(
            inspect(&jpeg_bytes(9000, 8000)).unwrap_err(),
            ImageRefusal::TooManyPixels(_)
        ));
    }
}
