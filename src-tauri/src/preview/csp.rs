//! The window's Content Security Policy with the preview server's origin added.
//!
//! `tauri.conf.json` holds the static policy (no remote origin, `default-src 'self'`). The
//! preview server's port is chosen by the OS at each launch, so its origin
//! (`http://127.0.0.1:<port>`) cannot be written there: the shell binds the server first,
//! then adds that exact origin to `img-src` and `media-src` in the compile-time
//! [`tauri::Context`]'s config before the app and its window are built. Tauri reads
//! `app.security.csp` at runtime whenever it serves the UI's HTML (adding its script hashes and
//! nonces then), so the header the webview gets carries the port of this launch.
//!
//! A fixed custom scheme (`register_uri_scheme_protocol`) would avoid the runtime edit, but
//! WebKitGTK does not stream `<video>` from custom schemes (the reason for the loopback
//! server, see BUILD.md), and a fixed port could be taken by another program.

use tauri::utils::config::{Config, Csp};

/// The directives that may load from the preview server.
pub const PREVIEW_DIRECTIVES: [&str; 2] = ["img-src", "media-src"];

/// `policy` with `origin` added to [`PREVIEW_DIRECTIVES`] (each created, from `'self'`, when
/// missing); other directives are kept as they are.
pub fn with_origin(policy: &str, origin: &str) -> String {
    let mut directives: Vec<String> = policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .collect();
    for name in PREVIEW_DIRECTIVES {
        let existing = directives
            .iter_mut()
            .find(|d| d.split_whitespace().next() == Some(name));
        match existing {
            Some(directive) => {
                if !directive.split_whitespace().any(|s| s == origin) {
                    directive.push(' ');
                    directive.push_str(origin);
                }
            }
            None => directives.push(format!("{name} 'self' {origin}")),
        }
    }
    directives.join("; ")
}

/// Sets the runtime CSP of `config` to its policy with `origin` allowed for images and media.
/// A config without a CSP gets none (Tauri then enforces nothing; the shipped config has one).
pub fn allow_preview_origin(config: &mut Config, origin: &str) {
    if let Some(csp) = &config.app.security.csp {
        let policy = with_origin(&csp.to_string(), origin);
        config.app.security.csp = Some(Csp::Policy(policy));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_origin_is_added_to_images_and_media_only() {
        let policy = "default-src 'self'; img-src 'self' data:; script-src 'self'";
        let out = with_origin(policy, "http://127.0.0.1:4242");
        assert_eq!(
            out,
            "default-src 'self'; img-src 'self' data: http://127.0.0.1:4242; script-src 'self'; \
             media-src 'self' http://127.0.0.1:4242"
        );
        assert_eq!(
            with_origin(&out, "http://127.0.0.1:4242"),
            out,
            "idempotent"
        );
    }
}
