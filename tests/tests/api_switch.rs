//! The API turned on and off inside a process on its own engine ([`ApiSwitch`], what the
//! app's Settings switch drives): on, `GET /api/v1/openapi.json` answers with the token shown
//! once; off, nothing listens on the port; rotating makes the old token useless.

use reelforge_api::ApiSwitch;
use reelforge_core::Core;
use reqwest::StatusCode;

async fn openapi(client: &reqwest::Client, port: u16, token: &str) -> reqwest::Result<StatusCode> {
    let url = format!("http://127.0.0.1:{port}/api/v1/openapi.json");
    let response = client.get(url).bearer_auth(token).send().await?;
    Ok(response.status())
}

#[tokio::test]
async fn turned_on_the_openapi_document_answers_and_turned_off_nothing_listens() {
    let dir = tempfile::tempdir().unwrap();
    let core = Core::open(dir.path()).await.unwrap();
    let client = reqwest::Client::new();
    let switch = ApiSwitch::default();
    assert_eq!(switch.port().await, None);

    let on = switch.turn_on(core.clone(), 0, false).await.unwrap();
    let token = on
        .new_token
        .expect("the first time makes a token, shown once");
    assert_eq!(switch.port().await, Some(on.port));
    assert_eq!(
        openapi(&client, on.port, &token).await.unwrap(),
        StatusCode::OK
    );
    assert_eq!(
        openapi(&client, on.port, "rf_wrong").await.unwrap(),
        StatusCode::UNAUTHORIZED
    );

    // On again (another port): the stored token, not shown again.
    let again = switch.turn_on(core.clone(), 0, false).await.unwrap();
    assert_eq!(again.new_token, None);
    assert_eq!(
        openapi(&client, again.port, &token).await.unwrap(),
        StatusCode::OK
    );
    assert!(
        openapi(&client, on.port, &token).await.is_err(),
        "the old server stopped"
    );

    // Rotated: a new token, and the old one is refused.
    let rotated = switch.turn_on(core.clone(), 0, true).await.unwrap();
    let new = rotated.new_token.expect("a rotation shows the new token");
    assert_ne!(new, token);
    assert_eq!(
        openapi(&client, rotated.port, &new).await.unwrap(),
        StatusCode::OK
    );
    assert_eq!(
        openapi(&client, rotated.port, &token).await.unwrap(),
        StatusCode::UNAUTHORIZED
    );

    switch.turn_off().await;
    assert_eq!(switch.port().await, None);
    assert!(
        openapi(&client, rotated.port, &new).await.is_err(),
        "nothing listens once off"
    );
}
