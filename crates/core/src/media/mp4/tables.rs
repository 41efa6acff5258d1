//! [`SampleTables`]: a track's `stbl` read into plain tables (`stts`, `ctts`, `stss`, `stsz`,
//! `stsc`, `stco`/`co64`, `sdtp`, sample groups) and written back as one `stbl` (merging is
//! in [`merge`](super::merge)). The sample description (`stsd`) and sample group
//! descriptions (`sgpd`) are kept as bytes.

use super::Unsupported;
use super::boxes::{Mp4Box, Reader, full_box, put_u32, put_u64};

/// Sample sizes: one size for all, or one per sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SampleSizes {
    Uniform { size: u32, count: u32 },
    Each(Vec<u32>),
}

/// A `sbgp` box: which sample group (of `grouping_type`) each run of samples belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SampleToGroup {
    pub version: u8,
    pub grouping_type: [u8; 4],
    pub parameter: Option<u32>,
    /// (sample count, group description index).
    pub entries: Vec<(u32, u32)>,
}

/// The sample tables of one track.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SampleTables {
    pub stsd: Vec<u8>,
    /// (sample count, sample delta).
    pub stts: Vec<(u32, u32)>,
    /// Version and (sample count, composition offset as stored).
    pub ctts: Option<(u8, Vec<(u32, u32)>)>,
    /// Sync sample numbers (1-based); `None`: every sample is a sync sample.
    pub stss: Option<Vec<u32>>,
    pub sizes: SampleSizes,
    /// (first chunk, samples per chunk, sample description index).
    pub stsc: Vec<(u32, u32, u32)>,
    pub chunk_offsets: Vec<u64>,
    /// One dependency byte per sample.
    pub sdtp: Option<Vec<u8>>,
    pub sgpd: Vec<Vec<u8>>,
    pub sbgp: Vec<SampleToGroup>,
}

fn pairs(r: &mut Reader<'_>) -> Result<Vec<(u32, u32)>, Unsupported> {
    let n = r.count(8)?;
    (0..n).map(|_| Ok((r.u32()?, r.u32()?))).collect()
}

impl SampleTables {
    /// Read a `stbl`; any box it does not know makes the track unsupported.
    pub(crate) fn parse(stbl: &Mp4Box) -> Result<Self, Unsupported> {
        let mut t = SampleTables {
            stsd: Vec::new(),
            stts: Vec::new(),
            ctts: None,
            stss: None,
            sizes: SampleSizes::Each(Vec::new()),
            stsc: Vec::new(),
            chunk_offsets: Vec::new(),
            sdtp: None,
            sgpd: Vec::new(),
            sbgp: Vec::new(),
        };
        let (mut has_stsd, mut has_stsz) = (false, false);
        for child in stbl.children() {
            let payload = child
                .payload()
                .ok_or_else(|| Unsupported::new("a container inside stbl"))?;
            let mut r = Reader::new(payload);
            match &child.kind {
                b"stsd" => {
                    t.stsd = payload.to_vec();
                    has_stsd = true;
                }
                b"sgpd" => t.sgpd.push(payload.to_vec()),
                b"sdtp" => t.sdtp = Some(payload[4.min(payload.len())..].to_vec()),
                b"stts" => {
                    r.version_flags()?;
                    t.stts = pairs(&mut r)?;
                }
                b"ctts" => {
                    let (version, _) = r.version_flags()?;
                    t.ctts = Some((version, pairs(&mut r)?));
                }
                b"stss" => {
                    r.version_flags()?;
                    let n = r.count(4)?;
                    t.stss = Some((0..n).map(|_| r.u32()).collect::<Result<_, _>>()?);
                }
                b"stsz" => {
                    r.version_flags()?;
                    let (size, count) = (r.u32()?, r.u32()?);
                    t.sizes = if size != 0 {
                        SampleSizes::Uniform { size, count }
                    } else {
                        let n = count as usize;
                        if n.saturating_mul(4) > payload.len() {
                            return Err(Unsupported::new("stsz counts more than it holds"));
                        }
                        SampleSizes::Each((0..n).map(|_| r.u32()).collect::<Result<_, _>>()?)
                    };
                    has_stsz = true;
                }
                b"stsc" => {
                    r.version_flags()?;
                    let n = r.count(12)?;
                    t.stsc = (0..n)
                        .map(|_| Ok((r.u32()?, r.u32()?, r.u32()?)))
                        .collect::<Result<_, Unsupported>>()?;
                }
                b"stco" => {
                    r.version_flags()?;
                    let n = r.count(4)?;
                    t.chunk_offsets = (0..n)
                        .map(|_| r.u32().map(u64::from))
                        .collect::<Result<_, _>>()?;
                }
                b"co64" => {
                    r.version_flags()?;
                    let n = r.count(8)?;
                    t.chunk_offsets = (0..n).map(|_| r.u64()).collect::<Result<_, _>>()?;
                }
                b"sbgp" => {
                    let (version, _) = r.version_flags()?;
                    let grouping_type = r.kind()?;
                    let parameter = if version == 1 { Some(r.u32()?) } else { None };
                    t.sbgp.push(SampleToGroup {
                        version,
                        grouping_type,
                        parameter,
                        entries: pairs(&mut r)?,
                    });
                }
                other => {
                    return Err(Unsupported::new(format!(
                        "a `{}` box in a sample table",
                        String::from_utf8_lossy(other)
                    )));
                }
            }
        }
        if !has_stsd || !has_stsz || t.stsc.is_empty() && !t.chunk_offsets.is_empty() {
            return Err(Unsupported::new("an incomplete sample table"));
        }
        let n = u64::from(t.sample_count());
        let stts_count: u64 = t.stts.iter().map(|e| u64::from(e.0)).sum();
        let ctts_ok = t
            .ctts
            .as_ref()
            .is_none_or(|(_, e)| e.iter().map(|e| u64::from(e.0)).sum::<u64>() == n);
        if stts_count != n || !ctts_ok || t.sdtp.as_ref().is_some_and(|d| d.len() as u64 != n) {
            return Err(Unsupported::new("sample tables that disagree on the count"));
        }
        Ok(t)
    }

    pub(crate) fn sample_count(&self) -> u32 {
        match &self.sizes {
            SampleSizes::Uniform { count, .. } => *count,
            SampleSizes::Each(sizes) => sizes.len() as u32,
        }
    }

    /// The decode time the samples span, in the media timescale.
    pub(crate) fn decode_duration(&self) -> u64 {
        self.stts
            .iter()
            .map(|&(n, d)| u64::from(n) * u64::from(d))
            .sum()
    }

    /// The `stbl` box; `co64` when an offset needs 64 bits.
    pub(crate) fn to_stbl(&self, co64: bool) -> Mp4Box {
        let mut children = vec![Mp4Box::leaf(b"stsd", self.stsd.clone())];
        children.push(Mp4Box::leaf(b"stts", pairs_box(0, &self.stts)));
        if let Some((version, entries)) = &self.ctts {
            children.push(Mp4Box::leaf(b"ctts", pairs_box(*version, entries)));
        }
        if let Some(sync) = &self.stss {
            let mut b = full_box(0, 0);
            put_u32(&mut b, sync.len() as u32);
            sync.iter().for_each(|s| put_u32(&mut b, *s));
            children.push(Mp4Box::leaf(b"stss", b));
        }
        if let Some(deps) = &self.sdtp {
            let mut b = full_box(0, 0);
            b.extend_from_slice(deps);
            children.push(Mp4Box::leaf(b"sdtp", b));
        }
        let mut b = full_box(0, 0);
        put_u32(&mut b, self.stsc.len() as u32);
        for &(a, c, d) in &self.stsc {
            [a, c, d].iter().for_each(|v| put_u32(&mut b, *v));
        }
        children.push(Mp4Box::leaf(b"stsc", b));
        let mut b = full_box(0, 0);
        match &self.sizes {
            SampleSizes::Uniform { size, count } => {
                put_u32(&mut b, *size);
                put_u32(&mut b, *count);
            }
            SampleSizes::Each(sizes) => {
                put_u32(&mut b, 0);
                put_u32(&mut b, sizes.len() as u32);
                sizes.iter().for_each(|s| put_u32(&mut b, *s));
            }
        }
        children.push(Mp4Box::leaf(b"stsz", b));
        let mut b = full_box(0, 0);
        put_u32(&mut b, self.chunk_offsets.len() as u32);
        for &offset in &self.chunk_offsets {
            if co64 {
                put_u64(&mut b, offset);
            } else {
                put_u32(&mut b, offset as u32);
            }
        }
        children.push(Mp4Box::leaf(if co64 { b"co64" } else { b"stco" }, b));
        for g in &self.sgpd {
            children.push(Mp4Box::leaf(b"sgpd", g.clone()));
        }
        for g in &self.sbgp {
            let mut b = full_box(g.version, 0);
            b.extend_from_slice(&g.grouping_type);
            if let Some(p) = g.parameter {
                put_u32(&mut b, p);
            }
            put_u32(&mut b, g.entries.len() as u32);
            for &(n, i) in &g.entries {
                put_u32(&mut b, n);
                put_u32(&mut b, i);
            }
            children.push(Mp4Box::leaf(b"sbgp", b));
        }
        Mp4Box::container(b"stbl", children)
    }
}

fn pairs_box(version: u8, entries: &[(u32, u32)]) -> Vec<u8> {
    let mut b = full_box(version, 0);
    put_u32(&mut b, entries.len() as u32);
    for &(n, v) in entries {
        put_u32(&mut b, n);
        put_u32(&mut b, v);
    }
    b
}
