//! The automation API's Settings switch in the real window: turned on, the panel shows the
//! address and the token once, and the app's own engine answers `app_info` with it over
//! HTTP; after a restart the app serves it again by itself with the same token (shown no
//! more); turned off, nothing listens on the port.

use crate::harness::app::App;
use crate::harness::{Outcome, Scenario};
use reelforge_core::{ApiPreference, Core};
use std::net::TcpListener;
use std::time::{Duration, Instant};

pub async fn run(scenario: &Scenario) -> Outcome<()> {
    // A free port instead of 8765, which another program on the machine may hold.
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let core = Core::open(&scenario.data_dir).await?;
    core.set_api_preference(ApiPreference { on: false, port })
        .await?;
    drop(core);

    let mut app = App::launch(scenario, &[]).await?;
    open_panel(&mut app).await?;
    app.click("#api-toggle").await?;
    app.wait_for("#api-token", Duration::from_secs(30)).await?;
    let token = app.text("#api-token").await?;
    let url = app.text("#api-url").await?;
    if url != format!("http://127.0.0.1:{port}/api/v1") {
        return Err(format!("the panel shows {url}, not port {port}").into());
    }
    expect_app_info(&url, &token, Duration::from_secs(10)).await?;
    println!("  on at {url}, app_info answers with the token shown once");
    app.close().await;

    let mut app = App::launch(scenario, &[]).await?;
    expect_app_info(&url, &token, Duration::from_secs(60)).await?;
    open_panel(&mut app).await?;
    app.wait_for("#api-url", Duration::from_secs(30)).await?;
    if app.count("#api-token").await? != 0 {
        return Err("the token is shown again after a restart".into());
    }
    println!("  served again after the restart, the token not shown again");

    app.click("#api-toggle").await?;
    app.wait_js(
        "the switch to say off",
        "return document.querySelector('#api-status')?.dataset.on === 'false'",
        Duration::from_secs(30),
    )
    .await?;
    if reqwest::Client::new()
        .post(format!("{url}/app_info"))
        .bearer_auth(&token)
        .send()
        .await
        .is_ok()
    {
        return Err("the API still answers once switched off".into());
    }
    println!("  off: nothing listens");
    app.close().await;
    Ok(())
}

async fn open_panel(app: &mut App) -> Outcome<()> {
    app.click("#nav-settings").await?;
    app.wait_for("#settings-api #api-toggle", Duration::from_secs(30))
        .await?;
    Ok(())
}

/// Waits until `POST <url>/app_info` with `token` answers `200`.
async fn expect_app_info(url: &str, token: &str, within: Duration) -> Outcome<()> {
    let client = reqwest::Client::new();
    let started = Instant::now();
    loop {
        let answer = client
            .post(format!("{url}/app_info"))
            .bearer_auth(token)
            .send()
            .await;
        match answer {
            Ok(response) if response.status() == reqwest::StatusCode::OK => return Ok(()),
            Ok(response) if started.elapsed() > within => {
                return Err(format!("app_info answered {}", response.status()).into());
            }
            Err(error) if started.elapsed() > within => {
                return Err(format!("the API does not answer: {error}").into());
            }
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}
