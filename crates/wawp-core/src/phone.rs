//! [`PhoneNumber`]: a phone number with its country code, normalised as the
//! pairing-code endpoint wants it.

use std::fmt;
use std::str::FromStr;

use crate::input::InputError;

/// The fewest digits a number with its country code has (e.g. Niue's
/// `+683 4002`).
pub const MIN_PHONE_DIGITS: usize = 7;

/// The most digits a number with its country code has (E.164).
pub const MAX_PHONE_DIGITS: usize = 15;

/// A phone number in international form: only digits, the country code
/// first, e.g. `201145202826`.
///
/// Built from what people type: a leading `+` or `00` is dropped, and so
/// are spaces, dashes, dots and parentheses. Refused, with an
/// [`InputError::InvalidPhoneNumber`] (or `Empty`) that never repeats the
/// number: any other character, a `+` that does not lead, a number starting
/// with `0` after that (a national number, without its country code), fewer
/// than [`MIN_PHONE_DIGITS`] or more than [`MAX_PHONE_DIGITS`] digits.
///
/// ```
/// use wawp_core::PhoneNumber;
/// for typed in ["+20 114 520 2826", "0020-114-520-2826", "(20) 1145202826", "201145202826"] {
///     assert_eq!(PhoneNumber::new(typed)?.as_str(), "201145202826");
/// }
/// assert!(PhoneNumber::new("01145202826").is_err()); // no country code
/// assert!(PhoneNumber::new("+20 114 ABC").is_err());
/// # Ok::<(), wawp_core::InputError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Normalises and checks `typed`.
    pub fn new(typed: impl AsRef<str>) -> Result<Self, InputError> {
        let typed = typed.as_ref();
        let invalid = |reason: String| InputError::InvalidPhoneNumber { reason };
        let mut digits = String::with_capacity(MAX_PHONE_DIGITS);
        let mut plus = false;
        for (index, c) in typed.char_indices() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if digits.is_empty() && !plus => plus = true,
                '+' => {
                    return Err(invalid(format!(
                        "a '+' may only lead the number (byte {index})"
                    )));
                }
                ' ' | '\t' | '\u{a0}' | '-' | '.' | '(' | ')' => {}
                _ => {
                    return Err(invalid(format!(
                        "byte {index} is not a digit, '+', space, dash, dot or parenthesis"
                    )));
                }
            }
        }
        if digits.is_empty() {
            return Err(InputError::Empty {
                field: "phone number",
            });
        }
        if !plus && digits.starts_with("00") {
            digits.drain(..2);
        }
        if digits.starts_with('0') {
            return Err(invalid(
                "it starts with 0: give it with its country code (e.g. +20…, or 0020…)".to_owned(),
            ));
        }
        match digits.len() {
            n if n < MIN_PHONE_DIGITS => Err(invalid(format!(
                "it has {n} digits; with its country code a number has at least {MIN_PHONE_DIGITS}"
            ))),
            n if n > MAX_PHONE_DIGITS => Err(invalid(format!(
                "it has {n} digits; with its country code a number has at most {MAX_PHONE_DIGITS}"
            ))),
            _ => Ok(Self(digits)),
        }
    }

    /// The digits, country code first.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PhoneNumber").field(&self.0).finish()
    }
}

impl fmt::Display for PhoneNumber {
    /// `+` and the digits, e.g. `+201145202826`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "+{}", self.0)
    }
}

impl AsRef<str> for PhoneNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for PhoneNumber {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl TryFrom<&str> for PhoneNumber {
    type Error = InputError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::new(s)
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = InputError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::new(s)
    }
}
