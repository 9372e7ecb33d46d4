//! Any status, headers and body through Session Info's parser: a typed
//! result, never a panic, no piece of the token in any error. A decoded
//! answer has an instance id, reads back as itself once serialized, and its
//! QR code decodes (or fails to) without panicking: a PNG always starts
//! with the PNG signature.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wawp_core::{Decode, Info, SessionInfo};
use wawp_fuzz::{instance, parse};

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

fuzz_target!(|data: &[u8]| {
    let Some(Ok(info)) = parse(&Info::new(instance()), data) else {
        return;
    };
    assert!(
        !info.instance_id.is_empty(),
        "the instance id asked about fills a gap"
    );
    let json = serde_json::to_vec(&info).expect("an info serializes");
    let back = SessionInfo::decode(&json).expect("and reads back");
    // `config` is kept as sent; numbers in it need not survive a round trip
    // bit for bit (serde_json parses floats fast, not exactly).
    assert_eq!(
        (
            &back.name,
            &back.status,
            &back.instance_id,
            &back.me,
            &back.qr
        ),
        (
            &info.name,
            &info.status,
            &info.instance_id,
            &info.me,
            &info.qr
        )
    );
    if let Some(Ok(image)) = info.qr_image() {
        assert!(image.mime_type.starts_with("image/"), "{image:?}");
        if let Some(png) = image.png() {
            assert!(png.starts_with(PNG_SIGNATURE), "{image:?}");
        }
    }
});
