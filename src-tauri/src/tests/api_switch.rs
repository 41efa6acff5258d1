//! The automation API's Settings switch over IPC, as the window drives it: on, the app's own
//! engine answers `POST /api/v1/app_info` with the token shown once; off, nothing listens.

use super::{Harness, from_json};
use reelforge_protocol::commands;
use reelforge_protocol::{ApiAccess, ApiAccessChange, Command};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::TcpStream;

/// The status line of `POST /api/v1/app_info` with `token`, or the connection's error.
fn app_info_status(port: u16, token: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    write!(
        stream,
        "POST /api/v1/app_info HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Authorization: Bearer {token}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer.lines().next().unwrap_or_default().to_owned())
}

#[test]
fn the_window_turns_the_api_on_with_a_token_once_and_off() {
    let harness = Harness::new();
    let on: ApiAccessChange = from_json(
        harness
            .invoke(commands::TurnOnApi::NAME, json!({ "port": 0 }))
            .expect("turn_on_api failed"),
    );
    let token = on.new_token.expect("the first turn-on shows the token");
    let port = on.access.port.expect("on");
    assert_eq!(
        app_info_status(port, &token).unwrap(),
        "HTTP/1.1 200 OK",
        "the app's engine answers"
    );
    assert_eq!(
        app_info_status(port, "rf_wrong").unwrap(),
        "HTTP/1.1 401 Unauthorized"
    );

    let state: ApiAccess = from_json(
        harness
            .invoke(commands::GetApiState::NAME, Value::Null)
            .expect("get_api_state failed"),
    );
    assert_eq!(state, on.access);
    assert!(state.remembered_on);

    let off: ApiAccess = from_json(
        harness
            .invoke(commands::TurnOffApi::NAME, Value::Null)
            .expect("turn_off_api failed"),
    );
    assert_eq!(off.port, None);
    assert!(!off.remembered_on);
    assert!(
        app_info_status(port, &token).is_err(),
        "nothing listens once off"
    );
}
