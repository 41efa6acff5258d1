//! Reference images read from the library for upload: size limit, format sniffed from the
//! file's first bytes (never trusted from the name), and the `data:` URI form some APIs take.

use crate::providers::{ProviderError, TerminalReason};
use base64::Engine;
use reelforge_protocol::{ImageInputKind, ImageInputSpec};
use std::path::Path;

/// A reference image ready to send.
#[derive(Debug, Clone)]
pub struct ImageBytes {
    pub bytes: Vec<u8>,
    /// `image/png`, `image/jpeg` or `image/webp`.
    pub mime: &'static str,
    /// The file name, for multipart uploads.
    pub file_name: String,
}

impl ImageBytes {
    /// `data:<mime>;base64,<bytes>`.
    pub fn data_uri(&self) -> String {
        format!("data:{};base64,{}", self.mime, self.base64())
    }

    /// The bytes as standard base64.
    pub fn base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.bytes)
    }
}

/// Reads `path`, refusing files over `max_bytes` or in a format other than PNG, JPEG or
/// WebP, with a message that names the file and the limit.
pub fn read_image(path: &Path, max_bytes: u64) -> Result<ImageBytes, ProviderError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "image".to_owned());
    let meta = std::fs::metadata(path).map_err(|e| {
        ProviderError::terminal(
            TerminalReason::InvalidInput,
            format!("cannot read reference image {name}: {e}"),
        )
    })?;
    if meta.len() > max_bytes {
        return Err(ProviderError::terminal(
            TerminalReason::InvalidInput,
            format!(
                "reference image {name} is {:.1} MB; this provider accepts at most {:.1} MB",
                meta.len() as f64 / 1e6,
                max_bytes as f64 / 1e6
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        ProviderError::terminal(
            TerminalReason::InvalidInput,
            format!("cannot read reference image {name}: {e}"),
        )
    })?;
    let mime = sniff(&bytes).ok_or_else(|| {
        ProviderError::terminal(
            TerminalReason::InvalidInput,
            format!("reference image {name} is not a PNG, JPEG or WebP image"),
        )
    })?;
    Ok(ImageBytes {
        bytes,
        mime,
        file_name: name,
    })
}

/// The formats [`sniff`] recognises: what an adapter reading images with [`read_image`]
/// can take when its API accepts all three.
pub const SNIFFED_FORMATS: [&str; 3] = ["image/png", "image/jpeg", "image/webp"];

/// A descriptor's image input of `kind`: one image of at most `max_bytes`, in any of the
/// [`SNIFFED_FORMATS`].
pub fn image_input(kind: ImageInputKind, max_bytes: u64) -> ImageInputSpec {
    ImageInputSpec {
        kind,
        max_count: 1,
        max_bytes,
        formats: SNIFFED_FORMATS.map(str::to_owned).to_vec(),
    }
}

/// The image format from its magic bytes.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_sniffed_and_limits_enforced() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("a.png");
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.extend([0u8; 100]);
        std::fs::write(&png, &bytes).unwrap();
        let image = read_image(&png, 1_000).unwrap();
        assert_eq!(image.mime, "image/png");
        assert!(
            image
                .data_uri()
                .starts_with("data:image/png;base64,iVBORw0KGgo")
        );
        let too_big = read_image(&png, 50).unwrap_err();
        assert!(
            too_big.message.contains("a.png") && too_big.message.contains("at most"),
            "{}",
            too_big.message
        );
        let text = dir.path().join("b.png");
        std::fs::write(&text, "not an image").unwrap();
        assert!(
            read_image(&text, 1_000)
                .unwrap_err()
                .message
                .contains("not a PNG")
        );
        assert!(read_image(&dir.path().join("missing.png"), 1_000).is_err());
    }
}
