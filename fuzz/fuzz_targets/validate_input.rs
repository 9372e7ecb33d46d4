//! Any string through input validation and request building: typed errors,
//! never a panic; an accepted id always yields a request. Phone numbers
//! (`PhoneNumber::new`): an accepted number is 7 to 15 digits, not starting
//! with 0, and reads back as itself from its `Display` and its digits; a
//! refused one is never repeated in the error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wawp_core::{
    AccessToken, BaseUrl, Config, Endpoint, InstanceId, Logout, MAX_PHONE_DIGITS, MIN_PHONE_DIGITS,
    ParamLocation, PhoneNumber,
};

fn phone(typed: &str) {
    match PhoneNumber::new(typed) {
        Ok(phone) => {
            let digits = phone.as_str();
            assert!(digits.bytes().all(|b| b.is_ascii_digit()), "{phone:?}");
            assert!((MIN_PHONE_DIGITS..=MAX_PHONE_DIGITS).contains(&digits.len()));
            assert!(!digits.starts_with('0'));
            // Its `Display` is `+` and the digits.
            let shown = phone.to_string();
            assert_eq!(PhoneNumber::new(&shown).as_ref(), Ok(&phone));
            assert_eq!(PhoneNumber::new(digits).as_ref(), Ok(&phone));
        }
        // The messages hold at most 4 digits in a row and 6 in all, so a
        // number of 7 digits or more would be the input repeated.
        Err(e) if typed.bytes().filter(u8::is_ascii_digit).count() >= 7 => {
            assert!(!e.to_string().contains(typed), "{e}");
        }
        Err(_) => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    phone(&text);
    let mut middle = text.len() / 2;
    while !text.is_char_boundary(middle) {
        middle -= 1;
    }
    let (a, b) = text.split_at(middle);
    let _ = BaseUrl::parse(&text);
    let (Ok(id), Ok(token)) = (
        InstanceId::new(a),
        AccessToken::new(format!("t{}", b.len())),
    ) else {
        let _ = AccessToken::new(b);
        return;
    };
    for params in [ParamLocation::Query, ParamLocation::JsonBody] {
        let mut config = Config::default();
        config.params = params;
        Logout::new(id.clone())
            .build(&config, &token)
            .expect("a valid id always builds");
    }
});
