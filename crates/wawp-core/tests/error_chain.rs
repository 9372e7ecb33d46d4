//! Nothing an error says is said twice when a report prints the whole
//! chain (anyhow's `{:#}`, `eyre`, `tracing`'s error fields): no error's
//! text contains the text of its source.

use std::error::Error as StdError;
use std::io;

use http::StatusCode;
use wawp_core::transport::{TransportError, TransportErrorKind};
use wawp_core::{AccessToken, Endpoint, Error, InputError, InstanceId, Logout};

/// The chain as a report prints it: each error's text, outermost first.
fn chain(error: &(dyn StdError + 'static)) -> Vec<String> {
    let mut texts = vec![error.to_string()];
    let mut cause = error.source();
    while let Some(c) = cause {
        texts.push(c.to_string());
        cause = c.source();
    }
    texts
}

fn assert_said_once(error: &(dyn StdError + 'static)) {
    let texts = chain(error);
    for pair in texts.windows(2) {
        assert!(
            !pair[0].contains(&pair[1]),
            "{:?} repeats its source {:?}",
            pair[0],
            pair[1]
        );
    }
}

/// One error of every variant, from the public API where it can make one.
fn every_variant() -> Vec<Error> {
    let input = InstanceId::new("").unwrap_err();
    let token = AccessToken::new("SECRET-TOKEN-f00d").unwrap();
    let logout = Logout::new(InstanceId::new("X1").unwrap());
    let api = http::Response::builder()
        .status(404)
        .body(br#"{"message":"Session does not exist"}"#.to_vec())
        .unwrap();
    let api = logout.parse(api, &token).unwrap_err();
    let decode = http::Response::new(b"not json".to_vec());
    let decode = logout.parse(decode, &token).unwrap_err();
    let refused = io::Error::new(io::ErrorKind::ConnectionRefused, "connection refused");
    vec![
        Error::from(input),
        Error::from(InputError::NotSet {
            var: "WAWP_ACCESS_TOKEN",
        }),
        api,
        decode,
        Error::UnexpectedRedirect {
            status: StatusCode::FOUND,
            location: Some("https://elsewhere.example/".to_owned()),
        },
        Error::Timeout { after: None },
        Error::BodyTooLarge { limit: 10 },
        Error::Transport(TransportError::new(TransportErrorKind::Connect, &refused)),
    ]
}

#[test]
fn no_error_prints_its_source_twice() {
    let errors = every_variant();
    assert_eq!(errors.len(), 8);
    for error in &errors {
        assert_said_once(error);
    }
}

#[test]
fn invalid_input_says_its_reason_once_and_keeps_it_matchable() {
    let error = Error::from(AccessToken::new(" tok").unwrap_err());
    assert_eq!(
        error.to_string(),
        "invalid input: access token starts or ends with whitespace"
    );
    assert!(error.source().is_none());
    assert!(matches!(
        error,
        Error::InvalidInput(InputError::SurroundingWhitespace { .. })
    ));
}
