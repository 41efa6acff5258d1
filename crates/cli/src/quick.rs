//! `reelforge quick "subject" …`: the script is written (offline by default), shown, and after
//! confirmation (or at once with `--yes`) turned into a job that this process generates with
//! its own engine and assembles to the platform preset, captions from the narration.
//! `--review` creates the job and stops; `--storyboard-first` makes a keyframe per segment and
//! stops for their review (with `--run-on`: approves and animates them, then goes on). Phases go to stderr; the result to stdout (the
//! `QuickOutcome` as JSON with `--json`).

use crate::args::QuickArgs;
use crate::output::Output;
use reelforge_core::{Core, CoreError, CoreResult, LockWait, QuickOutcome, QuickReporter};
use reelforge_protocol::{
    ApiError, ErrorCode, NarrationChoice, QuickPhase, QuickProgress, QuickRequest, ScriptDto,
    StyleDefaults,
};
use std::io::BufRead;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// The quick request the arguments describe.
pub fn request(args: &QuickArgs) -> QuickRequest {
    QuickRequest {
        pillar: args.pillar.clone(),
        target_duration_s: args.duration,
        aspect_ratio: args.aspect,
        language: args.lang,
        providers: args.provider.clone(),
        model: args.model.clone(),
        budget_cap_micros: args.budget,
        review: args.review,
        storyboard_first: args.storyboard_first,
        storyboard_run_on: args.run_on,
        style: StyleDefaults {
            character: args.character.clone().unwrap_or_default(),
            scene: args.scene.clone().unwrap_or_default(),
            visual_style: args.style.clone().unwrap_or_default(),
        },
        narration: NarrationChoice {
            provider: args.voice.as_ref().map(|v| v.provider.clone()),
            voice: args.voice.as_ref().and_then(|v| v.voice.clone()),
            ..NarrationChoice::default()
        },
        caption_style: args.captions.unwrap_or_default(),
        caption_platform: args.platform.unwrap_or_default(),
        ..QuickRequest::new(args.subject.clone())
    }
}

/// Refuses an unknown `--voice` provider before anything is written or generated.
fn check_voice(core: &Core, args: &QuickArgs) -> Result<(), ApiError> {
    let Some(spec) = &args.voice else {
        return Ok(());
    };
    let known: Vec<String> = core.list_voices().into_iter().map(|d| d.id).collect();
    if known.contains(&spec.provider) {
        return Ok(());
    }
    Err(ApiError::new(
        ErrorCode::Validation,
        format!(
            "--voice {}: no voice provider of that name (known: {})",
            spec.provider,
            known.join(", ")
        ),
    ))
}

pub async fn run(core: &Core, args: QuickArgs, out: &Output) -> Result<(), ApiError> {
    check_voice(core, &args)?;
    let mut req = request(&args);
    let script = core.write_script(&req).await?;
    if args.review {
        let job = core.create_quick_job(&req, &script).await?;
        out.emit(&job, |job| {
            print_script(&script);
            let id = &job.summary.id;
            println!(
                "\nCreated job {id} for review: `reelforge generate {id} --wait`, then \
                 `reelforge assemble {id}`"
            );
        });
        return Ok(());
    }
    if !out.json {
        print_script(&script);
        println!();
    }
    if !args.yes && !confirm("Generate this video?")? {
        println!("Nothing generated.");
        return Ok(());
    }
    let shutdown = CancellationToken::new();
    let engine = start_engine(core, &shutdown, out.json)?;
    if args.storyboard_first && !args.run_on {
        // Script → job → keyframes, then stop for the creator's review.
        let made = match core.create_quick_job(&req, &script).await {
            Ok(job) => core.quick_storyboard(&job.summary.id, false).await,
            Err(error) => Err(error),
        };
        stop_engine(engine, shutdown).await;
        let board = made?;
        out.emit(&board, |board| {
            let id = &board.job_id;
            println!(
                "Made {} keyframe(s) for job {id}: review them, then `reelforge storyboard {id} \
                 --approve --animate` and `reelforge generate {id} --wait`",
                board.segments.len()
            );
        });
        return Ok(());
    }
    req.script = Some(script);
    let result = core
        .run_quick(req, args.out, Some(phase_printer(out.json)))
        .await;
    stop_engine(engine, shutdown).await;
    let outcome = result?;
    out.emit(&outcome, print_outcome);
    Ok(())
}

/// Starts this process's engine on the data folder; `None` when another process (the
/// desktop app) already runs one, which then generates the job.
pub fn start_engine(
    core: &Core,
    shutdown: &CancellationToken,
    quiet: bool,
) -> Result<Option<JoinHandle<CoreResult<()>>>, ApiError> {
    match core.start_engine(shutdown.clone(), LockWait::Refuse) {
        Ok(handle) => Ok(Some(handle)),
        Err(CoreError::EngineBusy { .. }) => {
            if !quiet {
                eprintln!(
                    "another Reelforge process (the desktop app?) is generating on this data \
                     folder: it generates the job"
                );
            }
            Ok(None)
        }
        Err(other) => Err(other.into()),
    }
}

/// Stops the engine after its current step.
pub async fn stop_engine(engine: Option<JoinHandle<CoreResult<()>>>, shutdown: CancellationToken) {
    shutdown.cancel();
    if let Some(handle) = engine {
        match handle.await {
            Ok(Err(error)) => eprintln!("warning: the engine stopped with an error: {error}"),
            Err(join) => eprintln!("warning: the engine crashed: {join}"),
            Ok(Ok(())) => {}
        }
    }
}

/// Asks `question` on stdin; end of input (a script without `--yes`) is an error that says
/// what to do.
pub fn confirm(question: &str) -> Result<bool, ApiError> {
    eprint!("\n{question} [y/N] ");
    let mut line = String::new();
    let read = std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("cannot read stdin: {e}")))?;
    if read == 0 {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "no answer on stdin: pass --yes to go on without confirming",
        ));
    }
    Ok(matches!(
        line.trim().to_lowercase().as_str(),
        "y" | "yes" | "o" | "oui"
    ))
}

/// Prints each phase (and each finished segment) once, on stderr; nothing with `--json`.
pub fn phase_printer(quiet: bool) -> QuickReporter {
    let last: Mutex<Option<(QuickPhase, u32)>> = Mutex::new(None);
    Arc::new(move |p: &QuickProgress| {
        if quiet {
            return;
        }
        let mut last = last.lock().expect("phase printer");
        if *last == Some((p.phase, p.segments_done)) {
            return;
        }
        *last = Some((p.phase, p.segments_done));
        match p.phase {
            QuickPhase::Script => eprintln!("[1/4] writing the script"),
            QuickPhase::Create => {
                eprintln!("[2/4] creating the job ({} segments)", p.segment_count)
            }
            QuickPhase::Generate => eprintln!(
                "[3/4] generating: {}/{} segments done",
                p.segments_done, p.segment_count
            ),
            QuickPhase::Assemble => eprintln!("[4/4] assembling"),
            QuickPhase::Done => {}
        }
    })
}

/// The script for people: title, style, then each segment's beat, length, narration and shot.
pub fn print_script(script: &ScriptDto) {
    println!(
        "Script “{}” ({}, {} segments, {} s, writer: {})",
        script.title,
        script.language.as_str(),
        script.segments.len(),
        script.total_duration_s(),
        script.writer
    );
    for (i, segment) in script.segments.iter().enumerate() {
        println!(
            "\n{:>2}. {} ({} s, {})",
            i + 1,
            segment.beat,
            segment.duration_s,
            segment.mode
        );
        println!("    says:  {}", segment.narration);
        println!("    shows: {}", segment.prompt);
    }
}

fn print_outcome(outcome: &QuickOutcome) {
    let a = &outcome.assembly;
    println!(
        "Made {} ({}, {}×{}, {:.1} s) — job {}",
        a.output,
        a.preset,
        a.width,
        a.height,
        Duration::from_millis(a.duration_ms).as_secs_f64(),
        outcome.job.summary.id
    );
    if let Some(srt) = &a.srt {
        println!("Captions: {srt}");
    }
    if let Some(ass) = &a.ass {
        println!("Styled captions: {ass}");
    }
}
