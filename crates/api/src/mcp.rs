//! The MCP server (`reelforge mcp`): the creator-level commands as Model Context Protocol
//! tools over stdio (JSON-RPC 2.0, one message per line), for AI agents.
//!
//! Each tool is a declared command run through the engine's one binding ([`CommandCall`]),
//! with the command's own types: a tool takes `{"request": <the command's request>}` (its
//! schema derived from the declarations, as in the OpenAPI document) and answers the
//! command's response as JSON text, or its `{code, message}` with `isError`. Only
//! [`TOOLS`] are offered: making a job from a template or a subject, configuring its
//! segments, generating, reading its status, retrying a segment, assembling (the export).

use reelforge_core::{CommandCall, Core};
use reelforge_protocol::commands::{CommandName, schemas};
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};

/// The offered tools: a command's wire name and what it is for, in an agent's words.
pub const TOOLS: &[(&str, &str)] = &[
    (
        "list_templates",
        "Every job template, with the id create_job takes.",
    ),
    (
        "create_job",
        "Create a draft job from a template (template_id) or from scratch (segment_count), \
         with its title and subject.",
    ),
    (
        "start_quick",
        "Make a whole video from a subject: the script is written, then the job is generated \
         and assembled in the background (unless review is set). Answers the job.",
    ),
    (
        "configure_segments",
        "Set prompts, narration, provider, model or duration on a job's segments \
         (all of them when indexes is empty).",
    ),
    (
        "launch_job",
        "Generate a configured job's segments (request: the job id).",
    ),
    (
        "get_job",
        "A job's status (request: the job id): per segment its takes, progress, costs, output.",
    ),
    (
        "retry_segment",
        "Generate one segment again with a new take.",
    ),
    (
        "assemble_job",
        "Assemble the job's selected takes into the final video with its captions, in the \
         exports folder (the export); answers the video's path.",
    ),
];

/// The protocol versions this server speaks, newest first.
const PROTOCOL_VERSIONS: &[&str] = &["2025-06-18", "2025-03-26", "2024-11-05"];

/// Answers MCP messages read from `input` on `output` until `input` ends.
pub async fn serve_stdio<R, W>(core: &Core, input: R, mut output: W) -> std::io::Result<()>
where
    R: AsyncBufRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let tools = tool_list();
    let mut lines = input.lines();
    while let Some(line) = lines.next_line().await? {
        if line.trim().is_empty() {
            continue;
        }
        let reply = match serde_json::from_str::<Value>(&line) {
            Ok(message) => answer(core, &tools, &message).await,
            Err(_) => Some(failure(Value::Null, -32700, "parse error")),
        };
        if let Some(reply) = reply {
            output.write_all(reply.to_string().as_bytes()).await?;
            output.write_all(b"\n").await?;
            output.flush().await?;
        }
    }
    Ok(())
}

/// The reply to one message; `None` for a notification (no id).
async fn answer(core: &Core, tools: &Value, message: &Value) -> Option<Value> {
    let id = message.get("id")?.clone();
    let params = &message["params"];
    let result = match message["method"].as_str().unwrap_or_default() {
        "initialize" => json!({
            "protocolVersion": version(params["protocolVersion"].as_str()),
            "capabilities": { "tools": { "listChanged": false } },
            "serverInfo": { "name": "reelforge", "version": env!("CARGO_PKG_VERSION") },
        }),
        "ping" => json!({}),
        "tools/list" => json!({ "tools": tools }),
        "tools/call" => match call_tool(core, params).await {
            Some(result) => result,
            None => return Some(failure(id, -32602, "unknown tool")),
        },
        _ => return Some(failure(id, -32601, "method not found")),
    };
    Some(json!({ "jsonrpc": "2.0", "id": id, "result": result }))
}

/// The client's version when spoken here, else the newest.
fn version(asked: Option<&str>) -> &'static str {
    PROTOCOL_VERSIONS
        .iter()
        .find(|v| Some(**v) == asked)
        .unwrap_or(&PROTOCOL_VERSIONS[0])
}

fn failure(id: Value, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}

/// Runs a tool; `None` when it is not one of [`TOOLS`].
async fn call_tool(core: &Core, params: &Value) -> Option<Value> {
    let name = params["name"].as_str()?;
    TOOLS.iter().find(|(tool, _)| *tool == name)?;
    let command = CommandName::from_name(name)?;
    let request = params["arguments"]
        .get("request")
        .cloned()
        .unwrap_or(Value::Null);
    let answer = match CommandCall::parse(command, request) {
        Ok(call) => call.run(core).await,
        Err(refusal) => Err(refusal.into_api_error(command)),
    };
    let (text, is_error) = match answer {
        Ok(response) => (response.to_string(), false),
        Err(error) => (serde_json::to_string(&error).unwrap_or_default(), true),
    };
    Some(json!({ "content": [{ "type": "text", "text": text }], "isError": is_error }))
}

/// Each tool's name, description and input schema (`{"request": …}`, the command's request
/// schema with the definitions it refers to).
pub fn tool_list() -> Value {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let commands = schemas(&mut generator);
    let definitions = Value::Object(generator.take_definitions(true));
    let tools = TOOLS.iter().filter_map(|(name, description)| {
        let command = commands.iter().find(|c| c.name == *name)?;
        let request = command.request.clone().to_value();
        let takes_nothing = request == json!({ "type": "null" });
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        schema.insert("properties".into(), json!({ "request": request }));
        if !takes_nothing {
            schema.insert("required".into(), json!(["request"]));
        }
        schema.insert("$defs".into(), definitions.clone());
        Some(json!({ "name": name, "description": description, "inputSchema": schema }))
    });
    Value::Array(tools.collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tool_is_a_declared_command_with_an_object_input() {
        let tools = tool_list();
        let tools = tools.as_array().unwrap();
        assert_eq!(tools.len(), TOOLS.len());
        for tool in tools {
            assert_eq!(tool["inputSchema"]["type"], "object", "{tool}");
            let name = tool["name"].as_str().unwrap();
            assert!(CommandName::from_name(name).is_some(), "{name}");
        }
    }
}
