//! `reelforge music [--folder FOLDER | --no-folder]`: the music library's folder and usable
//! tracks (name, length), after choosing the folder when asked. `assemble --music auto` and
//! quick mode take their bed from it.

use crate::args::MusicArgs;
use crate::output::Output;
use reelforge_core::Core;
use reelforge_protocol::{ApiError, MusicLibrary};

pub async fn run(core: &Core, args: MusicArgs, out: &Output) -> Result<(), ApiError> {
    let library = if args.no_folder {
        core.set_music_folder(None).await?
    } else if let Some(folder) = args.folder {
        let folder = std::path::absolute(&folder).unwrap_or(folder);
        core.set_music_folder(Some(folder.display().to_string()))
            .await?
    } else {
        core.music_library().await?
    };
    out.emit(&library, print_library);
    Ok(())
}

fn print_library(library: &MusicLibrary) {
    let Some(folder) = &library.folder else {
        println!("No music folder: choose one with `reelforge music --folder FOLDER`.");
        return;
    };
    println!("{folder}: {} usable tracks", library.tracks.len());
    for track in &library.tracks {
        println!(
            "  {} ({:.1} s)",
            track.name,
            track.duration_ms as f64 / 1000.0
        );
    }
}
