//! Unit tests of `providers::replicate`.

use super::wire::{failure, output_url, progress, with_body_retry_after};
use super::*;
use crate::providers::ErrorClass;
use crate::providers::TakeErrorCode;

#[test]
fn outputs_progress_and_failures_are_read() {
    assert_eq!(
        output_url(Some(&json!("https://replicate.delivery/x/out.mp4"))).as_deref(),
        Some("https://replicate.delivery/x/out.mp4")
    );
    assert_eq!(
        output_url(Some(&json!(["https://a/1.mp4", "https://a/2.mp4"]))).as_deref(),
        Some("https://a/1.mp4")
    );
    assert_eq!(output_url(Some(&json!(null))), None);
    assert_eq!(
        progress(Some("starting\n 45%|████▌     | 9/20\n")),
        Some(45)
    );
    assert_eq!(progress(Some("no numbers")), None);
    assert_eq!(
        failure(Some(&json!(
            "The input or output was flagged as sensitive. Please try again with different inputs. (E005)"
        )))
        .class,
        ErrorClass::Terminal(TerminalReason::Moderation)
    );
    assert_eq!(
        failure(Some(&json!(
            "Prediction interrupted; please retry (code: PA)"
        )))
        .class,
        ErrorClass::Transient
    );
    let throttled = with_body_retry_after(ProviderError::transient(
        TakeErrorCode::RateLimited,
        "HTTP 429: Request was throttled. Expected available in 4 seconds.",
    ));
    assert_eq!(throttled.retry_after, Some(Duration::from_secs(4)));
}
