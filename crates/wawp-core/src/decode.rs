//! Decoding a success body: the [`Decode`] trait every endpoint output
//! implements (any serde type does, as JSON), the [`decode_json`] helper, and
//! the typed [`BodyError`] a decoder returns.
//!
//! The client turns a [`BodyError`] into [`Error::Decode`](crate::Error::Decode),
//! adding the status and a redacted snippet of the body.

use serde::de::DeserializeOwned;

/// Why a success body could not be decoded. Its text becomes the `reason`
/// of a [`DecodeError`](crate::DecodeError), redacted of the access token.
///
/// ```
/// use wawp_core::{BodyError, decode_json};
/// let err = decode_json::<u32>(b"  ").unwrap_err();
/// assert_eq!(err, BodyError::Empty);
/// assert_eq!(err.to_string(), "the body is empty");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BodyError {
    /// Nothing but whitespace.
    #[error("the body is empty")]
    Empty,
    /// Not JSON at all (or cut short).
    #[error("the body is not valid JSON ({detail})")]
    NotJson {
        /// The parser's description, with its position.
        detail: String,
    },
    /// JSON, but not of the documented shape: a field missing or of the
    /// wrong type.
    #[error("{detail}")]
    Shape {
        /// The decoder's description, naming the field.
        detail: String,
    },
    /// A field has the right type but an unusable value (bad Base64, a data
    /// URI of the wrong kind…).
    #[error("field `{field}`: {reason}")]
    Field {
        /// The field's name in the body.
        field: &'static str,
        /// What is wrong with its value (never the value itself).
        reason: String,
    },
}

/// A type a success body decodes into.
///
/// Every type that implements `serde::Deserialize` decodes as JSON, so an
/// endpoint whose output is a serde type needs no decoding code at all.
/// Implement it by hand for outputs that need more than serde (see
/// [`QrCode`](crate::QrCode)).
///
/// ```
/// use wawp_core::{BodyError, Decode};
///
/// /// A plain-text answer (not a serde type, so it decodes by hand).
/// struct Text(String);
///
/// impl Decode for Text {
///     fn decode(body: &[u8]) -> Result<Self, BodyError> {
///         String::from_utf8(body.to_vec())
///             .map(Text)
///             .map_err(|_| BodyError::Field { field: "body", reason: "not UTF-8".into() })
///     }
/// }
/// assert_eq!(Text::decode(b"ok").unwrap().0, "ok");
/// ```
pub trait Decode: Sized {
    /// Decodes `body`, the body of a success answer.
    fn decode(body: &[u8]) -> Result<Self, BodyError>;
}

impl<T: DeserializeOwned> Decode for T {
    fn decode(body: &[u8]) -> Result<Self, BodyError> {
        decode_json(body)
    }
}

/// Decodes a JSON body into `T`, with an error that says what was wrong:
/// empty, not JSON, or which field is missing or of the wrong type.
///
/// ```
/// use wawp_core::{BodyError, decode_json};
/// #[derive(serde::Deserialize)]
/// struct Code { code: String }
/// assert_eq!(decode_json::<Code>(br#"{"code":"ABCD-1234"}"#)?.code, "ABCD-1234");
/// let err = decode_json::<Code>(b"{}").err().unwrap();
/// assert!(matches!(err, BodyError::Shape { .. }));
/// assert!(err.to_string().contains("missing field `code`"));
/// # Ok::<(), BodyError>(())
/// ```
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(BodyError::Empty);
    }
    serde_json::from_slice(body).map_err(|e| match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            BodyError::NotJson {
                detail: e.to_string(),
            }
        }
        _ => BodyError::Shape {
            detail: e.to_string(),
        },
    })
}
