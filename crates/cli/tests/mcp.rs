//! `reelforge mcp` driven by the official MCP Python SDK (`tests/sdk/api_mcp.py`): the tools
//! listed, then a job created from a template, generated on the local provider, its status
//! read until it ends, and assembled — each a tool call with the command's own types.

use reelforge_api::mcp::TOOLS;
use reelforge_tests::sdk::{printed_url, python, run, script};
use std::path::Path;

#[test]
fn an_agent_lists_the_tools_and_creates_generates_reads_and_assembles_a_job() {
    let Some(python) = python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let env = [
        ("REELFORGE_BIN", env!("CARGO_BIN_EXE_reelforge")),
        ("REELFORGE_DATA_DIR", data),
    ];
    let stdout = run(&python, &script("api_mcp.py"), &env);
    let listed = stdout
        .lines()
        .find_map(|line| line.strip_prefix("tools: "))
        .unwrap_or_else(|| panic!("{stdout}"));
    let mut offered: Vec<&str> = TOOLS.iter().map(|(name, _)| *name).collect();
    offered.sort_unstable();
    assert_eq!(listed, offered.join(","));
    let video = printed_url(&stdout);
    assert!(Path::new(&video).starts_with(dir.path()), "{video}");
    assert!(Path::new(&video).metadata().unwrap().len() > 0);
}
