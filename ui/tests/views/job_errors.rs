//! A take's error on the job screen: worded from its code in the UI's language, the
//! provider's own English text kept as detail only.

use crate::support::*;
use dioxus::prelude::*;
use reelforge_protocol::{JobDetail, JobStatus, TakeErrorCode, TakeStatus};
use reelforge_ui::i18n::Lang;
use reelforge_ui::remote::Remote;
use reelforge_ui::views::JobView;

/// The cats job, failed: segment 2's only take failed on fal with `code`.
fn failed_on(code: Option<TakeErrorCode>) -> JobDetail {
    let mut detail = cats_detail();
    detail.summary.status = JobStatus::Failed;
    let second = detail.segments[1].clone();
    let mut failed = take(&second, 1, TakeStatus::Failed, 0);
    failed.error_code = code;
    failed.error_message = Some("HTTP 400: Prompt blocked by content moderation".into());
    detail.segments[1].takes = vec![failed];
    detail
}

fn page(lang: Lang, detail: JobDetail) -> String {
    render(move || {
        rsx! {
            JobView { lang, clock: clock(), job: Remote::Ready(detail.clone()) }
        }
    })
}

/// The failure box of the rendered page, as read.
fn failure_text(html: &str) -> String {
    let start = html
        .find(r#"class="callout callout-danger segment-failure""#)
        .expect("a failure box");
    let end = html[start..]
        .find("</div>")
        .map_or(html.len(), |e| start + e);
    visible_text(&format!("<div {}", &html[start..end]))
}

#[test]
fn a_moderation_error_reads_in_french_with_the_providers_words_as_detail() {
    let html = page(Lang::Fr, failed_on(Some(TakeErrorCode::Moderation)));
    assert!(html.contains(r#"data-error-code="moderation""#), "{html}");
    let text = failure_text(&html);
    assert_eq!(
        text,
        "Raison\u{a0}: Refusé par la modération de fal\u{a0}: reformulez le prompt ou changez \
         les images de référence. Détails\u{a0}: HTTP 400: Prompt blocked by content moderation"
    );
}

#[test]
fn the_same_error_reads_in_english() {
    let text = failure_text(&page(Lang::En, failed_on(Some(TakeErrorCode::Moderation))));
    assert_eq!(
        text,
        "Reason: Refused by fal's moderation: reword the prompt or change the reference images. \
         Details: HTTP 400: Prompt blocked by content moderation"
    );
}

#[test]
fn the_sentence_follows_the_code_not_the_message() {
    // Same provider text, another code: the worded reason changes with the code alone.
    let text = failure_text(&page(Lang::Fr, failed_on(Some(TakeErrorCode::BadKey))));
    assert_reads(&text, &["fal a refusé la clé API", "Fournisseurs"]);
    assert_not_reads(&text, &["modération de fal"]);

    // A spelling from another version, and no code at all, still read as a failure.
    let text = failure_text(&page(Lang::Fr, failed_on(Some(TakeErrorCode::Other))));
    assert_reads(&text, &["La génération sur fal a échoué.", "Détails"]);
    let text = failure_text(&page(Lang::Fr, failed_on(None)));
    assert_reads(&text, &["Raison\u{a0}: Échec"]);
}
