//! Queries on `take_media`: each take's ffprobe summary with the size and modification time
//! of its file when it was read (a [`KnownProbe`]), stored when the take's thumbnail and
//! preview are made and read back by assembly, which probes again only a changed file and
//! hands back what it read ([`store_reprobed`]) so the next assembly need not probe it.

use super::{decode_json, encode_json};
use crate::error::CoreResult;
use crate::media::{FileStamp, KnownProbe, MediaInfo};
use reelforge_protocol::{JobId, TakeId};
use sqlx::SqliteConnection;
use std::collections::HashMap;
use std::path::PathBuf;

/// Stores (or replaces) the summary of a take's file.
pub async fn upsert(
    conn: &mut SqliteConnection,
    take: &TakeId,
    known: &KnownProbe,
    now: i64,
) -> CoreResult<()> {
    let info = &known.info;
    let video = info.video.as_ref();
    sqlx::query(
        "INSERT INTO take_media (take_id, file_size_bytes, file_mtime_ns, duration_ms, width, \
         height, fps, video_codec, audio_codec, has_audio, info_json, probed_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (take_id) DO UPDATE SET file_size_bytes = excluded.file_size_bytes, \
         file_mtime_ns = excluded.file_mtime_ns, duration_ms = excluded.duration_ms, \
         width = excluded.width, height = excluded.height, fps = excluded.fps, \
         video_codec = excluded.video_codec, audio_codec = excluded.audio_codec, \
         has_audio = excluded.has_audio, info_json = excluded.info_json, \
         probed_at = excluded.probed_at",
    )
    .bind(take.as_str())
    .bind(i64::try_from(known.stamp.size_bytes).unwrap_or(i64::MAX))
    .bind(known.stamp.modified_ns)
    .bind(i64::try_from(info.clip_duration().as_millis()).unwrap_or(i64::MAX))
    .bind(video.map(|v| i64::from(v.width)))
    .bind(video.map(|v| i64::from(v.height)))
    .bind(video.map(|v| v.fps.to_string()))
    .bind(video.map(|v| v.codec.clone()))
    .bind(info.audio.as_ref().map(|a| a.codec.clone()))
    .bind(info.audio.is_some())
    .bind(encode_json(info))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

type Row = (String, i64, i64, String);

fn known_from(row: Row) -> CoreResult<(TakeId, KnownProbe)> {
    let (take, size, mtime, json) = row;
    let info: MediaInfo = decode_json("take_media.info_json", &json)?;
    let stamp = FileStamp {
        size_bytes: u64::try_from(size).unwrap_or(0),
        modified_ns: mtime,
    };
    Ok((TakeId(take), KnownProbe { info, stamp }))
}

/// The stored summary of a take's file, if any.
pub async fn get(conn: &mut SqliteConnection, take: &TakeId) -> CoreResult<Option<KnownProbe>> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT take_id, file_size_bytes, file_mtime_ns, info_json FROM take_media \
         WHERE take_id = ?",
    )
    .bind(take.as_str())
    .fetch_optional(conn)
    .await?;
    row.map(|r| known_from(r).map(|(_, known)| known))
        .transpose()
}

/// The stored summaries of every take of a job that has one.
pub async fn for_job(
    conn: &mut SqliteConnection,
    job: &JobId,
) -> CoreResult<Vec<(TakeId, KnownProbe)>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT m.take_id, m.file_size_bytes, m.file_mtime_ns, m.info_json FROM take_media m \
         JOIN generations g ON g.id = m.take_id WHERE g.job_id = ?",
    )
    .bind(job.as_str())
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(known_from).collect()
}

/// Stores the summaries an assembly read again (`Assembly::reprobed`: new or changed files,
/// each with its stamp) for the takes whose output file they describe (`files`); returns how
/// many were stored.
pub async fn store_reprobed(
    conn: &mut SqliteConnection,
    files: &HashMap<TakeId, PathBuf>,
    reprobed: &[KnownProbe],
    now: i64,
) -> CoreResult<usize> {
    let mut stored = 0;
    for known in reprobed {
        for (take, _) in files.iter().filter(|(_, path)| **path == known.info.path) {
            upsert(&mut *conn, take, known, now).await?;
            stored += 1;
        }
    }
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::{MediaInfo, VideoStream};
    use crate::storage::Db;
    use std::time::Duration;

    fn known(path: &str, secs: u64, size: u64) -> KnownProbe {
        let info: MediaInfo = serde_json::from_value(serde_json::json!({
            "path": path, "duration": {"secs": secs, "nanos": 0}, "size_bytes": size,
            "format_name": "mp4", "video": null, "audio": null,
        }))
        .unwrap();
        KnownProbe {
            info,
            stamp: FileStamp {
                size_bytes: size,
                modified_ns: 7,
            },
        }
    }

    #[tokio::test]
    async fn reprobed_summaries_replace_the_stored_ones_of_their_takes() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("db.sqlite3")).await.unwrap();
        let mut conn = db.writer().acquire().await.unwrap();
        // Only take_media is under test: no jobs, segments or generations behind the takes.
        sqlx::query("PRAGMA foreign_keys = OFF")
            .execute(&mut *conn)
            .await
            .unwrap();
        let (a, b) = (TakeId("take-a".into()), TakeId("take-b".into()));
        upsert(&mut conn, &a, &known("/lib/a.mp4", 5, 100), 1)
            .await
            .unwrap();
        upsert(&mut conn, &b, &known("/lib/b.mp4", 5, 200), 1)
            .await
            .unwrap();
        let files = HashMap::from([
            (a.clone(), PathBuf::from("/lib/a.mp4")),
            (b.clone(), PathBuf::from("/lib/b.mp4")),
        ]);
        // a.mp4 was replaced (a new size and length); c.mp4 is no take's file.
        let mut changed = known("/lib/a.mp4", 6, 150);
        changed.info.video = Some(VideoStream {
            codec: "h264".into(),
            profile: None,
            width: 720,
            height: 1280,
            fps: crate::media::Ratio { num: 30, den: 1 },
            pix_fmt: "yuv420p".into(),
            time_base: crate::media::Ratio {
                num: 1,
                den: 15_360,
            },
            sar: crate::media::Ratio::ONE,
            duration: Some(Duration::from_secs(6)),
        });
        let other = known("/lib/c.mp4", 1, 1);
        let stored = store_reprobed(&mut conn, &files, &[changed.clone(), other], 2)
            .await
            .unwrap();
        assert_eq!(stored, 1);
        assert_eq!(get(&mut conn, &a).await.unwrap(), Some(changed));
        assert_eq!(
            get(&mut conn, &b).await.unwrap(),
            Some(known("/lib/b.mp4", 5, 200)),
            "unchanged"
        );
        let (width, ms): (Option<i64>, i64) =
            sqlx::query_as("SELECT width, duration_ms FROM take_media WHERE take_id = 'take-a'")
                .fetch_one(&mut *conn)
                .await
                .unwrap();
        assert_eq!((width, ms), (Some(720), 6000));
    }
}
