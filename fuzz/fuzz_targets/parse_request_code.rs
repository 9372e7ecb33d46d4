//! Any status, headers and body through Request Code's parser: a typed
//! result, never a panic, no piece of the token in any error; a pairing
//! code reads back as itself from its JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wawp_core::{Decode, PairingCode, PhoneNumber, RequestCode};
use wawp_fuzz::{instance, parse};

fuzz_target!(|data: &[u8]| {
    let phone = PhoneNumber::new("+20 114 520 2826").expect("a valid number");
    let Some(Ok(code)) = parse(&RequestCode::new(instance(), phone), data) else {
        return;
    };
    let json = serde_json::to_vec(&code).expect("a pairing code serializes");
    assert_eq!(PairingCode::decode(&json).expect("and reads back"), code);
});
