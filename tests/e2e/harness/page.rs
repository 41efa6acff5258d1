//! What a scenario does in the window: find, click, type, choose, read, and wait for a
//! condition of the page. Waits poll the page every 100 ms up to a deadline (the condition is
//! the event; there is no fixed sleep) and name what they waited for when they time out.

use super::Outcome;
use super::app::App;
use fantoccini::Locator;
use fantoccini::elements::Element;
use fantoccini::key::Key;
use serde_json::Value;
use std::time::{Duration, Instant};

const POLL: Duration = Duration::from_millis(100);

impl App {
    /// The first element matching `css`, once there is one.
    pub async fn wait_for(&mut self, css: &str, within: Duration) -> Outcome<Element> {
        let started = Instant::now();
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                return Ok(element);
            }
            if started.elapsed() > within {
                return Err(format!("no `{css}` within {within:?}").into());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Runs `script` (a function body returning a value) until it returns something other than
    /// `null`, `false`, `0` or `""`; returns that value.
    pub async fn wait_js(&mut self, what: &str, script: &str, within: Duration) -> Outcome<Value> {
        let started = Instant::now();
        loop {
            let value = self.js(script).await?;
            let truthy = match &value {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return Ok(value);
            }
            if started.elapsed() > within {
                return Err(format!("timed out after {within:?} waiting for {what}").into());
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Runs `script` (a function body) in the page and returns its value.
    pub async fn js(&mut self, script: &str) -> Outcome<Value> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    /// Runs `script` with `args` (`arguments[0]`…) and returns its value.
    pub async fn js_with(&mut self, script: &str, args: Vec<Value>) -> Outcome<Value> {
        Ok(self.client.execute(script, args).await?)
    }

    /// The first element matching `css`, once there is one, scrolled to the middle of the
    /// view (WebDriver scrolls it just into view, where the wizard's sticky footer can cover
    /// it and take the click).
    pub async fn reach(&mut self, css: &str) -> Outcome<Element> {
        let element = self.wait_for(css, Duration::from_secs(20)).await?;
        self.js_with(
            "arguments[0].scrollIntoView({block: 'center'}); return true",
            vec![serde_json::to_value(&element)?],
        )
        .await?;
        Ok(element)
    }

    /// Clicks the first element matching `css` once it exists.
    pub async fn click(&mut self, css: &str) -> Outcome<()> {
        let element = self.reach(css).await?;
        element
            .click()
            .await
            .map_err(|error| format!("cannot click `{css}`: {error}"))?;
        Ok(())
    }

    /// Replaces the text of the input or textarea matching `css` by typing `text`.
    pub async fn fill(&mut self, css: &str, text: &str) -> Outcome<()> {
        let element = self.reach(css).await?;
        if text.is_empty() {
            // Select all and delete with keys: WebDriver's clear fires no `input` event, so
            // the UI would keep the old text.
            let erase: String = [
                Key::Control.into(),
                'a',
                Key::Null.into(),
                Key::Backspace.into(),
            ]
            .into_iter()
            .collect();
            element.send_keys(&erase).await?;
            return Ok(());
        }
        // Clear, then type: the typed text's `input` events carry the whole new value (number
        // fields ignore select-all).
        element.clear().await?;
        element
            .send_keys(text)
            .await
            .map_err(|error| format!("cannot type into `{css}`: {error}"))?;
        Ok(())
    }

    /// Chooses the option with `value` in the `<select>` matching `css`.
    pub async fn choose(&mut self, css: &str, value: &str) -> Outcome<()> {
        let element = self.reach(css).await?;
        element
            .select_by_value(value)
            .await
            .map_err(|error| format!("cannot choose `{value}` in `{css}`: {error}"))?;
        Ok(())
    }

    /// The visible text of the first element matching `css`.
    pub async fn text(&mut self, css: &str) -> Outcome<String> {
        let element = self.wait_for(css, Duration::from_secs(20)).await?;
        Ok(element.text().await?)
    }

    /// How many elements match `css` now.
    pub async fn count(&mut self, css: &str) -> Outcome<usize> {
        Ok(self.client.find_all(Locator::Css(css)).await?.len())
    }

    /// Waits until a `<video>` matching `css` is playing: it is not paused and its
    /// `currentTime` advances past where it was first seen.
    pub async fn wait_playing(&mut self, css: &str, within: Duration) -> Outcome<f64> {
        let script = format!(
            "const v = document.querySelector({css:?});
             if (!v) return null;
             if (v.dataset.e2eStart === undefined) v.dataset.e2eStart = String(v.currentTime);
             return (!v.paused && !v.ended && v.readyState >= 2
                     && v.currentTime > Number(v.dataset.e2eStart) + 0.2) ? v.currentTime : null;"
        );
        let time = self
            .wait_js(&format!("`{css}` to play"), &script, within)
            .await?;
        Ok(time.as_f64().unwrap_or_default())
    }
}
