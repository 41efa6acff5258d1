//! One launch of the real app under WebDriver: `tauri-driver` (which starts Debian's
//! `WebKitWebDriver`, which starts `reelforge-app` with automation enabled) in its own process
//! group, on free ports, with the scenario's environment (data directory, XDG folders, display,
//! provider base URLs…); and a fantoccini session to it.
//!
//! [`App::kill`] SIGKILLs the app process alone (the way a crash or a power cut ends it);
//! dropping an [`App`] ends the session and the whole process group.

use super::{Outcome, Scenario};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The app under test.
pub struct App {
    /// `None` once stopped.
    driver: Option<Child>,
    /// Where a dropped, still-running driver goes, for the runner to stop after it has taken
    /// the failure screenshot.
    leftovers: Arc<Mutex<Vec<Child>>>,
    /// The WebDriver session.
    pub client: Client,
    binary: PathBuf,
    data_dir: PathBuf,
}

/// A free loopback port (bound, read, released).
fn free_port() -> Outcome<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

impl App {
    /// Starts the app on the scenario's data directory with `env` added, and waits until the
    /// webview has loaded the UI (the app shell is in the page).
    pub async fn launch(scenario: &Scenario, env: &[(&str, String)]) -> Outcome<Self> {
        let port = free_port()?;
        let native_port = free_port()?;
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(scenario.dir.join("app.log"))?;
        let mut command = Command::new("tauri-driver");
        command
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env("DISPLAY", scenario.display.as_str())
            .env("REELFORGE_DATA_DIR", &scenario.data_dir)
            .env("XDG_DATA_HOME", scenario.dir.join("xdg-data"))
            .env("XDG_CONFIG_HOME", scenario.dir.join("xdg-config"))
            .env("XDG_CACHE_HOME", scenario.dir.join("xdg-cache"))
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        for (name, value) in env {
            command.env(name, value);
        }
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let driver = command
            .spawn()
            .map_err(|error| format!("cannot start tauri-driver: {error}"))?;
        let mut app = Self::connect(driver, port, scenario).await?;
        app.wait_for("#app-shell", Duration::from_secs(60)).await?;
        Ok(app)
    }

    async fn connect(mut driver: Child, port: u16, scenario: &Scenario) -> Outcome<Self> {
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = driver.try_wait()? {
                return Err(format!("tauri-driver exited: {status}").into());
            }
            if started.elapsed() > Duration::from_secs(20) {
                kill_group(&mut driver);
                return Err("tauri-driver did not listen within 20 s".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": scenario.binary }),
        );
        // tauri-driver listens before the WebKitWebDriver it starts does: a session request
        // in between fails to connect, so it is retried for a while.
        let client = loop {
            let attempt = ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await;
            match attempt {
                Ok(client) => break client,
                Err(error) if started.elapsed() < Duration::from_secs(30) => {
                    note_attempt(&error);
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(error) => {
                    kill_group(&mut driver);
                    return Err(format!("no WebDriver session: {error}").into());
                }
            }
        };
        scenario.attach(client.clone());
        Ok(Self {
            driver: Some(driver),
            leftovers: scenario.leftovers.clone(),
            client,
            binary: scenario.binary.clone(),
            data_dir: scenario.data_dir.clone(),
        })
    }

    /// SIGKILLs the app process (not the drivers) and waits until it is gone; the session is
    /// dead afterwards.
    pub async fn kill(mut self) -> Outcome<()> {
        let pid = app_pid(&self.binary, &self.data_dir).ok_or("the app process is not running")?;
        let status = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()?;
        if !status.success() {
            return Err(format!("kill -KILL {pid} failed").into());
        }
        let started = Instant::now();
        while Path::new(&format!("/proc/{pid}")).exists() && !is_zombie(pid) {
            if started.elapsed() > Duration::from_secs(10) {
                return Err(format!("process {pid} survived SIGKILL").into());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.stop_drivers();
        Ok(())
    }

    fn stop_drivers(&mut self) {
        if let Some(mut driver) = self.driver.take() {
            kill_group(&mut driver);
        }
    }

    /// Ends the session (the window closes, the app exits) and stops the drivers.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let started = Instant::now();
        while app_pid(&self.binary, &self.data_dir).is_some()
            && started.elapsed() < Duration::from_secs(10)
        {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.stop_drivers();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if let Some(driver) = self.driver.take() {
            match self.leftovers.lock() {
                Ok(mut leftovers) => leftovers.push(driver),
                Err(_) => kill_group(&mut { driver }),
            }
        }
    }
}

/// Stops the drivers of apps dropped while running (after a failure's evidence is saved).
pub fn stop_leftovers(leftovers: &Mutex<Vec<Child>>) {
    if let Ok(mut leftovers) = leftovers.lock() {
        for mut driver in leftovers.drain(..) {
            kill_group(&mut driver);
        }
    }
}

/// Shows why a session attempt failed when `REELFORGE_E2E_VERBOSE` is set.
fn note_attempt(error: &dyn std::fmt::Display) {
    if std::env::var_os("REELFORGE_E2E_VERBOSE").is_some() {
        eprintln!("  session attempt failed: {error}");
    }
}

/// SIGKILLs the process group led by `child` (tauri-driver, WebKitWebDriver, the app).
fn kill_group(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stderr(Stdio::null())
        .status();
    let _ = child.wait();
}

fn is_zombie(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| {
            stat.rsplit(')')
                .next()
                .unwrap_or("")
                .trim_start()
                .starts_with('Z')
        })
        .unwrap_or(true)
}

/// The pid of `binary` running on `data_dir` (from `/proc`: its executable and environment).
pub fn app_pid(binary: &Path, data_dir: &Path) -> Option<u32> {
    let wanted = format!("REELFORGE_DATA_DIR={}", data_dir.display());
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let exe = std::fs::read_link(entry.path().join("exe")).ok()?;
            if exe != binary || is_zombie(pid) {
                return None;
            }
            let environ = std::fs::read(entry.path().join("environ")).ok()?;
            environ
                .split(|byte| *byte == 0)
                .any(|pair| pair == wanted.as_bytes())
                .then_some(pid)
        })
}
