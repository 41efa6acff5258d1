//! The app's Settings switch of the API, as its window commands drive it ([`ApiSwitch`] on
//! the process's own engine): on, `POST /api/v1/app_info` answers with the token shown once;
//! the API cannot switch itself; rotating refuses the old token; off, nothing listens; the
//! switch as left is served again after a restart of the engine.

use reelforge_api::ApiSwitch;
use reelforge_core::Core;
use reelforge_protocol::{ApiAccess, AppInfo, TurnOnApiRequest};
use reqwest::StatusCode;
use serde_json::Value;

/// `POST /api/v1/<command>` with a `null` body (no input) and `token`: its status and body.
async fn call(port: u16, command: &str, token: &str) -> reqwest::Result<(StatusCode, Value)> {
    let response = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/api/v1/{command}"))
        .bearer_auth(token)
        .json(&Value::Null)
        .send()
        .await?;
    let status = response.status();
    Ok((status, response.json().await.unwrap_or(Value::Null)))
}

async fn app_info(port: u16, token: &str) -> reqwest::Result<StatusCode> {
    let (status, body) = call(port, "app_info", token).await?;
    if status == StatusCode::OK {
        let info: AppInfo = serde_json::from_value(body).expect("app_info's declared type");
        assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
    }
    Ok(status)
}

fn on_any_port(new_token: bool) -> TurnOnApiRequest {
    TurnOnApiRequest {
        port: Some(0),
        new_token,
    }
}

#[tokio::test]
async fn the_settings_switch_serves_rotates_stops_and_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path()).await.unwrap();
    let switch = ApiSwitch::default();
    let off = switch.access(&core).await.unwrap();
    assert_eq!(off.port, None);
    assert!(!off.remembered_on && !off.has_token);

    let on = switch
        .turn_on_from_settings(core.clone(), on_any_port(false))
        .await
        .unwrap();
    let token = on.new_token.expect("the first time shows a token");
    let port = on.access.port.expect("on");
    assert_eq!(
        on.access,
        ApiAccess {
            port: Some(port),
            remembered_on: true,
            preferred_port: port,
            has_token: true,
        }
    );
    assert_eq!(app_info(port, &token).await.unwrap(), StatusCode::OK);
    assert_eq!(
        app_info(port, "rf_wrong").await.unwrap(),
        StatusCode::UNAUTHORIZED
    );

    // The API cannot switch itself off nor read the state: window only.
    for command in ["turn_off_api", "get_api_state", "rotate_api_token"] {
        let (status, body) = call(port, command, &token).await.unwrap();
        assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{command}");
        assert_eq!(body["code"], "window_only", "{command}");
    }
    assert_eq!(switch.port().await, Some(port));

    // Rotated: same port, the new token only.
    let rotated = switch.rotate_token(core.clone()).await.unwrap();
    let new = rotated.new_token.expect("a rotation shows the new token");
    assert_ne!(new, token);
    assert_eq!(rotated.access.port, Some(port));
    assert_eq!(app_info(port, &new).await.unwrap(), StatusCode::OK);
    assert_eq!(
        app_info(port, &token).await.unwrap(),
        StatusCode::UNAUTHORIZED
    );

    // Off: nothing listens, and it is remembered off.
    let off = switch.turn_off_from_settings(&core).await.unwrap();
    assert_eq!(off.port, None);
    assert!(!off.remembered_on && off.has_token);
    assert!(app_info(port, &new).await.is_err(), "nothing listens");

    // On again without a port: the last one, the stored token (not shown again).
    let again = switch
        .turn_on_from_settings(core.clone(), TurnOnApiRequest::default())
        .await
        .unwrap();
    assert_eq!(again.new_token, None);
    assert_eq!(again.access.port, Some(port));
    assert_eq!(app_info(port, &new).await.unwrap(), StatusCode::OK);

    // The process ends with the switch on; the next start serves it again.
    switch.turn_off().await;
    drop(switch);
    drop(core);
    let core = Core::open(dir.path()).await.unwrap();
    let switch = ApiSwitch::default();
    assert_eq!(switch.resume(core.clone()).await.unwrap(), Some(port));
    assert_eq!(app_info(port, &new).await.unwrap(), StatusCode::OK);

    // Left off: the next start keeps it off.
    switch.turn_off_from_settings(&core).await.unwrap();
    drop(switch);
    drop(core);
    let core = Core::open(dir.path()).await.unwrap();
    let switch = ApiSwitch::default();
    assert_eq!(switch.resume(core.clone()).await.unwrap(), None);
    assert!(app_info(port, &new).await.is_err());
}

#[tokio::test]
async fn rotating_while_off_makes_a_token_the_next_turn_on_uses() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path()).await.unwrap();
    let switch = ApiSwitch::default();
    let rotated = switch.rotate_token(core.clone()).await.unwrap();
    let token = rotated.new_token.expect("shown once");
    assert_eq!(rotated.access.port, None);
    assert!(rotated.access.has_token);

    let on = switch
        .turn_on_from_settings(core.clone(), on_any_port(false))
        .await
        .unwrap();
    assert_eq!(on.new_token, None, "the rotated token is not shown again");
    let port = on.access.port.unwrap();
    assert_eq!(app_info(port, &token).await.unwrap(), StatusCode::OK);
    switch.turn_off().await;
}

#[tokio::test]
async fn a_port_taken_is_a_conflict_and_leaves_the_switch_off() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path()).await.unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let switch = ApiSwitch::default();
    let error = switch
        .turn_on_from_settings(
            core.clone(),
            TurnOnApiRequest {
                port: Some(port),
                new_token: false,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(error.code.as_str(), "conflict");
    let access = switch.access(&core).await.unwrap();
    assert_eq!(access.port, None);
    assert!(!access.remembered_on);
}
