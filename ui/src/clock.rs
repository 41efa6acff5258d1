//! [`Clock`]: the current time and the local UTC offset, read once per render and passed to
//! views so that their dates are a pure function of their props.

/// A moment and the offset of the person's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// Unix time in milliseconds.
    pub now_ms: i64,
    /// Minutes to add to UTC to get local time (e.g. 60 for Paris in winter).
    pub utc_offset_min: i32,
}

impl Clock {
    /// A fixed clock, for tests and previews.
    pub const fn fixed(now_ms: i64, utc_offset_min: i32) -> Self {
        Self {
            now_ms,
            utc_offset_min,
        }
    }

    /// The webview's clock and time zone.
    #[cfg(target_arch = "wasm32")]
    pub fn system() -> Self {
        let now = js_sys::Date::new_0();
        Self {
            now_ms: now.get_time() as i64,
            // `getTimezoneOffset` is UTC minus local time.
            utc_offset_min: -(now.get_timezone_offset() as i32),
        }
    }

    /// The machine's clock; native builds only render in tests, so the offset is UTC.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn system() -> Self {
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        Self::fixed(now_ms, 0)
    }
}
