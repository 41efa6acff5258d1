//! Whether two inputs' sample descriptions (`stsd`) are the same stream format: byte for byte
//! except the bitrate fields encoders fill in per file (`btrt`, and the buffer size and
//! bitrates of an `esds` decoder configuration), which the joined file takes from the first
//! input as ffmpeg's concat does.

/// `a` and `b` describe the same samples.
pub(crate) fn same_description(a: &[u8], b: &[u8]) -> bool {
    a == b || (a.len() == b.len() && without_bitrates(a) == without_bitrates(b))
}

/// `stsd` bytes with the bitrate fields zeroed.
fn without_bitrates(stsd: &[u8]) -> Vec<u8> {
    let mut out = stsd.to_vec();
    let size_at = |i: usize| -> Option<usize> {
        let b = stsd.get(i.checked_sub(4)?..i)?;
        Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    for i in 4..stsd.len().saturating_sub(4) {
        match &stsd[i..i + 4] {
            // btrt: bufferSizeDB, maxBitrate, avgBitrate.
            b"btrt" if size_at(i) == Some(20) && i + 16 <= stsd.len() => {
                out[i + 4..i + 16].fill(0);
            }
            b"esds" if size_at(i).is_some_and(|s| i - 4 + s <= stsd.len()) => {
                if let Some(at) = decoder_config_bitrates(stsd, i + 8) {
                    out[at..at + 11].fill(0);
                }
            }
            _ => {}
        }
    }
    out
}

/// Where the bufferSizeDB / maxBitrate / avgBitrate fields (11 bytes) of the
/// DecoderConfigDescriptor start, for an ES_Descriptor at `at`.
fn decoder_config_bitrates(data: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    if *data.get(i)? != 0x03 {
        return None;
    }
    i = skip_length(data, i + 1)?;
    let flags = *data.get(i + 2)?;
    i += 3;
    if flags & 0x80 != 0 {
        i += 2;
    }
    if flags & 0x40 != 0 {
        i += 1 + usize::from(*data.get(i)?);
    }
    if flags & 0x20 != 0 {
        i += 2;
    }
    if *data.get(i)? != 0x04 {
        return None;
    }
    i = skip_length(data, i + 1)?;
    let fields = i + 2;
    (fields + 11 <= data.len()).then_some(fields)
}

/// Past an expandable descriptor length (1 to 4 bytes, high bit: more follow).
fn skip_length(data: &[u8], mut i: usize) -> Option<usize> {
    for _ in 0..4 {
        let byte = *data.get(i)?;
        i += 1;
        if byte & 0x80 == 0 {
            return Some(i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn descriptions_match_up_to_their_bitrates() {
        // ffmpeg's mp4a entry: esds then btrt.
        let audio = hex(
            "000000000000000100000036657364730000000003808080250002000480808017401500000000\
             01f4000001f2850580808005119056e5000680808001020000001462747274000000000001f400\
             0001f285",
        );
        let mut other_rates = audio.clone();
        let esds_rates = 8 + 8 + 4 + 5 + 3 + 5 + 2;
        other_rates[esds_rates..esds_rates + 11].fill(7);
        let n = other_rates.len();
        other_rates[n - 8..].fill(9);
        assert!(same_description(&audio, &other_rates));
        let mut other_codec = audio.clone();
        other_codec[esds_rates - 2] = 0x6b; // objectTypeIndication: MP3
        assert!(!same_description(&audio, &other_codec));
        assert!(!same_description(&audio, &audio[..n - 1]));
    }
}
