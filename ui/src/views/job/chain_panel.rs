//! The continuity panel: the job's "chain all" switch, each later segment's own switch with
//! its chain badges (waiting for the previous take, out of date since another take was chosen
//! upstream, refused by a provider that takes no start frame), and the offer to regenerate
//! the out-of-date segments.

use crate::i18n::Lang;
use crate::i18n::chain::chain;
use dioxus::prelude::*;
use reelforge_protocol::ChainStatus;

/// What the person did in the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainEvent {
    /// The "chain all" switch.
    ChainAll(bool),
    /// A segment's own switch (index from 0).
    Segment { index: u32, chained: bool },
    /// "Regenerate them".
    RegenerateStale,
}

/// The panel, from the engine's chain status.
#[component]
pub fn ChainPanel(
    lang: Lang,
    status: ChainStatus,
    busy: bool,
    on_event: EventHandler<ChainEvent>,
) -> Element {
    let c = chain(lang);
    let stale = status.stale();
    let chain_all = status.chain_all;
    rsx! {
        section { class: "panel", id: "job-chain", "data-testid": "job-chain",
            header { class: "panel-header",
                div { class: "panel-heading",
                    h2 { class: "panel-title", "{c.title}" }
                }
            }
            p { class: "muted", "{c.hint}" }
            if !stale.is_empty() {
                div { class: "notice warning", id: "chain-stale-offer", role: "status",
                    span { {(c.stale_offer)(stale.len())} }
                    button {
                        class: "button small",
                        r#type: "button",
                        id: "chain-regenerate-stale",
                        disabled: busy,
                        onclick: move |_| on_event.call(ChainEvent::RegenerateStale),
                        "{c.regenerate}"
                    }
                }
            }
            label { class: "check",
                input {
                    r#type: "checkbox",
                    id: "chain-all",
                    disabled: busy,
                    checked: chain_all,
                    onchange: move |e: FormEvent| on_event.call(ChainEvent::ChainAll(e.checked())),
                }
                span { "{c.chain_all}" }
            }
            ul { class: "chain-list", id: "chain-segments",
                for state in status.segments.iter().filter(|s| s.index > 0).cloned() {
                    li {
                        key: "{state.segment_id}",
                        class: "chain-segment",
                        id: "chain-segment-{state.index + 1}",
                        "data-chained": "{state.chained}",
                        label { class: "check",
                            input {
                                r#type: "checkbox",
                                id: "chain-segment-{state.index + 1}-switch",
                                disabled: busy || chain_all,
                                checked: state.chained,
                                onchange: move |e: FormEvent| {
                                    on_event.call(ChainEvent::Segment {
                                        index: state.index,
                                        chained: e.checked(),
                                    })
                                },
                            }
                            span { {(c.segment_switch)(state.index + 1)} }
                        }
                        if state.waiting {
                            span { class: "badge chain-waiting", {(c.waiting)(state.index)} }
                        }
                        if state.stale {
                            span {
                                class: "badge chain-stale",
                                id: "chain-segment-{state.index + 1}-stale",
                                {(c.stale)(state.index)}
                            }
                        }
                        if let Some(provider) = &state.unsupported_by {
                            span {
                                class: "badge chain-unsupported",
                                id: "chain-segment-{state.index + 1}-unsupported",
                                {(c.unsupported)(provider.as_str())}
                            }
                        }
                    }
                }
            }
        }
    }
}
