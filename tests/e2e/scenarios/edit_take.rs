//! Editing a launched job's segment in the window (issue 17), on Runway's fake server over
//! HTTP: a two-segment job generated, segment 2's prompt edited, a new take of it made (the
//! fake receives the new prompt), both takes compared with the prompt each was made with, the
//! earlier one chosen and then the new one, and the job assembled again with it.

use crate::harness::app::App;
use crate::harness::{Outcome, Scenario};
use crate::scenarios::common;
use crate::scenarios::runway_setup::RunwaySetup;
use serde_json::Value;
use std::time::Duration;

const CARD: &str = "#segment-1";
const NEW_PROMPT: &str = "A paper boat on a rainy street, close-up";

pub async fn run(scenario: &Scenario) -> Outcome<()> {
    let runway = RunwaySetup::start(scenario, true).await?;
    let mut app = App::launch(scenario, &runway.env).await?;
    common::new_runway_job(&mut app, "Edit a take", 2, false).await?;
    common::follow_progress(&mut app, Duration::from_secs(300)).await?;
    let old_prompt = "A neon city street at night, shot 1";

    // Edit segment 2's prompt.
    app.click(&format!("{CARD} [data-action=edit-segment]"))
        .await?;
    app.fill(
        &format!("{CARD} [data-testid=segment-editor] textarea[name=prompt]"),
        NEW_PROMPT,
    )
    .await?;
    app.click(&format!("{CARD} [data-action=save-segment]"))
        .await?;
    app.wait_js(
        "segment 2 to show its new prompt",
        &format!(
            "return document.querySelector('{CARD} .segment-prompt')?.textContent === {NEW_PROMPT:?}"
        ),
        Duration::from_secs(30),
    )
    .await?;

    // A new take from the edited settings.
    app.click(&format!("{CARD} [data-action=retry-segment]"))
        .await?;
    app.click("#retry-dialog-confirm").await?;
    app.wait_js(
        "two succeeded takes of segment 2",
        &format!(
            "return document.querySelectorAll('{CARD} [data-take-id][data-status=succeeded]').length === 2"
        ),
        Duration::from_secs(300),
    )
    .await?;
    let creates: Value = reqwest::get(format!("{}/__fake/runway/creates", runway.fake.base_url()))
        .await?
        .json()
        .await?;
    let prompts: Vec<&str> = creates
        .as_array()
        .ok_or("the fake's creates are not a list")?
        .iter()
        .filter_map(|c| c["body"]["promptText"].as_str())
        .collect();
    println!("  prompts Runway received: {prompts:?}");
    if prompts.len() != 3 || prompts[2] != NEW_PROMPT || !prompts[..2].contains(&old_prompt) {
        return Err(format!("Runway did not receive the edited prompt last: {prompts:?}").into());
    }

    // Compare the two takes side by side: each says the prompt it was made with.
    let tiles = app
        .js(&format!(
            "return [...document.querySelectorAll('{CARD} [data-take-id]')].map(t => [
                t.dataset.takeId,
                t.querySelector('.take-prompt')?.textContent ?? '',
                t.classList.contains('selected'),
            ])"
        ))
        .await?;
    println!("  takes of segment 2: {tiles}");
    let tiles = tiles.as_array().ok_or("no takes")?;
    let find = |prompt: &str| {
        tiles
            .iter()
            .find(|t| t[1].as_str().is_some_and(|p| p.contains(prompt)))
            .and_then(|t| t[0].as_str())
            .map(str::to_owned)
            .ok_or_else(|| format!("no take shows the prompt {prompt:?}"))
    };
    let (old, new) = (find(old_prompt)?, find(NEW_PROMPT)?);

    // Choose the earlier take, then the new one.
    for take in [&old, &new] {
        app.click(&format!(
            "{CARD} [data-take-id='{take}'] [data-action=use-take]"
        ))
        .await?;
        app.wait_for(
            &format!("{CARD} [data-take-id='{take}'].selected"),
            Duration::from_secs(30),
        )
        .await?;
    }

    // Assemble again: the video is made with the new take.
    app.click("#assemble").await?;
    app.wait_for("#final-player", Duration::from_secs(600))
        .await?;
    let chosen = common::query_count(
        scenario,
        "SELECT COUNT(*) FROM segments WHERE selected_take_id = ?",
        &new,
    )
    .await?;
    if chosen != 1 {
        return Err(format!("the new take {new} is not the one segment 2 uses").into());
    }
    let job_id = common::job_id(&mut app).await?;
    common::expect_job_status(scenario, &job_id, "completed").await?;
    app.close().await;
    Ok(())
}
