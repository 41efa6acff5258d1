//! `reelforge keyframe --prompt TEXT --out FILE [--provider ID] [--model ID] [--aspect R]`:
//! one storyboard keyframe made outside any job (the offline card renderer by default), and
//! `reelforge keyframe --list`: the image providers with their models, sizes and prices.

use crate::args::KeyframeArgs;
use crate::output::Output;
use reelforge_core::{Core, KeyframeOrder};
use reelforge_protocol::{ApiError, ImageProviderDescriptor, money::format_usd};

pub async fn run(core: &Core, args: KeyframeArgs, out: &Output) -> Result<(), ApiError> {
    if args.list {
        out.emit(&core.list_image_providers(), |providers| {
            print_list(providers)
        });
        return Ok(());
    }
    let (Some(prompt), Some(file)) = (args.prompt.as_deref(), args.out.as_deref()) else {
        unreachable!("clap requires --prompt and --out without --list");
    };
    let order = KeyframeOrder {
        provider: args.provider.as_deref(),
        model: args.model.as_deref(),
        aspect_ratio: args.aspect,
        prompt,
    };
    let made = core.render_keyframe(order, file).await?;
    out.emit(&made, |m| {
        println!(
            "Wrote {} ({}×{}, {} with {})",
            m.out, m.width, m.height, m.model, m.provider
        );
    });
    Ok(())
}

fn print_list(providers: &[ImageProviderDescriptor]) {
    for p in providers {
        let key = if p.needs_key { "needs a key" } else { "no key" };
        println!("{} — {} ({key}): {}", p.id, p.display_name, p.label);
        for m in &p.models {
            let sizes: Vec<String> = m
                .sizes
                .iter()
                .map(|s| format!("{} {}×{}", s.aspect_ratio, s.width, s.height))
                .collect();
            println!(
                "  {} — {}: {} per image; {}",
                m.id,
                m.display_name,
                format_usd(m.micros_per_image),
                sizes.join(", ")
            );
        }
    }
}
