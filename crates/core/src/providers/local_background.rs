//! The local provider's text-to-video picture: a designed moving background that leaves the
//! words to the captions.
//!
//! A slowly turning three-colour gradient from a curated palette, two soft glows drifting
//! across it and a light vignette. The design is drawn at a quarter of the frame's size and
//! scaled up (it holds no detail, so nothing is lost and the render stays fast). Everything is
//! chosen from a seed hashed from the segment's prompt: consecutive segments differ, and the
//! same prompt always gives the same clip. The prompt itself is never drawn: it is a visual
//! direction written for a model (usually English stage directions, whatever the video's
//! language), not the message, which the narration and its captions carry. The builder takes
//! a [`BackgroundDesign`], never text, so no prompt can reach the picture.

use super::local_render::{FPS, encode};
use crate::media::FfmpegArgs;
use std::f64::consts::TAU;
use std::path::Path;

/// Three gradient colours and two glow tints, dark enough under white captions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub gradient: [u32; 3],
    pub glows: [u32; 2],
}

/// The curated palettes a design picks from.
pub const PALETTES: [Palette; 8] = [
    // Midnight: blue, violet, teal.
    Palette {
        gradient: [0x1e3a8a, 0x7c3aed, 0x0f766e],
        glows: [0x93c5fd, 0xf0abfc],
    },
    // Dusk: plum, raspberry, ember.
    Palette {
        gradient: [0x4c1d95, 0xbe185d, 0xc2410c],
        glows: [0xfde68a, 0xfbcfe8],
    },
    // Deep sea: navy, cyan, dark green.
    Palette {
        gradient: [0x0c4a6e, 0x0e7490, 0x134e4a],
        glows: [0xa5f3fc, 0xe0f2fe],
    },
    // Forest: pine, moss, bark.
    Palette {
        gradient: [0x14532d, 0x15803d, 0x713f12],
        glows: [0xd9f99d, 0xfef3c7],
    },
    // Ember: oxblood, red, amber.
    Palette {
        gradient: [0x450a0a, 0xb91c1c, 0xb45309],
        glows: [0xfed7aa, 0xfef08a],
    },
    // Aurora: night, emerald, violet.
    Palette {
        gradient: [0x0f172a, 0x047857, 0x6d28d9],
        glows: [0xa7f3d0, 0xddd6fe],
    },
    // Slate rose: slate, wine, steel.
    Palette {
        gradient: [0x1e293b, 0x9f1239, 0x475569],
        glows: [0xfecdd3, 0xe2e8f0],
    },
    // Indigo gold: indigo, purple, ochre.
    Palette {
        gradient: [0x312e81, 0x6d28d9, 0xa16207],
        glows: [0xfde68a, 0xc7d2fe],
    },
];

/// One soft glow drifting along a slow ellipse; positions are fractions of the frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glow {
    pub tint: u32,
    /// Diameter as a fraction of the frame's width.
    pub diameter: f64,
    pub centre: (f64, f64),
    pub reach: (f64, f64),
    /// Angular speed in radians per second on each axis.
    pub pace: (f64, f64),
    pub phase: (f64, f64),
}

/// Everything the background of one clip is drawn from, derived from a seed.
#[derive(Debug, Clone, PartialEq)]
pub struct BackgroundDesign {
    pub seed: u32,
    pub palette: Palette,
    /// Turning speed of the gradient (the `gradients` filter's `speed`).
    pub speed: f64,
    pub glows: [Glow; 2],
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike `DefaultHasher`.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A small deterministic stream of numbers (SplitMix64).
struct Draws(u64);

impl Draws {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `low..high`, rounded to thousandths so command lines stay short.
    fn between(&mut self, low: f64, high: f64) -> f64 {
        let unit = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        thousandths(low + unit * (high - low))
    }
}

fn thousandths(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

impl BackgroundDesign {
    /// The design for a segment's prompt: the same prompt always gives the same design.
    pub fn for_prompt(prompt: &str) -> Self {
        Self::from_seed(fnv1a(prompt.trim()))
    }

    pub fn from_seed(seed: u64) -> Self {
        let mut draws = Draws(seed);
        let palette = PALETTES[(draws.next() % PALETTES.len() as u64) as usize];
        let speed = draws.between(0.012, 0.03);
        let mut glow = |tint: u32, centre: (f64, f64)| Glow {
            tint,
            diameter: draws.between(0.7, 1.1),
            centre: (
                thousandths(centre.0 + draws.between(-0.08, 0.08)),
                thousandths(centre.1 + draws.between(-0.08, 0.08)),
            ),
            reach: (draws.between(0.12, 0.25), draws.between(0.08, 0.18)),
            pace: (draws.between(0.35, 0.8), draws.between(0.3, 0.7)),
            phase: (draws.between(0.0, TAU), draws.between(0.0, TAU)),
        };
        let glows = [
            glow(palette.glows[0], (0.3, 0.35)),
            glow(palette.glows[1], (0.7, 0.68)),
        ];
        Self {
            seed: (draws.next() >> 32) as u32,
            palette,
            speed,
            glows,
        }
    }
}

/// Each side of the drawn design is this many times smaller than the frame.
const DOWNSCALE: u32 = 4;

/// A soft disc of `tint`, drawn once (`geq` on one frame) then repeated.
fn glow_source(glow: &Glow, width: u32, duration_s: u32, label: &str) -> String {
    let side = ((f64::from(width) * glow.diameter) as u32).max(2) / 2 * 2;
    format!(
        "color=c=0x{tint:06x}:s={side}x{side}:r={FPS}:d={duration_s},format=rgba,\
         geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':\
         a='115*pow(max(0,1-hypot(X-W/2,Y-H/2)/(W/2)),2)',\
         trim=end_frame=1,loop=loop=-1:size=1[{label}]",
        tint = glow.tint
    )
}

/// Where a glow sits at time `t`, as `overlay` position expressions.
fn glow_overlay(glow: &Glow) -> String {
    format!(
        "overlay=x='W*({cx}+{rx}*sin({px}*t+{fx}))-w/2':y='H*({cy}+{ry}*sin({py}*t+{fy}))-h/2':\
         format=rgb",
        cx = glow.centre.0,
        cy = glow.centre.1,
        rx = glow.reach.0,
        ry = glow.reach.1,
        px = glow.pace.0,
        py = glow.pace.1,
        fx = glow.phase.0,
        fy = glow.phase.1,
    )
}

/// The filter graph drawing `design` at `size` for `duration_s` seconds.
pub fn background_graph(design: &BackgroundDesign, size: (u32, u32), duration_s: u32) -> String {
    let (w, h) = size;
    let (lw, lh) = (
        (w / DOWNSCALE).max(2) / 2 * 2,
        (h / DOWNSCALE).max(2) / 2 * 2,
    );
    let [c0, c1, c2] = design.palette.gradient;
    format!(
        "gradients=s={lw}x{lh}:r={FPS}:d={duration_s}:nb_colors=3:\
         c0=0x{c0:06x}:c1=0x{c1:06x}:c2=0x{c2:06x}:seed={seed}:speed={speed}:type=linear[bg];\
         {glow0};{glow1};[bg][glow0]{over0}[lit];[lit][glow1]{over1},vignette=PI/5,\
         scale={w}:{h}:flags=bicubic,format=yuv420p",
        seed = design.seed,
        speed = design.speed,
        glow0 = glow_source(&design.glows[0], lw, duration_s, "glow0"),
        glow1 = glow_source(&design.glows[1], lw, duration_s, "glow1"),
        over0 = glow_overlay(&design.glows[0]),
        over1 = glow_overlay(&design.glows[1]),
    )
}

/// Text-to-video: the moving background of `design`, H.264 at `size`.
pub fn background_args(
    design: &BackgroundDesign,
    size: (u32, u32),
    duration_s: u32,
    out: &Path,
) -> FfmpegArgs {
    let mut args = FfmpegArgs::new();
    args.lavfi_input(&background_graph(design, size, duration_s));
    encode(&mut args, duration_s, out);
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROMPTS: [&str; 4] = [
        "Clean modern look, soft natural light. A developer at a desk",
        "Clean modern look, soft natural light. Close-up of Python code",
        "Clean modern look, soft natural light. A cup of coffee steaming",
        "Clean modern look, soft natural light. A city at dusk",
    ];

    #[test]
    fn the_same_prompt_gives_the_same_design_and_segments_differ() {
        for prompt in PROMPTS {
            assert_eq!(
                BackgroundDesign::for_prompt(prompt),
                BackgroundDesign::for_prompt(prompt)
            );
        }
        let graphs: Vec<String> = PROMPTS
            .iter()
            .map(|p| background_graph(&BackgroundDesign::for_prompt(p), (720, 1280), 5))
            .collect();
        for pair in graphs.windows(2) {
            assert_ne!(pair[0], pair[1], "consecutive segments look alike");
        }
    }

    #[test]
    fn designs_stay_within_their_ranges() {
        for seed in 0..200 {
            let design = BackgroundDesign::from_seed(seed);
            assert!(PALETTES.contains(&design.palette));
            assert!((0.012..=0.03).contains(&design.speed));
            for glow in design.glows {
                assert!((0.0..=1.0).contains(&glow.centre.0), "{glow:?}");
                assert!(glow.pace.0 > 0.0 && glow.pace.1 > 0.0, "{glow:?}");
            }
        }
        let palettes: std::collections::HashSet<_> = (0..200)
            .map(|seed| format!("{:?}", BackgroundDesign::from_seed(seed).palette))
            .collect();
        assert_eq!(palettes.len(), PALETTES.len(), "every palette gets used");
    }

    #[test]
    fn the_command_line_draws_no_text_and_encodes_h264() {
        let prompt = "Clean modern look, soft natural light";
        let design = BackgroundDesign::for_prompt(prompt);
        let args = background_args(&design, (1080, 1920), 5, Path::new("/tmp/out.mp4"));
        let line = args.to_command_line();
        assert!(args.inputs_are_whitelisted());
        assert!(
            !line.contains("drawtext") && !line.contains("subtitles"),
            "{line}"
        );
        assert!(!line.contains("natural light"), "{line}");
        assert!(line.contains("gradients=s=270x480"), "{line}");
        assert!(line.contains("scale=1080:1920"), "{line}");
        assert!(line.contains("libx264") && line.contains("-t 5"), "{line}");
        assert!(!line.contains("0000") && !line.contains("9999"), "{line}");
    }
}
