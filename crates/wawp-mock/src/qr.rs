//! The QR codes an instance in `SCAN_QR_CODE` shows: a value that rotates
//! every [`Timing::qr_rotation`], its expiry, and its PNG image (a real QR
//! code of the value, encoded with the `qrcode` crate).

use std::time::{Duration, Instant, SystemTime};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::json::{object, text};
use crate::state::Timing;

/// Pixels per QR module in the PNG.
const SCALE: u32 = 4;
/// Light modules around the code, as the QR standard asks.
const QUIET_ZONE: u32 = 4;

/// The QR code showing at some moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Current {
    /// WhatsApp's pairing string, e.g. `2@…,…,…,…`.
    pub(crate) value: String,
    /// When it stops being valid.
    pub(crate) expires: SystemTime,
}

/// The code of an instance with `seed`, showing codes since `since`, at `now`.
pub(crate) fn current(seed: u64, since: Instant, now: Instant, timing: Timing) -> Current {
    let rotation = timing.qr_rotation.max(Duration::from_millis(1));
    let elapsed = now.saturating_duration_since(since);
    let generation = (elapsed.as_nanos() / rotation.as_nanos()) as u64;
    let left = rotation - Duration::from_nanos((elapsed.as_nanos() % rotation.as_nanos()) as u64);
    Current {
        value: value(seed, generation),
        expires: SystemTime::now() + left,
    }
}

/// `2@<ref>,<key>,<key>,<key>`, in the shape of WhatsApp's pairing strings,
/// different for every seed and generation.
fn value(seed: u64, generation: u64) -> String {
    let mut stream = seed ^ generation.wrapping_mul(0xa076_1d64_78bd_642f);
    let mut bytes = |n: usize| {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            stream = mix(stream);
            out.extend_from_slice(&stream.to_le_bytes());
        }
        out.truncate(n);
        STANDARD.encode(out)
    };
    format!("2@{},{},{},{}", bytes(18), bytes(32), bytes(32), bytes(32))
}

/// One step of splitmix64.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Seconds since the Unix epoch.
pub(crate) fn unix_seconds(at: SystemTime) -> u64 {
    at.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The answer of `/v2/auth/qr`: `{"mimetype":"application/json","data":…}`
/// with `data` the Base64 of `{"value":…,"expiry":<Unix seconds>}`.
pub(crate) fn raw_json(qr: &Current) -> String {
    let inner = object(&[
        ("value", text(qr.value.as_str())),
        ("expiry", text(unix_seconds(qr.expires))),
    ]);
    object(&[
        ("mimetype", text("application/json")),
        ("data", text(STANDARD.encode(inner))),
    ])
}

/// `data:image/png;base64,…` of the QR code of `value`.
pub(crate) fn png_data_uri(value: &str) -> String {
    format!("data:image/png;base64,{}", STANDARD.encode(png(value)))
}

/// A PNG of the QR code of `value`, black on white, 4 pixels per module,
/// with a quiet zone of 4 modules.
pub(crate) fn png(value: &str) -> Vec<u8> {
    // Any string of this length fits a QR code; a failure would be a bug in
    // the value's shape, answered with an empty image rather than a panic.
    let Ok(code) = qrcode::QrCode::new(value.as_bytes()) else {
        return crate::png::encode(1, 1, |_, _| false);
    };
    let modules = code.width() as u32;
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET_ZONE) * SCALE;
    crate::png::encode(side, side, |x, y| {
        let (mx, my) = (x / SCALE, y / SCALE);
        if mx < QUIET_ZONE || my < QUIET_ZONE {
            return false;
        }
        let (mx, my) = (mx - QUIET_ZONE, my - QUIET_ZONE);
        mx < modules && my < modules && colors[(my * modules + mx) as usize] == qrcode::Color::Dark
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIMING: Timing = Timing {
        start_delay: Duration::ZERO,
        qr_rotation: Duration::from_secs(20),
        temp_link_lifetime: Duration::from_secs(1800),
    };

    #[test]
    fn values_rotate_and_differ_per_seed() {
        let t0 = Instant::now();
        let a = current(1, t0, t0, TIMING);
        assert_eq!(
            a.value,
            current(1, t0, t0 + Duration::from_secs(19), TIMING).value
        );
        let b = current(1, t0, t0 + Duration::from_secs(20), TIMING);
        assert_ne!(a.value, b.value);
        assert_ne!(a.value, current(2, t0, t0, TIMING).value);
        assert!(a.value.starts_with("2@") && a.value.matches(',').count() == 3);
        let left = a.expires.duration_since(SystemTime::now()).unwrap();
        assert!(left > Duration::from_secs(18) && left <= Duration::from_secs(20));
    }

    #[test]
    fn the_png_is_a_qr_code_sized_image() {
        let png = png(&value(7, 0));
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
        assert_eq!(width % SCALE, 0);
        assert!(width >= (21 + 8) * SCALE, "{width}");
    }
}
