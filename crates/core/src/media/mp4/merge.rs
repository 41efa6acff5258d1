//! Merging the [`SampleTables`] of one track of every input, one after another: runs joined,
//! sample numbers and chunk indexes shifted, optional tables filled in for the inputs that
//! lack them (no `ctts`: offsets 0; no `stss`: every sample is a sync sample). The sample
//! descriptions must match up to their bitrate fields (see [`same_description`]).

use super::Unsupported;
use super::describe::same_description;
use super::tables::{SampleSizes, SampleTables, SampleToGroup};

impl SampleTables {
    /// The inputs' tables one after another (chunk offsets already rebased).
    pub(crate) fn merge(parts: &[SampleTables]) -> Result<SampleTables, Unsupported> {
        let first = parts.first().ok_or_else(|| Unsupported::new("no inputs"))?;
        if parts
            .iter()
            .any(|p| !same_description(&p.stsd, &first.stsd))
        {
            return Err(Unsupported::new("the sample descriptions differ"));
        }
        if parts.iter().any(|p| p.sgpd != first.sgpd) {
            return Err(Unsupported::new("the sample group descriptions differ"));
        }
        let group_key = |p: &SampleTables| -> Vec<(u8, [u8; 4], Option<u32>)> {
            p.sbgp
                .iter()
                .map(|g| (g.version, g.grouping_type, g.parameter))
                .collect()
        };
        if parts.iter().any(|p| group_key(p) != group_key(first)) {
            return Err(Unsupported::new("the sample groups differ"));
        }
        let mut out = SampleTables {
            stsd: first.stsd.clone(),
            stts: Vec::new(),
            ctts: None,
            stss: None,
            sizes: SampleSizes::Each(Vec::new()),
            stsc: Vec::new(),
            chunk_offsets: Vec::new(),
            sdtp: None,
            sgpd: first.sgpd.clone(),
            sbgp: first
                .sbgp
                .iter()
                .map(|g| SampleToGroup {
                    entries: Vec::new(),
                    ..g.clone()
                })
                .collect(),
        };
        let any_ctts = parts.iter().any(|p| p.ctts.is_some());
        let ctts_version = parts
            .iter()
            .filter_map(|p| p.ctts.as_ref().map(|c| c.0))
            .max();
        let any_stss = parts.iter().any(|p| p.stss.is_some());
        let all_sdtp = parts.iter().all(|p| p.sdtp.is_some());
        let uniform = match &first.sizes {
            SampleSizes::Uniform { size, .. } => parts
                .iter()
                .all(|p| matches!(p.sizes, SampleSizes::Uniform { size: s, .. } if s == *size)),
            SampleSizes::Each(_) => false,
        };
        let (mut ctts, mut stss, mut sizes, mut sdtp) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut sample_base, mut chunk_base) = (0u32, 0u32);
        for p in parts {
            let n = p.sample_count();
            p.stts.iter().for_each(|&e| push_run(&mut out.stts, e));
            if any_ctts {
                match &p.ctts {
                    Some((_, entries)) => entries.iter().for_each(|&e| push_run(&mut ctts, e)),
                    None => push_run(&mut ctts, (n, 0)),
                }
            }
            if any_stss {
                match &p.stss {
                    Some(sync) => stss.extend(sync.iter().map(|s| s + sample_base)),
                    None => stss.extend((1..=n).map(|s| s + sample_base)),
                }
            }
            if !uniform {
                match &p.sizes {
                    SampleSizes::Uniform { size, count } => {
                        sizes.extend(std::iter::repeat_n(*size, *count as usize));
                    }
                    SampleSizes::Each(each) => sizes.extend_from_slice(each),
                }
            }
            if all_sdtp && let Some(d) = &p.sdtp {
                sdtp.extend_from_slice(d);
            }
            for &(first_chunk, per_chunk, description) in &p.stsc {
                let last = out.stsc.last().map(|e| (e.1, e.2));
                if last != Some((per_chunk, description)) {
                    out.stsc
                        .push((first_chunk + chunk_base, per_chunk, description));
                }
            }
            out.chunk_offsets.extend_from_slice(&p.chunk_offsets);
            for (merged, own) in out.sbgp.iter_mut().zip(&p.sbgp) {
                own.entries
                    .iter()
                    .for_each(|&e| push_run(&mut merged.entries, e));
            }
            sample_base = sample_base
                .checked_add(n)
                .ok_or_else(|| Unsupported::new("too many samples"))?;
            chunk_base += p.chunk_offsets.len() as u32;
        }
        out.ctts = ctts_version.map(|v| (v, ctts));
        out.stss = any_stss.then_some(stss);
        out.sdtp = all_sdtp.then_some(sdtp);
        out.sizes = match first.sizes {
            SampleSizes::Uniform { size, .. } if uniform => SampleSizes::Uniform {
                size,
                count: sample_base,
            },
            _ => SampleSizes::Each(sizes),
        };
        Ok(out)
    }
}

/// Append a (count, value) run, joining it to the last run when the values match.
fn push_run(runs: &mut Vec<(u32, u32)>, (count, value): (u32, u32)) {
    match runs.last_mut() {
        Some(last) if last.1 == value => last.0 += count,
        _ if count == 0 => {}
        _ => runs.push((count, value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::mp4::boxes::parse_boxes;

    fn tables(samples: u32, offset: u64, sync: Option<Vec<u32>>) -> SampleTables {
        SampleTables {
            stsd: vec![1, 2, 3],
            stts: vec![(samples, 512)],
            ctts: None,
            stss: sync,
            sizes: SampleSizes::Each((0..samples).map(|i| 100 + i).collect()),
            stsc: vec![(1, 1, 1)],
            chunk_offsets: (0..u64::from(samples)).map(|i| offset + i * 1000).collect(),
            sdtp: None,
            sgpd: vec![],
            sbgp: vec![],
        }
    }

    #[test]
    fn tables_merge_one_input_after_another_and_round_trip() {
        let mut a = tables(3, 48, Some(vec![1]));
        a.ctts = Some((0, vec![(3, 1024)]));
        let b = tables(2, 10_000, None);
        let merged = SampleTables::merge(&[a, b]).unwrap();
        assert_eq!(merged.stts, vec![(5, 512)]);
        assert_eq!(merged.ctts, Some((0, vec![(3, 1024), (2, 0)])));
        assert_eq!(merged.stss, Some(vec![1, 4, 5]), "b's samples are all sync");
        assert_eq!(merged.stsc, vec![(1, 1, 1)]);
        assert_eq!(merged.chunk_offsets, [48, 1048, 2048, 10_000, 11_000]);
        assert_eq!(merged.sample_count(), 5);
        assert_eq!(merged.decode_duration(), 5 * 512);
        for co64 in [false, true] {
            let stbl = merged.to_stbl(co64);
            let mut bytes = Vec::new();
            stbl.write_to(&mut bytes);
            let parsed = parse_boxes(&bytes).unwrap();
            assert_eq!(SampleTables::parse(&parsed[0]).unwrap(), merged);
        }
        let mut other = tables(1, 0, None);
        other.stsd = vec![9];
        let err = SampleTables::merge(&[merged, other]).unwrap_err();
        assert!(err.to_string().contains("sample descriptions differ"));
    }
}
