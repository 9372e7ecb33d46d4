//! Lenient Base64 decoding for the QR endpoints' payloads.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD_PAD_INDIFFERENT, URL_SAFE_PAD_INDIFFERENT};

/// Decodes `text`: the standard alphabet or the URL-safe one, with or
/// without padding, ignoring ASCII whitespace (line-wrapped encoders). The
/// error says what is wrong, never repeating the input.
pub(crate) fn decode(text: &str) -> Result<Vec<u8>, String> {
    let compact: String;
    let text = if text.bytes().any(|b| b.is_ascii_whitespace()) {
        compact = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        compact.as_str()
    } else {
        text
    };
    if text.is_empty() {
        return Err("it is empty".to_owned());
    }
    STANDARD_PAD_INDIFFERENT
        .decode(text)
        .or_else(|_| URL_SAFE_PAD_INDIFFERENT.decode(text))
        .map_err(|_| format!("it is not Base64 ({} characters)", text.len()))
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn alphabets_padding_and_whitespace() {
        assert_eq!(decode("aGk=").unwrap(), b"hi");
        assert_eq!(decode("aGk").unwrap(), b"hi");
        assert_eq!(decode("aG\nk=").unwrap(), b"hi");
        assert_eq!(decode("-_8").unwrap(), [0xfb, 0xff]);
        assert_eq!(decode("+/8").unwrap(), [0xfb, 0xff]);
        assert!(decode("").is_err());
        assert!(decode("not base64!").is_err());
    }
}
