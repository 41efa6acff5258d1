//! Caption looks as data: each [`CaptionStyle`] is a font, sizes, colours and a way of showing
//! the spoken word, placed in the [`CaptionPlatform`]'s safe zone ([`caption_zone_for`]).
//! [`CaptionLook`] turns them into an ASS script header and each cue's styled text, which
//! both the burned captions (drawn by libass, see [`caption_images`](super::caption_images))
//! and the `.ass` written beside the video use.
//!
//! The font is DejaVu Sans (Debian's `fonts-dejavu-core`, which ffmpeg's libass finds through
//! fontconfig): it covers French (accents, ligatures œ/æ, « », ’, …) in regular and bold.

use super::captions::{CaptionCue, CaptionZone};
use super::preset::ExportPreset;
use reelforge_protocol::{CaptionPlatform, CaptionStyle};
use std::fmt::Write as _;

/// The font every style uses.
pub const CAPTION_FONT: &str = "DejaVu Sans";

/// An ASS colour (`&HAABBGGRR`, alpha 00 = opaque) from `0xRRGGBB`.
fn ass_colour(rgb: u32, alpha: u8) -> String {
    let (r, g, b) = ((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
    format!("&H{alpha:02X}{b:02X}{g:02X}{r:02X}")
}

/// An inline colour override (`\c&HBBGGRR&`).
fn inline_colour(rgb: u32) -> String {
    let (r, g, b) = ((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
    format!("\\c&H{b:02X}{g:02X}{r:02X}&")
}

/// Where captions go on a vertical 1080×1920 frame, as (left, right, bottom) pixel edges of a
/// box 480 px tall, from the research in `audio-and-images.md` §F (organic UI figures, the
/// larger end of each range): TikTok right rail 164, bottom 350, left 60; Reels bottom 450,
/// right rail ~120 (no left figure: mirrored); Shorts bottom ~300, right unverified (Reels'
/// rail kept). `All` is the box every platform and their ad specs leave clear (x 120–888,
/// bottom 1248).
fn vertical_box(platform: CaptionPlatform) -> (u32, u32, u32) {
    match platform {
        CaptionPlatform::All => (120, 888, 1248),
        CaptionPlatform::Tiktok => (60, 916, 1570),
        CaptionPlatform::Reels => (120, 960, 1470),
        CaptionPlatform::Shorts => (120, 960, 1620),
    }
}

/// The rectangle burned captions are drawn in for `platform`, scaled to the preset's frame.
/// Non-vertical frames: the lower 40 %, 8 % from each side and from the bottom, whatever the
/// platform.
pub fn caption_zone_for(preset: ExportPreset, platform: CaptionPlatform) -> CaptionZone {
    let (w, h) = preset.size();
    let even = |v: u32| v & !1;
    if h > w {
        let (left, right, bottom) = vertical_box(platform);
        let height = 480;
        CaptionZone {
            x: even(w * left / 1080),
            y: even(h * (bottom - height) / 1920),
            width: even(w * (right - left) / 1080),
            height: even(h * height / 1920),
        }
    } else {
        let (x, bottom) = (even(w * 8 / 100), even(h * 8 / 100));
        let height = even(h * 40 / 100);
        CaptionZone {
            x,
            y: h - bottom - height,
            width: w - 2 * x,
            height,
        }
    }
}

/// How one style draws: font size (per mille of the frame's short side), weight, colours,
/// outline, box, what happens to the spoken word, capitals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct StyleSpec {
    size_per_mille: u32,
    bold: bool,
    text: u32,
    outline: u32,
    /// Outline width, per mille of the font size.
    outline_per_mille: u32,
    /// A translucent box behind the text (ASS `BorderStyle=3`) instead of an outline.
    boxed: bool,
    highlight: Highlight,
    capitals: bool,
}

/// What the spoken word of a cue looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Highlight {
    /// No highlight: the cue is the phrase.
    None,
    /// The spoken word recoloured and scaled up.
    Pop { colour: u32, scale_percent: u32 },
    /// Words up to the spoken one recoloured (the phrase fills as it is said).
    Fill { colour: u32 },
}

fn spec(style: CaptionStyle) -> Option<StyleSpec> {
    match style {
        CaptionStyle::BoldPop => Some(StyleSpec {
            size_per_mille: 70,
            bold: true,
            text: 0xFFFFFF,
            outline: 0x000000,
            outline_per_mille: 100,
            boxed: false,
            highlight: Highlight::Pop {
                colour: 0xFFD21F,
                scale_percent: 115,
            },
            capitals: true,
        }),
        CaptionStyle::Karaoke => Some(StyleSpec {
            size_per_mille: 64,
            bold: true,
            text: 0xFFFFFF,
            outline: 0x101010,
            outline_per_mille: 80,
            boxed: false,
            highlight: Highlight::Fill { colour: 0x3DE0A0 },
            capitals: false,
        }),
        CaptionStyle::CleanSubtitle => Some(StyleSpec {
            size_per_mille: 48,
            bold: false,
            text: 0xFFFFFF,
            outline: 0x000000,
            outline_per_mille: 200,
            boxed: true,
            highlight: Highlight::None,
            capitals: false,
        }),
        CaptionStyle::None => None,
    }
}

/// A style in a zone of a preset's frame: everything that decides the captions' pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaptionLook {
    pub style: CaptionStyle,
    pub platform: CaptionPlatform,
    pub preset: ExportPreset,
}

impl CaptionLook {
    pub fn new(style: CaptionStyle, platform: CaptionPlatform, preset: ExportPreset) -> Self {
        Self {
            style,
            platform,
            preset,
        }
    }

    /// The zone the captions are drawn in.
    pub fn zone(&self) -> CaptionZone {
        caption_zone_for(self.preset, self.platform)
    }

    /// The spec drawn: `None` draws as a clean subtitle (the `.ass` of an unburned video).
    fn spec(&self) -> StyleSpec {
        spec(self.style)
            .or_else(|| spec(CaptionStyle::CleanSubtitle))
            .expect("clean subtitle has a spec")
    }

    /// Whether cues show one phrase each rather than one per spoken word.
    pub fn shows_phrases(&self) -> bool {
        self.spec().highlight == Highlight::None
    }

    /// The ASS script up to the events' format line: frame size, the one style, in the zone
    /// with room for its outline.
    pub fn ass_header(&self) -> String {
        let (w, h) = self.preset.size();
        let spec = self.spec();
        let font_size = w.min(h) * spec.size_per_mille / 1000;
        let outline = (font_size * spec.outline_per_mille / 1000).max(2);
        let zone = self.zone();
        let pad = font_size / 6;
        let margin_v = h - (zone.y + zone.height) + pad;
        let margin_l = zone.x + pad;
        let margin_r = w - (zone.x + zone.width) + pad;
        let (border_style, back, shadow) = if spec.boxed {
            (3, ass_colour(0x000000, 0x60), 0)
        } else {
            (1, ass_colour(0x000000, 0x80), (font_size / 30).max(1))
        };
        let outline_colour = if spec.boxed {
            ass_colour(spec.outline, 0x60)
        } else {
            ass_colour(spec.outline, 0)
        };
        let mut out = String::new();
        let _ = write!(
            out,
            "[Script Info]\nScriptType: v4.00+\nPlayResX: {w}\nPlayResY: {h}\nWrapStyle: 0\n\
             ScaledBorderAndShadow: yes\n\n[V4+ Styles]\n\
             Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, \
             BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, \
             BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n\
             Style: {},{CAPTION_FONT},{font_size},{},{},{outline_colour},{back},{},0,0,0,100,100,0,0,\
             {border_style},{outline},{shadow},2,{margin_l},{margin_r},{margin_v},1\n\n[Events]\n\
             Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n",
            self.style.id(),
            ass_colour(spec.text, 0),
            ass_colour(spec.text, 0),
            if spec.bold { -1 } else { 0 },
        );
        out
    }

    /// The cue's text as drawn (ASS override tags for the spoken word); braces and
    /// backslashes in the words are replaced, since ASS would read them as tags.
    pub fn styled_text(&self, cue: &CaptionCue) -> String {
        let spec = self.spec();
        let words: Vec<String> = cue
            .text
            .split_whitespace()
            .map(|w| {
                let w = w.replace('{', "(").replace('}', ")").replace('\\', "/");
                if spec.capitals { w.to_uppercase() } else { w }
            })
            .collect();
        let Some(active) = cue.active_word else {
            return words.join(" ");
        };
        let mut out = Vec::with_capacity(words.len());
        for (i, word) in words.iter().enumerate() {
            let styled = match spec.highlight {
                Highlight::Pop {
                    colour,
                    scale_percent,
                } if i == active => format!(
                    "{{{}\\fscx{scale_percent}\\fscy{scale_percent}}}{word}{{\\r}}",
                    inline_colour(colour)
                ),
                Highlight::Fill { colour } if i <= active => {
                    format!("{{{}}}{word}{{\\r}}", inline_colour(colour))
                }
                _ => word.clone(),
            };
            out.push(styled);
        }
        out.join(" ")
    }

    /// What decides the pixels, as text (joins the cache key of every burned segment).
    pub fn key(&self) -> String {
        self.ass_header()
    }
}

#[cfg(test)]
mod tests;
