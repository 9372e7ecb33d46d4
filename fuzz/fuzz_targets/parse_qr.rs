//! Any status, headers and body through the parsers of GET QR raw and Get
//! QR Image: a typed result, never a panic, no piece of the token in any
//! error. A QR code has a value, an expiry that converts without panicking,
//! and reads back as itself from its JSON; an image has an `image/` type,
//! a PNG starts with the PNG signature, and the image reads back as itself
//! from a data URI of its bytes.
#![no_main]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use libfuzzer_sys::fuzz_target;
use wawp_core::{Decode, Image, Qr, QrCode, QrImage};
use wawp_fuzz::{instance, parse};

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

fn qr(data: &[u8]) {
    let Some(Ok(code)) = parse(&Qr::new(instance()), data) else {
        return;
    };
    assert!(!code.value.is_empty());
    let _ = code.expires_at();
    let json = serde_json::to_vec(&code).expect("a QR code serializes");
    assert_eq!(QrCode::decode(&json).expect("and reads back"), code);
}

fn qr_image(data: &[u8]) {
    let Some(Ok(image)) = parse(&QrImage::new(instance()), data) else {
        return;
    };
    assert!(image.mime_type.starts_with("image/"), "{image:?}");
    assert_eq!(image.mime_type, image.mime_type.to_ascii_lowercase());
    if let Some(png) = image.png() {
        assert!(png.starts_with(PNG_SIGNATURE), "{image:?}");
    }
    let uri = format!(
        "data:{};base64,{}",
        image.mime_type,
        STANDARD.encode(&image.bytes)
    );
    let json = serde_json::to_vec(&serde_json::json!({ "qr": uri })).expect("serializes");
    assert_eq!(Image::decode(&json).expect("the image reads back"), image);
}

fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((which, data)) if which % 2 == 0 => qr(data),
        Some((_, data)) => qr_image(data),
        None => {}
    }
});
