//! ISO BMFF boxes as a small tree: container boxes (`moov`, `trak`, `mdia`, `minf`, `stbl`,
//! `edts`, `dinf`) are parsed into children, every other box is kept as its raw payload and
//! written back byte for byte. Plus big-endian readers and writers for the fields of the few
//! full boxes the concatenation rewrites.

use super::Unsupported;

/// Boxes whose payload is a list of boxes (and nothing else).
const CONTAINERS: [&[u8; 4]; 7] = [
    b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf",
];

/// One box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mp4Box {
    pub kind: [u8; 4],
    pub body: Body,
}

/// What a box holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Body {
    /// The payload after the header, kept as is.
    Leaf(Vec<u8>),
    Container(Vec<Mp4Box>),
}

/// The header of a box at the start of `data`: kind, header length, total length (`None`
/// for a box that runs to the end of the file).
pub(crate) fn header(data: &[u8]) -> Result<([u8; 4], usize, Option<u64>), Unsupported> {
    let mut r = Reader::new(data);
    let size = r.u32()?;
    let kind = r.kind()?;
    match size {
        0 => Ok((kind, 8, None)),
        1 => {
            let large = r.u64()?;
            if large < 16 {
                return Err(Unsupported::new("a box is smaller than its header"));
            }
            Ok((kind, 16, Some(large)))
        }
        2..=7 => Err(Unsupported::new("a box is smaller than its header")),
        n => Ok((kind, 8, Some(u64::from(n)))),
    }
}

/// Parse the boxes filling `data`.
pub(crate) fn parse_boxes(data: &[u8]) -> Result<Vec<Mp4Box>, Unsupported> {
    let mut boxes = Vec::new();
    let mut at = 0usize;
    while at < data.len() {
        let rest = &data[at..];
        let (kind, header_len, size) = header(rest)?;
        let size = match size {
            Some(size) => usize::try_from(size).map_err(|_| Unsupported::new("a huge box"))?,
            None => rest.len(),
        };
        if size > rest.len() {
            return Err(Unsupported::new(format!(
                "box `{}` runs past its parent",
                String::from_utf8_lossy(&kind)
            )));
        }
        let payload = &rest[header_len..size];
        let body = if CONTAINERS.contains(&&kind) {
            Body::Container(parse_boxes(payload)?)
        } else {
            Body::Leaf(payload.to_vec())
        };
        boxes.push(Mp4Box { kind, body });
        at += size;
    }
    Ok(boxes)
}

impl Mp4Box {
    pub(crate) fn leaf(kind: &[u8; 4], payload: Vec<u8>) -> Self {
        Self {
            kind: *kind,
            body: Body::Leaf(payload),
        }
    }

    pub(crate) fn container(kind: &[u8; 4], children: Vec<Mp4Box>) -> Self {
        Self {
            kind: *kind,
            body: Body::Container(children),
        }
    }

    /// Total size with the header.
    pub(crate) fn size(&self) -> u64 {
        let payload: u64 = match &self.body {
            Body::Leaf(bytes) => bytes.len() as u64,
            Body::Container(children) => children.iter().map(Mp4Box::size).sum(),
        };
        let header = if payload + 8 > u64::from(u32::MAX) {
            16
        } else {
            8
        };
        payload + header
    }

    pub(crate) fn write_to(&self, out: &mut Vec<u8>) {
        let size = self.size();
        match u32::try_from(size) {
            Ok(small) => {
                out.extend_from_slice(&small.to_be_bytes());
                out.extend_from_slice(&self.kind);
            }
            Err(_) => {
                out.extend_from_slice(&1u32.to_be_bytes());
                out.extend_from_slice(&self.kind);
                out.extend_from_slice(&size.to_be_bytes());
            }
        }
        match &self.body {
            Body::Leaf(bytes) => out.extend_from_slice(bytes),
            Body::Container(children) => children.iter().for_each(|c| c.write_to(out)),
        }
    }

    pub(crate) fn children(&self) -> &[Mp4Box] {
        match &self.body {
            Body::Container(children) => children,
            Body::Leaf(_) => &[],
        }
    }

    pub(crate) fn children_mut(&mut self) -> Option<&mut Vec<Mp4Box>> {
        match &mut self.body {
            Body::Container(children) => Some(children),
            Body::Leaf(_) => None,
        }
    }

    pub(crate) fn payload(&self) -> Option<&[u8]> {
        match &self.body {
            Body::Leaf(bytes) => Some(bytes),
            Body::Container(_) => None,
        }
    }

    pub(crate) fn child(&self, kind: &[u8; 4]) -> Option<&Mp4Box> {
        self.children().iter().find(|c| &c.kind == kind)
    }

    pub(crate) fn child_mut(&mut self, kind: &[u8; 4]) -> Option<&mut Mp4Box> {
        self.children_mut()?.iter_mut().find(|c| &c.kind == kind)
    }

    /// The child at `path` (kinds, outermost first).
    pub(crate) fn find(&self, path: &[&[u8; 4]]) -> Option<&Mp4Box> {
        path.iter().try_fold(self, |b, kind| b.child(kind))
    }

    pub(crate) fn find_mut(&mut self, path: &[&[u8; 4]]) -> Option<&mut Mp4Box> {
        path.iter().try_fold(self, |b, kind| b.child_mut(kind))
    }

    /// The payload of the child at `path`, or why it is missing.
    pub(crate) fn leaf_at(&self, path: &[&[u8; 4]]) -> Result<&[u8], Unsupported> {
        self.find(path).and_then(Mp4Box::payload).ok_or_else(|| {
            let names: Vec<String> = path
                .iter()
                .map(|k| String::from_utf8_lossy(&k[..]).into_owned())
                .collect();
            Unsupported::new(format!("no `{}` box", names.join("/")))
        })
    }
}

/// A big-endian cursor over a payload; running past the end is an [`Unsupported`] input.
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Self { data, at: 0 }
    }

    pub(crate) fn bytes(&mut self, n: usize) -> Result<&'a [u8], Unsupported> {
        let end = self.at.checked_add(n).filter(|end| *end <= self.data.len());
        let end = end.ok_or_else(|| Unsupported::new("a box is shorter than its fields"))?;
        let slice = &self.data[self.at..end];
        self.at = end;
        Ok(slice)
    }

    pub(crate) fn u32(&mut self) -> Result<u32, Unsupported> {
        let b = self.bytes(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(crate) fn u64(&mut self) -> Result<u64, Unsupported> {
        let b = self.bytes(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_be_bytes(a))
    }

    pub(crate) fn kind(&mut self) -> Result<[u8; 4], Unsupported> {
        let b = self.bytes(4)?;
        Ok([b[0], b[1], b[2], b[3]])
    }

    /// A full box's version and flags.
    pub(crate) fn version_flags(&mut self) -> Result<(u8, u32), Unsupported> {
        let v = self.u32()?;
        Ok(((v >> 24) as u8, v & 0x00FF_FFFF))
    }

    /// A table's entry count, checked against the bytes left for `entry_len`-byte entries.
    pub(crate) fn count(&mut self, entry_len: usize) -> Result<usize, Unsupported> {
        let n = self.u32()? as usize;
        if n.saturating_mul(entry_len) > self.data.len() - self.at {
            return Err(Unsupported::new(
                "a table counts more entries than it holds",
            ));
        }
        Ok(n)
    }
}

/// Start a full box payload.
pub(crate) fn full_box(version: u8, flags: u32) -> Vec<u8> {
    ((u32::from(version) << 24) | (flags & 0x00FF_FFFF))
        .to_be_bytes()
        .to_vec()
}

pub(crate) fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_be_bytes());
}

pub(crate) fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_round_trip_with_containers_parsed_and_leaves_kept() {
        let stts = Mp4Box::leaf(b"stts", vec![0, 0, 0, 0, 0, 0, 0, 0]);
        let tree = Mp4Box::container(
            b"moov",
            vec![Mp4Box::container(b"trak", vec![stts.clone()])],
        );
        let mut bytes = Vec::new();
        tree.write_to(&mut bytes);
        assert_eq!(bytes.len() as u64, tree.size());
        assert_eq!(&bytes[..8], &[0, 0, 0, 32, b'm', b'o', b'o', b'v']);
        let parsed = parse_boxes(&bytes).unwrap();
        assert_eq!(parsed, vec![tree.clone()]);
        assert_eq!(parsed[0].find(&[b"trak", b"stts"]), Some(&stts));
        assert!(parsed[0].leaf_at(&[b"trak", b"stsz"]).is_err());
        // A large-size header parses the same.
        let mut large = vec![0, 0, 0, 1, b'f', b'r', b'e', b'e'];
        large.extend_from_slice(&20u64.to_be_bytes());
        large.extend_from_slice(&[7, 7, 7, 7]);
        assert_eq!(
            parse_boxes(&large).unwrap(),
            vec![Mp4Box::leaf(b"free", vec![7; 4])]
        );
        assert!(parse_boxes(&[0, 0, 0, 40, b'f', b'r', b'e', b'e']).is_err());
    }
}
