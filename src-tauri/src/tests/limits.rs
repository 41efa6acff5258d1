//! A value over one of the protocol's limits crosses IPC as `{code: "limit_exceeded",
//! message, limit: {limit, value, maximum}}`: the UI words it from that structure.

use super::{Harness, from_json, renamed, seeded_templates, to_json};
use reelforge_protocol::{ApiError, Command, Limit, TemplateInput, commands};
use serde_json::json;
use std::collections::BTreeSet;

#[test]
fn a_limit_error_crosses_with_which_limit_its_value_and_the_maximum() {
    let harness = Harness::new();
    let template = seeded_templates(&harness).remove(0);
    let input = TemplateInput {
        pillar: "p".repeat(61),
        ..renamed(&template, "Long pillar")
    };
    let error = harness
        .invoke(commands::CreateTemplate::NAME, to_json(&input))
        .unwrap_err();
    let keys: BTreeSet<&str> = error
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(["code", "message", "limit"]),
        "{error}"
    );
    assert_eq!(error["code"], "limit_exceeded");
    assert_eq!(
        error["limit"],
        json!({"limit": "template_pillar", "value": 61, "maximum": 60})
    );
    let typed: ApiError = from_json(error);
    assert_eq!(typed.limit.map(|l| l.limit), Some(Limit::TemplatePillar));
}
