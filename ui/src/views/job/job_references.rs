//! The job's character/style reference set on the job screen (issue 17): its images, "Add
//! images…" (the OS file dialog, then `set_job_references`) and "Remove all". The engine
//! sends them with every segment whose provider takes reference images, or as a start frame.

use super::actions::JobAction;
use crate::i18n::Lang;
use crate::i18n::segment_edit::segment_edit;
use crate::views::player::MediaUrls;
use dioxus::prelude::*;
use reelforge_protocol::{AssetId, MediaRef};

/// The panel: the set's images (or that there is none) and its two actions.
#[component]
pub(super) fn JobReferencesPanel(
    lang: Lang,
    assets: Vec<AssetId>,
    busy: bool,
    media: MediaUrls,
    on_action: EventHandler<JobAction>,
) -> Element {
    let e = segment_edit(lang);
    let empty = assets.is_empty();
    rsx! {
        section { class: "panel", id: "job-references",
            header { class: "panel-header",
                h2 { class: "panel-title", "{e.references_title}" }
            }
            p { class: "form-hint", "{e.references_hint}" }
            if empty {
                p { class: "state-inline muted", id: "job-references-empty", "{e.references_empty}" }
            } else {
                ul { class: "reference-list", "data-testid": "job-references",
                    for asset in assets {
                        li { key: "{asset}", class: "reference-thumb", "data-asset-id": "{asset}",
                            if let Some(url) = media.get(&MediaRef::Asset { asset_id: asset.clone() }) {
                                img { src: "{url}", alt: "" }
                            }
                        }
                    }
                }
            }
            div { class: "toolbar",
                button {
                    class: "button ghost small",
                    r#type: "button",
                    id: "job-references-add",
                    disabled: busy,
                    onclick: move |_| on_action.call(JobAction::PickJobReferences),
                    "{e.references_add}"
                }
                if !empty {
                    button {
                        class: "button ghost small danger-text",
                        r#type: "button",
                        id: "job-references-clear",
                        disabled: busy,
                        onclick: move |_| on_action.call(JobAction::ClearJobReferences),
                        "{e.references_clear}"
                    }
                }
            }
        }
    }
}
