//! The suite's runner: checks the tools are there, starts one Xvfb, runs the chosen scenarios
//! one after another, each on a fresh data directory, prints each one's time, and on a failure
//! saves the window's screenshot, the page's HTML and the app's log under
//! `target/e2e/<scenario>/`.

pub mod app;
pub mod display;
pub mod os_drop;
pub mod page;

use fantoccini::Client;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::Child;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A scenario's result; errors are messages for the person reading the run.
pub type Outcome<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The longest a scenario may run (the slowest takes about 3 minutes here). Past it the
/// window is taken as stuck: WebKitGTK's media pipeline has been seen (once, in a full run)
/// to stop answering a WebDriver command for good after a video started playing, which
/// would otherwise hold the whole suite until CI's own limit.
const SCENARIO_LIMIT: Duration = Duration::from_secs(15 * 60);

/// A scenario that did not end within [`SCENARIO_LIMIT`].
#[derive(Debug)]
struct Stuck(Duration);

impl std::fmt::Display for Stuck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the scenario did not end within {:?}: the window stopped answering",
            self.0
        )
    }
}

impl std::error::Error for Stuck {}

/// What a scenario gets: its own folders and the shared display.
pub struct Scenario {
    pub name: &'static str,
    /// Scratch folder of this scenario (logs, XDG folders, inputs).
    pub dir: PathBuf,
    /// The app's data directory, empty at the start.
    pub data_dir: PathBuf,
    /// `DISPLAY` value.
    pub display: String,
    /// The `reelforge-app` binary.
    pub binary: PathBuf,
    /// Where failure evidence and requested artefacts go (`target/e2e/<name>`).
    pub artefacts: PathBuf,
    session: Mutex<Option<Client>>,
    /// Drivers of apps dropped while running (see [`app::stop_leftovers`]).
    pub leftovers: Arc<Mutex<Vec<Child>>>,
}

impl Scenario {
    /// Remembers the latest session, for the screenshot on failure.
    pub fn attach(&self, client: Client) {
        if let Ok(mut session) = self.session.lock() {
            *session = Some(client);
        }
    }
}

type Run = for<'a> fn(&'a Scenario) -> Pin<Box<dyn Future<Output = Outcome<()>> + 'a>>;

/// A named scenario; `on_request` ones run only when named on the command line.
pub struct Entry {
    pub name: &'static str,
    pub run: Run,
    pub on_request: bool,
}

/// `target/debug` (or `$CARGO_TARGET_DIR/debug`): the folder above this test binary's `deps`.
fn profile_dir() -> Outcome<PathBuf> {
    let exe = std::env::current_exe()?;
    let deps = exe.parent().ok_or("test binary has no folder")?;
    Ok(deps.parent().ok_or("no profile folder")?.to_path_buf())
}

fn missing_tools(binary: &Path) -> Vec<String> {
    let mut missing: Vec<String> = ["Xvfb", "tauri-driver", "WebKitWebDriver", "ffmpeg"]
        .into_iter()
        .filter(|tool| {
            std::process::Command::new("sh")
                .args(["-c", &format!("command -v {tool}")])
                .stdout(std::process::Stdio::null())
                .status()
                .map(|status| !status.success())
                .unwrap_or(true)
        })
        .map(str::to_owned)
        .collect();
    if !binary.exists() {
        missing.push(format!(
            "{} (cargo build -p reelforge-app)",
            binary.display()
        ));
    }
    missing
}

/// Runs the scenarios chosen by the command line (all but the on-request ones when none is
/// named; `--list` lists them) and returns the process exit code.
pub fn main(entries: &[Entry]) -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "--list") {
        for entry in entries {
            println!("{}: test", entry.name);
        }
        return ExitCode::SUCCESS;
    }
    let named: Vec<&String> = args.iter().filter(|arg| !arg.starts_with('-')).collect();
    let chosen: Vec<&Entry> = entries
        .iter()
        .filter(|entry| {
            if named.is_empty() {
                !entry.on_request
            } else {
                named.iter().any(|name| entry.name.contains(name.as_str()))
            }
        })
        .collect();
    let binary = match profile_dir() {
        Ok(dir) => dir.join("reelforge-app"),
        Err(error) => {
            eprintln!("e2e: {error}");
            return ExitCode::FAILURE;
        }
    };
    let missing = missing_tools(&binary);
    if !missing.is_empty() {
        let required = std::env::var("REELFORGE_REQUIRE_E2E").is_ok_and(|v| v == "1");
        eprintln!(
            "e2e: {} the end-to-end suite: missing {}",
            if required { "cannot run" } else { "skipping" },
            missing.join(", ")
        );
        return if required {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        };
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("e2e: no runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let display = match display::Display::start() {
        Ok(display) => display,
        Err(error) => {
            eprintln!("e2e: {error}");
            return ExitCode::FAILURE;
        }
    };
    let artefacts_root = binary
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("."))
        .join("e2e");
    println!(
        "\nrunning {} end-to-end scenarios on {}",
        chosen.len(),
        display.name()
    );
    let total = Instant::now();
    let mut failed = Vec::new();
    for entry in chosen {
        let started = Instant::now();
        let mut result = runtime.block_on(run_one(entry, &binary, display.name(), &artefacts_root));
        if result.as_ref().is_err_and(|error| error.is::<Stuck>()) {
            // A stuck window, not a failed check: said, and run once more on fresh folders.
            println!("scenario {} ... STUCK; running it again once", entry.name);
            result = runtime.block_on(run_one(entry, &binary, display.name(), &artefacts_root));
        }
        let seconds = started.elapsed().as_secs_f64();
        match result {
            Ok(()) => println!("scenario {} ... ok ({seconds:.1} s)", entry.name),
            Err(error) => {
                println!(
                    "scenario {} ... FAILED ({seconds:.1} s)\n  {error}",
                    entry.name
                );
                failed.push(entry.name);
            }
        }
    }
    println!(
        "\ne2e: {} failed; total {:.1} s",
        failed.len(),
        total.elapsed().as_secs_f64()
    );
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        println!("failed: {}", failed.join(", "));
        ExitCode::FAILURE
    }
}

async fn run_one(entry: &Entry, binary: &Path, display: &str, root: &Path) -> Outcome<()> {
    let temp = tempfile::Builder::new()
        .prefix(&format!("reelforge-e2e-{}-", entry.name))
        .tempdir()?;
    let data_dir = temp.path().join("data");
    std::fs::create_dir_all(&data_dir)?;
    let artefacts = root.join(entry.name);
    let _ = std::fs::remove_dir_all(&artefacts);
    std::fs::create_dir_all(&artefacts)?;
    let scenario = Scenario {
        name: entry.name,
        dir: temp.path().to_path_buf(),
        data_dir,
        display: display.to_owned(),
        binary: binary.to_path_buf(),
        artefacts: artefacts.clone(),
        session: Mutex::new(None),
        leftovers: Arc::default(),
    };
    let result = match tokio::time::timeout(SCENARIO_LIMIT, (entry.run)(&scenario)).await {
        Ok(result) => result,
        Err(_) => Err(Stuck(SCENARIO_LIMIT).into()),
    };
    if result.is_err() {
        // A stuck window may not answer the evidence requests either.
        let _ = tokio::time::timeout(Duration::from_secs(30), save_evidence(&scenario)).await;
    }
    app::stop_leftovers(&scenario.leftovers);
    result
}

/// The screenshot, the page's HTML and the app log of a failed scenario.
async fn save_evidence(scenario: &Scenario) {
    let client = scenario
        .session
        .lock()
        .ok()
        .and_then(|session| session.clone());
    if let Some(client) = client {
        match client.screenshot().await {
            Ok(png) => {
                let _ = std::fs::write(scenario.artefacts.join("failure.png"), png);
            }
            Err(error) => println!("  no screenshot: {error}"),
        }
        if let Ok(html) = client.source().await {
            let _ = std::fs::write(scenario.artefacts.join("page.html"), html);
        }
    }
    let _ = std::fs::copy(
        scenario.dir.join("app.log"),
        scenario.artefacts.join("app.log"),
    );
    println!("  evidence in {}", scenario.artefacts.display());
}
