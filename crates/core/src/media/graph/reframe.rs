//! Reframing a clip of another shape into a preset's frame (pure filter text): fitted inside
//! with black bars ([`FrameFit::Fit`]), cropped to cover around a focus point
//! ([`FrameFit::Fill`], the centre unless a [`Focus`] says otherwise; the crop is taken
//! before scaling, so only what is kept is scaled), or fitted over a
//! blurred, cropped copy of the same picture ([`FrameFit::Blur`]).

use crate::media::preset::FrameFit;

/// Where the crop centres, as thousandths of the source's width and height from its top left
/// (500, 500 is the centre). The crop is clamped inside the picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Focus {
    pub x_permille: u16,
    pub y_permille: u16,
}

impl Focus {
    pub const CENTRE: Focus = Focus {
        x_permille: 500,
        y_permille: 500,
    };

    /// A focus point, each coordinate clamped to 0–1000.
    pub fn new(x_permille: u16, y_permille: u16) -> Focus {
        Focus {
            x_permille: x_permille.min(1000),
            y_permille: y_permille.min(1000),
        }
    }
}

impl Default for Focus {
    fn default() -> Self {
        Self::CENTRE
    }
}

/// Blur strength of the fill behind a fitted picture (`boxblur` radius, in pixels of the
/// quarter-size fill, and passes).
const BLUR_RADIUS: u32 = 10;
const BLUR_PASSES: u32 = 2;

/// The filters that bring any input to `w`×`h` the `fit` way. `tag` makes the labels of the
/// blur's inner branches unique within a graph.
pub fn reframe_chain(w: u32, h: u32, fit: FrameFit, focus: Focus, tag: &str) -> String {
    let cover = cover_chain(w, h, focus);
    match fit {
        FrameFit::Fit => format!(
            "scale={w}:{h}:force_original_aspect_ratio=decrease:force_divisible_by=2,\
             pad={w}:{h}:(ow-iw)/2:(oh-ih)/2:color=black"
        ),
        FrameFit::Fill => cover,
        FrameFit::Blur => format!(
            "split=2[bgin{tag}][fgin{tag}];\
             [bgin{tag}]scale={sw}:{sh}:force_original_aspect_ratio=increase,crop={sw}:{sh},\
             boxblur={BLUR_RADIUS}:{BLUR_PASSES},scale={w}:{h},setsar=1[bg{tag}];\
             [fgin{tag}]scale={w}:{h}:force_original_aspect_ratio=decrease:force_divisible_by=2,\
             setsar=1[fg{tag}];[bg{tag}][fg{tag}]overlay=(W-w)/2:(H-h)/2",
            // The fill is blurred at a quarter of the frame: four times less work, as soft.
            sw = (w / 4) & !1,
            sh = (h / 4) & !1,
        ),
    }
}

/// Crop the largest `w`:`h` part of the picture around `focus` (kept inside the picture),
/// then scale it to `w`×`h`: cropping first scales only what is kept.
fn cover_chain(w: u32, h: u32, focus: Focus) -> String {
    let size = format!("'trunc(min(iw,ih*{w}/{h})/2)*2':'trunc(min(ih,iw*{h}/{w})/2)*2'");
    let shape = match focus == Focus::CENTRE {
        true => format!("crop={size}"),
        false => {
            let fx = f64::from(focus.x_permille) / 1000.0;
            let fy = f64::from(focus.y_permille) / 1000.0;
            format!(
                "crop={size}:'min(max(iw*{fx:.3}-ow/2,0),iw-ow)':'min(max(ih*{fy:.3}-oh/2,0),ih-oh)'"
            )
        }
    };
    format!("{shape},scale={w}:{h}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_crops_around_the_focus_and_blur_fits_over_a_blurred_copy() {
        let centre = reframe_chain(1080, 1080, FrameFit::Fill, Focus::CENTRE, "");
        assert_eq!(
            centre,
            "crop='trunc(min(iw,ih*1080/1080)/2)*2':'trunc(min(ih,iw*1080/1080)/2)*2',scale=1080:1080"
        );
        let left = reframe_chain(1080, 1080, FrameFit::Fill, Focus::new(200, 500), "");
        assert!(
            left.contains("*2':'min(max(iw*0.200-ow/2,0),iw-ow)':'min(max(ih*0.500-oh/2"),
            "{left}"
        );
        let blur = reframe_chain(1920, 1080, FrameFit::Blur, Focus::CENTRE, "3");
        assert!(blur.starts_with("split=2[bgin3][fgin3];"), "{blur}");
        assert!(blur.contains("boxblur=") && blur.ends_with("overlay=(W-w)/2:(H-h)/2"));
        assert!(!blur.contains("pad="), "no bars: {blur}");
        assert_eq!(Focus::new(4000, 7).x_permille, 1000);
    }
}
