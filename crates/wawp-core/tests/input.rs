//! Input validation: typed errors, never panics.

use proptest::prelude::*;
use wawp_core::{AccessToken, InputError, InstanceId, MAX_ACCESS_TOKEN_LEN, MAX_INSTANCE_ID_LEN};

#[test]
fn instance_id_rules() {
    let field = "instance id";
    assert_eq!(InstanceId::new(""), Err(InputError::Empty { field }));
    assert_eq!(
        InstanceId::new(" \t "),
        Err(InputError::ControlCharacter { field, index: 1 })
    );
    assert_eq!(InstanceId::new("   "), Err(InputError::Blank { field }));
    assert_eq!(
        InstanceId::new(" abc"),
        Err(InputError::SurroundingWhitespace { field })
    );
    assert_eq!(
        InstanceId::new("ab\u{7f}"),
        Err(InputError::ControlCharacter { field, index: 2 })
    );
    assert_eq!(
        InstanceId::new("a\nb"),
        Err(InputError::ControlCharacter { field, index: 1 })
    );
    let long = "x".repeat(MAX_INSTANCE_ID_LEN + 1);
    assert_eq!(
        InstanceId::new(long),
        Err(InputError::TooLong {
            field,
            len: MAX_INSTANCE_ID_LEN + 1,
            max: MAX_INSTANCE_ID_LEN
        })
    );
    assert!(InstanceId::new("x".repeat(MAX_INSTANCE_ID_LEN)).is_ok());
    assert_eq!(
        InstanceId::new("a b/c?d&e=f#g%h+é").unwrap().as_str(),
        "a b/c?d&e=f#g%h+é"
    );
    assert_eq!(
        InstanceId::new("").unwrap_err().to_string(),
        "instance id is empty"
    );
}

#[test]
fn access_token_rules() {
    let field = "access token";
    assert_eq!(
        AccessToken::new("").unwrap_err(),
        InputError::Empty { field }
    );
    assert_eq!(
        AccessToken::new("ab cd").unwrap_err(),
        InputError::Whitespace { field, index: 2 }
    );
    assert_eq!(
        AccessToken::new("ab\0").unwrap_err(),
        InputError::ControlCharacter { field, index: 2 }
    );
    assert!(matches!(
        AccessToken::new("t".repeat(MAX_ACCESS_TOKEN_LEN + 1)).unwrap_err(),
        InputError::TooLong { .. }
    ));
    assert_eq!(
        AccessToken::new("ok-token").unwrap().expose_secret(),
        "ok-token"
    );
}

proptest! {
    #[test]
    fn validation_never_panics(s in any::<String>()) {
        let _ = InstanceId::new(s.clone());
        if let Err(e) = AccessToken::new(s.clone()) {
            // The error never echoes the (possibly secret) value.
            if s.chars().count() > 3 {
                prop_assert!(!e.to_string().contains(&s));
            }
        }
    }

    #[test]
    fn accepted_ids_round_trip(s in "[^\\p{Cc}]{1,64}") {
        if let Ok(id) = InstanceId::new(s.clone()) {
            prop_assert_eq!(id.as_str(), s.as_str());
            prop_assert_eq!(id.as_str().trim(), s.as_str());
        }
    }
}
