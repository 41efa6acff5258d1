//! The Providers screen with the real OS keychain: a Runway key typed into the write-only
//! field is stored in the keychain (read back from it by this test, under a service name of
//! its own), never shown back by the page, tested against the fake Runway server over HTTP
//! (a wrong key is refused, the right one accepted), then removed from the keychain.

use crate::harness::app::App;
use crate::harness::{Outcome, Scenario};
use crate::scenarios::runway_setup::RunwaySetup;
use reelforge_core::secrets::SecretStore;
use reelforge_tests::fakes::{FAKE_KEY, Route};
use std::time::Duration;

pub async fn run(scenario: &Scenario) -> Outcome<()> {
    let runway = RunwaySetup::start(scenario, false).await?;
    exercise(scenario, &runway).await
}

async fn exercise(scenario: &Scenario, runway: &RunwaySetup) -> Outcome<()> {
    let (env, fake, keychain) = (&runway.env, &runway.fake, &runway.keychain);
    let mut app = App::launch(scenario, env).await?;
    app.click("#nav-providers").await?;
    let card = "#provider-runway";
    app.wait_for(card, Duration::from_secs(30)).await?;
    expect_badge(&mut app, "key-missing").await?;

    // A wrong key first: stored, then refused by the provider's test call.
    save_key(&mut app, "wrong-key-000").await?;
    app.click("#provider-runway-test-key").await?;
    expect_test(&mut app, false).await?;

    save_key(&mut app, FAKE_KEY).await?;
    let stored = keychain.get("runway")?.map(|key| key.expose().to_owned());
    if stored.as_deref() != Some(FAKE_KEY) {
        return Err(format!("the keychain holds {stored:?}, not the typed key").into());
    }
    let storage = app
        .text("#provider-runway [data-testid=key-storage]")
        .await?;
    println!("  storage shown: {storage}");
    let source = app.client.source().await?;
    if source.contains(FAKE_KEY) {
        return Err("the page shows the key back".into());
    }
    let tests_before = fake.calls(Route::Other);
    app.click("#provider-runway-test-key").await?;
    expect_test(&mut app, true).await?;
    if fake.calls(Route::Other) <= tests_before {
        return Err("the key test did not reach the fake Runway server".into());
    }

    app.click("#provider-runway-remove-key").await?;
    app.click("#remove-key-dialog-confirm").await?;
    expect_badge(&mut app, "key-missing").await?;
    if keychain.get("runway")?.is_some() {
        return Err("the key is still in the keychain after removal".into());
    }
    app.close().await;
    Ok(())
}

async fn save_key(app: &mut App, key: &str) -> Outcome<()> {
    app.fill("#provider-runway-key-input", key).await?;
    app.click("#provider-runway-save-key").await?;
    expect_badge(app, "key-set").await?;
    app.wait_js(
        "the key field to be emptied after saving",
        "return document.querySelector('#provider-runway-key-input').value === ''",
        Duration::from_secs(10),
    )
    .await?;
    Ok(())
}

async fn expect_badge(app: &mut App, class: &str) -> Outcome<()> {
    app.wait_js(
        &format!("the Runway key badge to be {class}"),
        &format!(
            "return document.querySelector('#provider-runway [data-testid=key-badge]')
                 ?.classList.contains('{class}')"
        ),
        Duration::from_secs(30),
    )
    .await?;
    Ok(())
}

/// Waits until the key test's result says `ok` (a previous result may say otherwise).
async fn expect_test(app: &mut App, ok: bool) -> Outcome<()> {
    let result = app
        .wait_js(
            &format!("a key test result with ok={ok}"),
            &format!(
                "const r = document.querySelector('#provider-runway [data-testid=key-test]');
                 return r && r.dataset.ok === '{ok}' ? r.textContent : null;"
            ),
            Duration::from_secs(30),
        )
        .await?;
    println!("  key test: {}", result.as_str().unwrap_or_default());
    Ok(())
}
