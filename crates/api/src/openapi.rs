//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of the API, generated from the
//! command declarations — one `POST` path per command of `reelforge_protocol::commands`, its
//! request and response schemas derived from the protocol types (`schemars`, the protocol's
//! `schema` feature) — so a declared command is documented without more code.

use crate::paths_hidden::window_only as needs_window;
use axum::Json;
use axum::extract::State;
use reelforge_protocol::commands::{CommandName, CommandSchema, schemas};
use reelforge_protocol::{ApiError, ImportedAsset, ImportedAudio};
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::ApiState;

/// The document served at `/api/v1/openapi.json`.
pub(crate) async fn serve(State(state): State<ApiState>) -> Json<Value> {
    Json(document(state.port))
}

/// The whole document, for the server on `port`.
pub fn document(port: u16) -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|settings| settings.definitions_path = "/components/schemas".into())
        .into_generator();
    let commands = schemas(&mut generator);
    let error = generator.subschema_for::<ApiError>().to_value();
    let mut paths = Map::new();
    for command in &commands {
        paths.insert(
            format!("/api/v1/{}", command.name),
            json!({ "post": operation(command, &error) }),
        );
    }
    let image = generator.subschema_for::<ImportedAsset>().to_value();
    let audio = generator.subschema_for::<ImportedAudio>().to_value();
    paths.insert(
        "/api/v1/uploads/image".into(),
        upload_path(
            "upload_image",
            "Imports a reference image (PNG, JPEG or WebP) sent as the raw body.",
            "Checked and imported as the window imports a dropped image; the answer's \
             `asset_id` goes to `set_segment_references` (its `url` is empty: previews are \
             the window's).",
            crate::uploads::IMAGE_UPLOAD_MAX_BYTES,
            &image,
            &error,
        ),
    );
    paths.insert(
        "/api/v1/uploads/audio".into(),
        upload_path(
            "upload_audio",
            "Imports a music bed or a voice-over sent as the raw body.",
            "Checked with ffprobe and imported as the window imports a chosen audio file; \
             the answer's `id` goes to `assemble_job`.",
            crate::uploads::AUDIO_MAX_BYTES,
            &audio,
            &error,
        ),
    );
    // Own clips as segments (issue 17)
    let clip = generator
        .subschema_for::<reelforge_protocol::ImportedClip>()
        .to_value();
    paths.insert(
        "/api/v1/uploads/video".into(),
        upload_path(
            "upload_video",
            "Imports a video clip sent as the raw body.",
            "Checked with ffprobe and ffmpeg (codec, length, frame size, file size) and \
             imported as the window imports a dropped video; the answer's `asset_id` goes to \
             `use_segment_clip`.",
            crate::uploads::VIDEO_MAX_BYTES,
            &clip,
            &error,
        ),
    );
    paths.insert("/api/v1/events".into(), events_path());
    paths.insert(
        "/api/v1/openapi.json".into(),
        json!({ "get": {
            "operationId": "openapi",
            "summary": "This document.",
            "responses": { "200": {
                "description": "The OpenAPI document.",
                "content": { "application/json": { "schema": { "type": "object" } } }
            } }
        } }),
    );
    let definitions = generator.take_definitions(true);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Reelforge automation API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Every Reelforge command as `POST /api/v1/<command>`, with the \
                command's own request (the JSON body; empty for a command without input) and \
                response; errors are `{code, message}` with the status of their code. \
                Loopback only; every request carries `Authorization: Bearer <token>` \
                (`reelforge serve` shows it once)."
        },
        "servers": [{ "url": format!("http://127.0.0.1:{port}") }],
        "security": [{ "bearer": [] }],
        "paths": paths,
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": definitions,
        },
    })
}

/// The `POST` operation of one command.
fn operation(command: &CommandSchema, error: &Value) -> Value {
    let doc = command.doc.trim();
    let summary = doc.lines().next().unwrap_or(command.name).trim();
    let request = command.request.clone().to_value();
    let takes_nothing = request == json!({ "type": "null" });
    let window_only = CommandName::from_name(command.name).is_some_and(needs_window);
    let error_content = json!({ "application/json": { "schema": error } });
    let mut responses = json!({
        "200": {
            "description": "The command's response.",
            "content": { "application/json": { "schema": command.response.clone().to_value() } }
        },
        "default": { "description": "`{code, message}`.", "content": error_content },
    });
    if window_only {
        responses["501"] = json!({
            "description": "`window_only`: this command works only in the app's window.",
            "content": error_content,
        });
    }
    json!({
        "operationId": command.name,
        "summary": if summary.is_empty() { command.name } else { summary },
        "description": doc,
        "x-window-only": window_only,
        "requestBody": {
            "required": !takes_nothing,
            "content": { "application/json": { "schema": request } }
        },
        "responses": responses,
    })
}

/// `POST /api/v1/uploads/<kind>`: the file as the raw body, its name in `?name=`.
fn upload_path(
    id: &str,
    summary: &str,
    description: &str,
    max_bytes: usize,
    answer: &Value,
    error: &Value,
) -> Value {
    let error_content = json!({ "application/json": { "schema": error } });
    json!({ "post": {
        "operationId": id,
        "summary": summary,
        "description": format!("{description} At most {max_bytes} bytes, else `413`."),
        "x-upload": true,
        "parameters": [{
            "name": "name",
            "in": "query",
            "required": false,
            "description": "The file's name (shown in the library and in refusals).",
            "schema": { "type": "string" }
        }],
        "requestBody": {
            "required": true,
            "content": { "application/octet-stream": {
                "schema": { "type": "string", "contentMediaType": "application/octet-stream" }
            } }
        },
        "responses": {
            "200": {
                "description": "The imported file, by library id.",
                "content": { "application/json": { "schema": answer } }
            },
            "413": { "description": "The body is over the limit.", "content": error_content },
            "default": { "description": "`{code, message}`.", "content": error_content },
        }
    } })
}

/// `GET /api/v1/events`.
fn events_path() -> Value {
    json!({ "get": {
        "operationId": "events",
        "summary": "The engine's events as server-sent events.",
        "description": "Each event is named by its `type` (`job_updated`, `segment_updated`, \
            `progress`, `resync`) and carries the event as JSON. `resync`: events were missed; \
            re-read what you show.",
        "responses": { "200": {
            "description": "An endless `text/event-stream`.",
            "content": { "text/event-stream": { "schema": { "type": "string" } } }
        } }
    } })
}
