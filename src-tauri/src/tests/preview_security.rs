//! The preview server over real HTTP on 127.0.0.1 (raw requests, so nothing normalises the
//! path or the headers on the way): library files by id with Range support, and nothing
//! else — no missing or wrong token, unknown id, path trick, symlink out of the library,
//! foreign `Host` or non-GET method gets a byte of a file; `/etc/passwd` and the SQLite
//! database cannot be fetched by any route. Also: the window's CSP has no remote origin.

use super::{Harness, from_json};
use crate::import::OfferedFiles;
use crate::preview::{PreviewServer, csp};
use reelforge_protocol::Command;
use reelforge_protocol::{
    CreateJobRequest, ImportedAsset, JobConfig, JobDetail, MediaRef, TemplateDto, commands,
};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;
use tauri::Manager;

struct Reply {
    status: u16,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

/// Sends `head` (request line and headers, without the final blank line) and reads the
/// whole answer.
fn raw(port: u16, head: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(format!("{head}\r\nConnection: close\r\n\r\n").as_bytes())
        .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(&answer)));
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Reply {
        status: status.parse().unwrap(),
        headers,
        body: answer[split + 4..].to_vec(),
    }
}

/// A GET of `target` with the right `Host` and `extra` headers.
fn get(port: u16, target: &str, extra: &str) -> Reply {
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!("\r\n{extra}")
    };
    raw(
        port,
        &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}{extra}"),
    )
}

/// The path and query of a preview URL.
fn target(url: &str) -> String {
    let rest = url.strip_prefix("http://127.0.0.1:").unwrap();
    rest[rest.find('/').unwrap()..].to_owned()
}

/// Refused, and not a byte of a secret in the answer.
fn assert_refused(reply: &Reply, what: &str) {
    assert!(
        reply.status >= 400,
        "{what}: answered {} {:?}",
        reply.status,
        String::from_utf8_lossy(&reply.body)
    );
    let body = String::from_utf8_lossy(&reply.body);
    assert!(!body.contains("root:"), "{what}: /etc/passwd leaked");
    assert!(
        !body.contains("SQLite format"),
        "{what}: the database leaked"
    );
    assert!(
        !reply.body.windows(4).any(|w| w == [0, 1, 2, 3]),
        "{what}: a library file leaked"
    );
}

/// 1000 bytes: 0, 1, 2, … 255, 0, 1, …
fn clip_bytes() -> Vec<u8> {
    (0..1000_u32).map(|i| (i % 256) as u8).collect()
}

struct Library {
    harness: Harness,
    port: u16,
    take: String,
    job: String,
    asset: String,
    _outside: tempfile::TempDir,
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

async fn insert_take(harness: &Harness, id: &str, job: &JobDetail, output: &str) {
    sqlx::query(
        "INSERT INTO generations (id, segment_id, job_id, provider, status, output_path, \
         created_at, updated_at) VALUES (?, ?, ?, 'local', 'succeeded', ?, 0, 0)",
    )
    .bind(id)
    .bind(job.segments[0].id.as_str())
    .bind(job.summary.id.as_str())
    .bind(output)
    .execute(harness.core.db().writer())
    .await
    .unwrap();
}

async fn insert_asset(harness: &Harness, id: &str, path: &str) {
    sqlx::query(
        "INSERT INTO assets (id, sha256, kind, path, mime, size_bytes, created_at) \
         VALUES (?, ?, 'image', ?, 'image/png', 1, 0)",
    )
    .bind(id)
    .bind(id)
    .bind(path)
    .execute(harness.core.db().writer())
    .await
    .unwrap();
}

/// A job with a take (clip, thumbnail, preview proxy), a final export and an imported image;
/// plus hostile rows: a take pointing at the database, assets pointing out of the library
/// directly and through a symlink.
fn library() -> Library {
    let harness = Harness::new();
    let port = harness.app.state::<PreviewServer>().port();
    let data = harness.core.data_dir().to_owned();
    let outside = tempfile::tempdir().unwrap();

    let templates: Vec<TemplateDto> = from_json(
        harness
            .invoke(commands::ListTemplates::NAME, Value::Null)
            .unwrap(),
    );
    let job: JobDetail = from_json(
        harness
            .invoke(
                commands::CreateJob::NAME,
                serde_json::to_value(CreateJobRequest {
                    title: "Preview check".into(),
                    subject: String::new(),
                    template_id: Some(templates[0].id.clone()),
                    segment_count: None,
                    config: JobConfig::default(),
                    budget_cap_micros: None,
                })
                .unwrap(),
            )
            .unwrap(),
    );
    let take = "7d8e2f3a-0000-4000-8000-00000000c11b";
    let takes = data.join("library/takes");
    write(&takes.join(format!("{take}.mp4")), &clip_bytes());
    write(
        &takes.join(format!("{take}.thumb.jpg")),
        b"\xFF\xD8\xFFthumb",
    );
    write(&takes.join(format!("{take}.preview.mp4")), b"preview-proxy");
    let short: String = job
        .summary
        .id
        .as_str()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    write(
        &data.join(format!("exports/preview-check-{short}.mp4")),
        b"final-video",
    );

    let image = outside.path().join("ref.png");
    write(&image, super::imports::PNG_1X1);
    harness.app.state::<OfferedFiles>().offer([image.as_path()]);
    let imported: ImportedAsset = from_json(
        harness
            .invoke(
                commands::ImportAsset::NAME,
                json!({ "path": image.display().to_string() }),
            )
            .unwrap(),
    );

    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", data.join("library/passwd.png")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        data.join("reelforge.sqlite3"),
        data.join("library/takes/db.mp4"),
    )
    .unwrap();
    tauri::async_runtime::block_on(async {
        insert_take(&harness, take, &job, &format!("takes/{take}.mp4")).await;
        insert_take(&harness, "take-db", &job, "../reelforge.sqlite3").await;
        insert_take(&harness, "take-abs", &job, "/etc/passwd").await;
        insert_take(&harness, "take-link", &job, "takes/db.mp4").await;
        insert_asset(&harness, "asset-up", "../../../../../../etc/passwd").await;
        insert_asset(&harness, "asset-link", "passwd.png").await;
    });
    Library {
        port,
        take: take.to_owned(),
        job: job.summary.id.to_string(),
        asset: imported.asset_id.to_string(),
        harness,
        _outside: outside,
    }
}

impl Library {
    fn url(&self, media: MediaRef) -> String {
        target(&self.harness.app.state::<PreviewServer>().url(&media))
    }

    fn take_url(&self) -> String {
        self.url(MediaRef::Take {
            take_id: self.take.as_str().into(),
        })
    }

    fn token(&self) -> String {
        self.take_url().split('/').nth(1).unwrap().to_owned()
    }
}

#[test]
fn library_files_are_served_by_id_with_ranges() {
    let lib = library();
    let clip = clip_bytes();

    let whole = get(lib.port, &lib.take_url(), "");
    assert_eq!(whole.status, 200);
    assert_eq!(whole.body, clip);
    assert_eq!(whole.headers["content-type"], "video/mp4");
    assert_eq!(whole.headers["content-length"], "1000");
    assert_eq!(whole.headers["accept-ranges"], "bytes");
    assert_eq!(whole.headers["cache-control"], "no-store");
    assert_eq!(whole.headers["x-content-type-options"], "nosniff");
    assert!(!whole.headers.contains_key("access-control-allow-origin"));

    let part = get(lib.port, &lib.take_url(), "Range: bytes=10-19");
    assert_eq!(part.status, 206);
    assert_eq!(part.body, clip[10..20]);
    assert_eq!(part.headers["content-range"], "bytes 10-19/1000");
    assert_eq!(part.headers["content-length"], "10");
    let open = get(lib.port, &lib.take_url(), "Range: bytes=990-");
    assert_eq!((open.status, &open.body[..]), (206, &clip[990..]));
    let tail = get(lib.port, &lib.take_url(), "Range: bytes=-3");
    assert_eq!((tail.status, &tail.body[..]), (206, &clip[997..]));
    let past = get(lib.port, &lib.take_url(), "Range: bytes=1000-");
    assert_eq!(past.status, 416);
    assert_eq!(past.headers["content-range"], "bytes */1000");

    let cases = [
        (
            MediaRef::TakeThumbnail {
                take_id: lib.take.as_str().into(),
            },
            "image/jpeg",
            &b"\xFF\xD8\xFFthumb"[..],
        ),
        (
            MediaRef::TakePreview {
                take_id: lib.take.as_str().into(),
            },
            "video/mp4",
            b"preview-proxy",
        ),
        (
            MediaRef::FinalVideo {
                job_id: lib.job.as_str().into(),
            },
            "video/mp4",
            b"final-video",
        ),
        (
            MediaRef::Asset {
                asset_id: lib.asset.as_str().into(),
            },
            "image/png",
            super::imports::PNG_1X1,
        ),
    ];
    for (media, content_type, body) in cases {
        let reply = get(lib.port, &lib.url(media.clone()), "");
        assert_eq!(reply.status, 200, "{media:?}");
        assert_eq!(reply.headers["content-type"], content_type, "{media:?}");
        assert_eq!(reply.body, body, "{media:?}");
    }
}

#[test]
fn tokens_ids_and_path_tricks_are_refused() {
    let lib = library();
    let token = lib.token();
    assert_eq!(token.len(), 64, "256-bit token");
    let take = &lib.take;
    let mut wrong = token.clone().into_bytes();
    wrong[10] = if wrong[10] == b'a' { b'b' } else { b'a' };
    let wrong = String::from_utf8(wrong).unwrap();

    let targets = [
        // Token missing, wrong, partial, or in the wrong place.
        format!("/take/{take}"),
        format!("//take/{take}"),
        format!("/{wrong}/take/{take}"),
        format!("/{}/take/{take}", &token[..32]),
        format!("/{token}x/take/{take}"),
        format!("/take/{take}?token={token}"),
        // Unknown ids and routes.
        format!("/{token}/take/00000000-0000-0000-0000-000000000000"),
        format!("/{token}/final/00000000-0000-0000-0000-000000000000"),
        format!("/{token}/asset/00000000-0000-0000-0000-000000000000"),
        format!("/{token}/db/{take}"),
        format!("/{token}/take/{take}/extra"),
        format!("/{token}/take/{take}.mp4"),
        // Path tricks.
        format!("/{token}/take/../../reelforge.sqlite3"),
        format!("/{token}/../../../../etc/passwd"),
        format!("/{token}/%2e%2e/%2e%2e/etc/passwd"),
        format!("/{token}/take/%2e%2e%2freelforge.sqlite3"),
        format!("/{token}/asset/..%2f..%2f..%2fetc%2fpasswd"),
        format!("/{token}/take/%2fetc%2fpasswd"),
        format!("/{token}/take/%252e%252e%252freelforge.sqlite3"),
        format!("/{token}/take/..\\..\\reelforge.sqlite3"),
        format!("/{token}/take//etc/passwd"),
        "/etc/passwd".to_owned(),
        "/reelforge.sqlite3".to_owned(),
        "/library/".to_owned(),
        format!("/{token}/"),
        format!("/{token}/take/"),
        "/".to_owned(),
        // Rows pointing out of the library, directly or through a symlink inside it.
        format!("/{token}/take/take-db"),
        format!("/{token}/take/take-abs"),
        format!("/{token}/take/take-link"),
        format!("/{token}/asset/asset-up"),
        format!("/{token}/asset/asset-link"),
    ];
    for target in &targets {
        assert_refused(&get(lib.port, target, ""), target);
    }
    // An absolute-form request target naming the file system.
    let absolute = raw(
        lib.port,
        &format!(
            "GET http://127.0.0.1:{}/etc/passwd HTTP/1.1\r\nHost: 127.0.0.1:{}",
            lib.port, lib.port
        ),
    );
    assert_refused(&absolute, "absolute-form target");

    // Every route, with names of files that exist in the data folder.
    for route in MediaRef::ROUTES {
        for id in [
            "reelforge.sqlite3",
            "reelforge-sqlite3",
            "passwd",
            "..",
            "library",
        ] {
            let target = format!("/{token}/{route}/{id}");
            assert_refused(&get(lib.port, &target, ""), &target);
        }
    }
    // The right URL still works: the refusals above were not a dead server.
    assert_eq!(get(lib.port, &lib.take_url(), "").status, 200);
}

#[test]
fn other_hosts_and_methods_are_refused() {
    let lib = library();
    let (port, url) = (lib.port, lib.take_url());
    let hosts = [
        "Host: evil.example".to_owned(),
        format!("Host: evil.example:{port}"),
        format!("Host: localhost:{port}"),
        "Host: 127.0.0.1".to_owned(),
        format!("Host: 127.0.0.1:{}", port.wrapping_add(1)),
        format!("Host: [::1]:{port}"),
        format!("Host: 127.0.0.1:{port}\r\nHost: evil.example"),
    ];
    for host in &hosts {
        let reply = raw(port, &format!("GET {url} HTTP/1.1\r\n{host}"));
        assert_refused(&reply, host);
    }
    let no_host = raw(port, &format!("GET {url} HTTP/1.1"));
    assert_refused(&no_host, "no Host");
    let absolute = raw(
        port,
        &format!("GET http://evil.example{url} HTTP/1.1\r\nHost: 127.0.0.1:{port}"),
    );
    assert_refused(&absolute, "foreign absolute-form authority");

    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE"] {
        let reply = raw(
            port,
            &format!("{method} {url} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0"),
        );
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.headers["allow"], "GET", "{method}");
    }
}

/// The sources a directive of the shipped CSP may name: nothing remote.
fn allowed_source(source: &str) -> bool {
    matches!(
        source,
        "'self'"
            | "'none'"
            | "'wasm-unsafe-eval'"
            | "'unsafe-inline'"
            | "data:"
            | "ipc:"
            | "http://ipc.localhost"
    )
}

fn directives(policy: &str) -> HashMap<String, Vec<String>> {
    policy
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace();
            let name = words.next()?.to_owned();
            Some((name, words.map(str::to_owned).collect()))
        })
        .collect()
}

#[test]
fn the_csp_has_no_remote_origin_and_previews_from_the_server_only() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tauri.conf.json");
    let config: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let shipped = config["app"]["security"]["csp"].as_str().expect("no CSP");
    let parsed = directives(shipped);
    assert_eq!(parsed["default-src"], ["'self'"]);
    assert_eq!(parsed["object-src"], ["'none'"]);
    for (name, sources) in &parsed {
        for source in sources {
            assert!(allowed_source(source), "{name} allows {source}");
        }
        if name != "style-src" {
            assert!(!sources.contains(&"'unsafe-inline'".to_owned()), "{name}");
        }
        assert!(!sources.contains(&"'unsafe-eval'".to_owned()), "{name}");
    }
    let security = &config["app"]["security"];
    assert!(security["dangerousDisableAssetCspModification"].is_null());
    assert!(security["assetProtocol"]["enable"] != json!(true));

    // The runtime policy: the shipped one plus exactly this launch's preview origin.
    let lib = library();
    let origin = lib.harness.app.state::<PreviewServer>().origin();
    let mut context = crate::context::<tauri::test::MockRuntime>();
    csp::allow_preview_origin(context.config_mut(), &origin);
    let runtime = context
        .config()
        .app
        .security
        .csp
        .as_ref()
        .unwrap()
        .to_string();
    for (name, sources) in directives(&runtime) {
        for source in &sources {
            let preview = csp::PREVIEW_DIRECTIVES.contains(&name.as_str()) && *source == origin;
            assert!(allowed_source(source) || preview, "{name} allows {source}");
        }
        if csp::PREVIEW_DIRECTIVES.contains(&name.as_str()) {
            assert!(sources.contains(&origin), "{name} misses {origin}");
        }
    }
    assert_eq!(directives(&runtime)["default-src"], ["'self'"]);
}
