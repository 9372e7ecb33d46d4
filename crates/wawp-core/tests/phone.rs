//! Phone numbers for the pairing code: normalised from what people type,
//! refused with a typed error that never repeats the number.

use wawp_core::{Error, InputError, PhoneNumber};

#[test]
fn typed_forms_normalise_to_digits() {
    for typed in [
        "201145202826",
        "+201145202826",
        "+20 114 520 2826",
        "0020 114 520 2826",
        "00201145202826",
        "+20-114-520-2826",
        "(+20) 114.520.2826",
        "  +20 (114) 520-2826  ",
        "+20\u{a0}114\t520 2826",
    ] {
        let phone = PhoneNumber::new(typed).unwrap_or_else(|e| panic!("{typed:?}: {e}"));
        assert_eq!(phone.as_str(), "201145202826", "{typed:?}");
        assert_eq!(phone.to_string(), "+201145202826");
    }
    assert_eq!(PhoneNumber::new("+683 4002").unwrap().as_str(), "6834002");
    assert_eq!(
        PhoneNumber::new("123456789012345").unwrap().as_str().len(),
        15
    );
    let parsed: PhoneNumber = "+1 (555) 010-9999".parse().unwrap();
    assert_eq!(parsed.as_str(), "15550109999");
}

fn refused(typed: &str) -> String {
    match PhoneNumber::new(typed) {
        Ok(p) => panic!("{typed:?} was accepted as {p:?}"),
        Err(e) => {
            let text = Error::from(e.clone()).to_string();
            let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 4 {
                assert!(!text.contains(&digits), "{text} repeats {typed:?}");
            }
            match e {
                InputError::InvalidPhoneNumber { reason } => reason,
                InputError::Empty { field } => format!("{field} is empty"),
                other => panic!("{other:?}"),
            }
        }
    }
}

#[test]
fn bad_numbers_are_refused_before_any_io() {
    assert_eq!(refused(""), "phone number is empty");
    assert_eq!(refused(" + ( ) - "), "phone number is empty");
    let no_country = "it starts with 0: give it with its country code (e.g. +20…, or 0020…)";
    assert_eq!(refused("01145202826"), no_country);
    assert_eq!(refused("+0201145202826"), no_country);
    assert_eq!(refused("000201145202826"), no_country);
    assert_eq!(
        refused("+20 1145"),
        "it has 6 digits; with its country code a number has at least 7"
    );
    assert_eq!(
        refused("+20 1145 2028 2612 34"),
        "it has 16 digits; with its country code a number has at most 15"
    );
    assert_eq!(
        refused("+20 114 ABC 2826"),
        "byte 8 is not a digit, '+', space, dash, dot or parenthesis"
    );
    assert_eq!(
        refused("20 114+5202826"),
        "a '+' may only lead the number (byte 6)"
    );
    assert_eq!(
        refused("++201145202826"),
        "a '+' may only lead the number (byte 1)"
    );
    assert_eq!(
        refused("2011452\n02826"),
        "byte 7 is not a digit, '+', space, dash, dot or parenthesis"
    );
    assert_eq!(
        refused("٢٠١١٤٥٢٠٢٨٢٦"),
        "byte 0 is not a digit, '+', space, dash, dot or parenthesis"
    );
}
