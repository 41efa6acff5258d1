//! The texts of the focus point dragged on a segment's preview (issue 18, item 3), in English
//! and French. Same rule as [`super::Strings`]: both languages fill every field.

use super::Lang;

#[derive(Debug)]
pub struct FocusPickerStrings {
    pub title: &'static str,
    pub hint: &'static str,
    /// The segment chooser's label.
    pub segment: &'static str,
    /// "Segment 2".
    pub segment_n: fn(u32) -> String,
    /// The marker's accessible name with its position in percent from the top left.
    pub marker: fn(u16, u16) -> String,
    /// A crop rectangle's label: the shape kept ("16:9").
    pub kept: fn(&str) -> String,
    pub no_preview: &'static str,
}

static EN: FocusPickerStrings = FocusPickerStrings {
    title: "Crop focus",
    hint: "Drag or click the marker on the picture (or use the arrow keys) to choose what each cropped format keeps; the frames show what each shape keeps.",
    segment: "Segment",
    segment_n: |n| format!("Segment {n}"),
    marker: |x, y| {
        format!("Focus point, {x}% from the left, {y}% from the top. Arrow keys move it.")
    },
    kept: |shape| format!("{shape} kept"),
    no_preview: "No take to preview yet.",
};

static FR: FocusPickerStrings = FocusPickerStrings {
    title: "Point de recadrage",
    hint: "Faites glisser ou cliquez le repère sur l'image (ou utilisez les flèches du clavier) pour choisir ce que garde chaque format recadré ; les cadres montrent ce que garde chaque forme.",
    segment: "Segment",
    segment_n: |n| format!("Segment {n}"),
    marker: |x, y| {
        format!(
            "Point de recadrage, à {x} % de la gauche et {y} % du haut. Les flèches le déplacent."
        )
    },
    kept: |shape| format!("{shape} gardé"),
    no_preview: "Aucune prise à prévisualiser pour l'instant.",
};

pub fn focus_picker(lang: Lang) -> &'static FocusPickerStrings {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}
