//! What every image adapter does with an answered image: decode one sent inline (a `data:`
//! URI, or OpenAI's bare `b64_json`), refuse a body that is not a PNG, JPEG or WebP, and
//! read its pixel size from the file header, so an image that ignores the asked aspect
//! ratio is detected ([`frame_fit`]) and reported for the engine to reframe, not silently
//! stretched.

use crate::providers::http::images;
use crate::providers::{ProviderError, TerminalReason};
use base64::Engine;
use reelforge_protocol::AspectRatio;
use std::path::Path;

/// Largest inline image decoded.
pub const MAX_INLINE_BYTES: usize = 20 * 1024 * 1024;
/// How far an image's width/height ratio may stray from the asked one (providers round
/// sides to multiples of 16 or 64) before it counts as another shape.
pub const RATIO_TOLERANCE: f64 = 0.04;

fn unusable(provider: &str, why: &str) -> ProviderError {
    ProviderError::terminal(
        TerminalReason::InvalidOutput,
        format!("{provider} answered an inline image that {why}"),
    )
}

/// The bytes of standard base64 (`b64_json`).
pub fn decode_base64(provider: &str, data: &str) -> Result<Vec<u8>, ProviderError> {
    if data.len() / 4 * 3 > MAX_INLINE_BYTES {
        return Err(unusable(provider, "is too large"));
    }
    base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|_| unusable(provider, "is not valid base64"))
}

/// The bytes of a `data:image/…;base64,…` URI.
pub fn decode_data_uri(provider: &str, uri: &str) -> Result<Vec<u8>, ProviderError> {
    let (head, data) = uri
        .split_once(',')
        .ok_or_else(|| unusable(provider, "has no data"))?;
    if !head.ends_with(";base64") {
        return Err(unusable(provider, "is not base64"));
    }
    decode_base64(provider, data)
}

/// Writes an inline image to `dest`; returns its size.
pub async fn write_inline(dest: &Path, bytes: &[u8]) -> Result<u64, ProviderError> {
    tokio::fs::write(dest, bytes)
        .await
        .map_err(|e| ProviderError::disk(dest.display(), &e))?;
    Ok(bytes.len() as u64)
}

/// Refuses a fetched file that is not an image.
pub fn check_image(provider: &str, dest: &Path) -> Result<(), ProviderError> {
    let mut head = [0u8; 16];
    let read = std::fs::File::open(dest)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .map_err(|e| ProviderError::disk(dest.display(), &e))?;
    match images::sniff(&head[..read]) {
        Some(_) => Ok(()),
        None => Err(ProviderError::terminal(
            TerminalReason::InvalidOutput,
            format!("{provider}'s output is not a PNG, JPEG or WebP image"),
        )),
    }
}

/// Width and height from a PNG, JPEG or WebP header.
pub fn pixel_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let be16 = |at: usize| {
        Some(u32::from(u16::from_be_bytes([
            *bytes.get(at)?,
            *bytes.get(at + 1)?,
        ])))
    };
    let le24 = |at: usize| {
        Some(u32::from_le_bytes([
            *bytes.get(at)?,
            *bytes.get(at + 1)?,
            *bytes.get(at + 2)?,
            0,
        ]))
    };
    match images::sniff(bytes)? {
        "image/png" => {
            let side =
                |at: usize| Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
            Some((side(16)?, side(20)?))
        }
        "image/jpeg" => {
            let mut at = 2;
            while at + 9 < bytes.len() {
                if bytes[at] != 0xFF {
                    return None;
                }
                let marker = bytes[at + 1];
                let frame =
                    (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker);
                if frame {
                    return Some((be16(at + 7)?, be16(at + 5)?));
                }
                at += 2 + be16(at + 2)? as usize;
            }
            None
        }
        _ => match bytes.get(12..16)? {
            b"VP8 " => Some((be16le(bytes, 26)? & 0x3FFF, be16le(bytes, 28)? & 0x3FFF)),
            b"VP8L" => {
                let bits = u32::from_le_bytes(bytes.get(21..25)?.try_into().ok()?);
                Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
            }
            b"VP8X" => Some((le24(24)? + 1, le24(27)? + 1)),
            _ => None,
        },
    }
}

fn be16le(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes([
        *bytes.get(at)?,
        *bytes.get(at + 1)?,
    ])))
}

/// How a fetched image fits the aspect ratio it was asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FrameFit {
    pub width: u32,
    pub height: u32,
    /// Whether its shape is the asked ratio's (within [`RATIO_TOLERANCE`]); when not, the
    /// image must be reframed (cropped or padded) before it becomes a keyframe.
    pub fits: bool,
}

/// Reads the image at `path` and says whether it has the shape of `ratio`.
pub fn frame_fit(path: &Path, ratio: AspectRatio) -> Result<FrameFit, ProviderError> {
    let mut head = vec![0u8; 64 * 1024];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .map_err(|e| ProviderError::disk(path.display(), &e))?;
    let (width, height) = pixel_size(&head[..read]).ok_or_else(|| {
        ProviderError::terminal(
            TerminalReason::InvalidOutput,
            "the image's size cannot be read from its header",
        )
    })?;
    let (rw, rh) = crate::providers::local_render::frame_size(ratio, 1080);
    let wanted = f64::from(rw) / f64::from(rh);
    let got = f64::from(width) / f64::from(height.max(1));
    Ok(FrameFit {
        width,
        height,
        fits: (got / wanted - 1.0).abs() <= RATIO_TOLERANCE,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_images_are_decoded_or_refused() {
        assert_eq!(
            decode_data_uri("fal", "data:image/png;base64,iVBORw==").unwrap(),
            [0x89, 0x50, 0x4e, 0x47]
        );
        assert!(decode_data_uri("fal", "data:image/png,raw").is_err());
        assert!(decode_data_uri("fal", "data:image/png;base64,@@@").is_err());
        assert_eq!(decode_base64("OpenAI", "iVBORw==").unwrap().len(), 4);
    }

    #[test]
    fn sizes_are_read_from_png_jpeg_and_webp_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(576u32.to_be_bytes());
        png.extend(1024u32.to_be_bytes());
        assert_eq!(pixel_size(&png), Some((576, 1024)));
        // SOI, an APP0 of 4 bytes, then SOF0: length, precision, height, width.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 0x05, 0x40, 0x03, 0x00, 3,
        ];
        assert_eq!(pixel_size(&jpeg), Some((768, 1344)));
        let mut webp = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0".to_vec();
        webp.extend([0xFF, 0x02, 0x00, 0x3F, 0x05, 0x00]);
        assert_eq!(pixel_size(&webp), Some((768, 1344)));
        assert_eq!(pixel_size(b"GIF89a"), None);
    }
}
