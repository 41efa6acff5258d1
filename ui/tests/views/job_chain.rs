//! The job screen's continuity panel: the "chain all" switch, each later segment's switch
//! and badges (waiting, out of date, refused by a provider without start frames) and the
//! offer to regenerate the out-of-date segments, in English and French.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{ChainStatus, JobDetail, SegmentChainState};
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::JobView;

fn status(detail: &JobDetail, stale: bool) -> ChainStatus {
    let segments = detail
        .segments
        .iter()
        .map(|s| SegmentChainState {
            segment_id: s.id.clone(),
            index: s.index,
            chained: s.index > 0,
            own_switch: false,
            waiting: false,
            stale: stale && s.index == 1,
            from_take: None,
            unsupported_by: None,
        })
        .collect();
    ChainStatus {
        job_id: detail.summary.id.clone(),
        chain_all: true,
        segments,
    }
}

fn page(lang: Lang, chain: ChainStatus) -> String {
    let detail = cats_detail();
    render(move || {
        rsx! {
            JobView {
                lang,
                clock: clock(),
                job: Remote::Ready(detail.clone()),
                chain: Some(chain.clone()),
            }
        }
    })
}

#[test]
fn an_out_of_date_chained_segment_is_badged_with_an_offer_to_regenerate() {
    let detail = cats_detail();
    let html = page(Lang::En, status(&detail, true));
    let text = visible_text(&html);
    assert_reads(
        &text,
        &[
            "Continuity",
            "1 segment is out of date",
            "Regenerate them",
            "Chain all segments",
            "Segment 2 starts from segment 1",
            "Out of date: segment 1 changed",
        ],
    );
    assert!(html.contains(r#"id="chain-regenerate-stale""#), "{html}");
    assert!(html.contains(r#"id="chain-segment-2-stale""#), "{html}");
    assert!(
        !html.contains("chain-segment-1-switch"),
        "the first segment has no switch"
    );

    let fr = visible_text(&page(Lang::Fr, status(&detail, true)));
    assert_reads(
        &fr,
        &[
            "Continuité",
            "1 segment est périmé",
            "Les régénérer",
            "Enchaîner tous les segments",
            "Le segment 2 part du segment 1",
            "Périmé : le segment 1 a changé",
        ],
    );
}

#[test]
fn nothing_out_of_date_offers_nothing_and_a_refusing_provider_is_named() {
    let detail = cats_detail();
    let mut chain = status(&detail, false);
    chain.segments[1].unsupported_by = Some("luma".into());
    chain.segments[1].waiting = true;
    let text = visible_text(&page(Lang::En, chain.clone()));
    assert_not_reads(&text, &["out of date", "Regenerate them"]);
    assert_reads(
        &text,
        &[
            "Waiting for segment 1",
            "luma takes no start frame: launching is refused while it is chained",
        ],
    );
    let fr = visible_text(&page(Lang::Fr, chain));
    assert_reads(
        &fr,
        &[
            "En attente du segment 1",
            "luma n'accepte pas d'image de départ",
        ],
    );
}
