//! Any status, headers and body through the logout response parser: it must
//! return a typed result, never panic, and never show the token.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wawp_core::{AccessToken, Endpoint, InstanceId, Logout};

const TOKEN: &str = "FUZZ-TOKEN-k2v9";

fuzz_target!(|data: &[u8]| {
    // Layout: 2 bytes status, 1 byte header count, then "name\0value\0" pairs, then body.
    if data.len() < 3 {
        return;
    }
    let status = 100 + u16::from_le_bytes([data[0], data[1]]) % 900;
    let mut builder = http::Response::builder().status(status);
    let mut rest = &data[3..];
    for _ in 0..data[2] % 8 {
        let mut parts = rest.splitn(3, |b| *b == 0);
        let (Some(name), Some(value)) = (parts.next(), parts.next()) else { break };
        builder = builder.header(name, value);
        rest = parts.next().unwrap_or_default();
    }
    let Ok(response) = builder.body(rest.to_vec()) else { return };
    let token = AccessToken::new(TOKEN).expect("valid token");
    let logout = Logout::new(InstanceId::new("i").expect("valid id"));
    if let Err(e) = logout.parse(response, &token) {
        assert!(!e.to_string().contains(TOKEN));
        assert!(!format!("{e:?}").contains(TOKEN));
    }
});
