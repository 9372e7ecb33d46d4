//! Validated inputs: [`InstanceId`] and [`AccessToken`], and [`InputError`],
//! the error of every input and setting rejected before any I/O.
//!
//! Both are checked on construction, so a value of either type is always safe to
//! put on the wire; bad input becomes an [`InputError`] before any I/O.

use std::fmt;
use std::str::FromStr;

use secrecy::{ExposeSecret, SecretString};

/// Input rejected before any I/O. Messages name the field and the position,
/// never the value (the value may be a secret).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The value is empty.
    #[error("{field} is empty")]
    Empty {
        /// Which input.
        field: &'static str,
    },
    /// The value is only whitespace.
    #[error("{field} is blank")]
    Blank {
        /// Which input.
        field: &'static str,
    },
    /// The value starts or ends with whitespace.
    #[error("{field} starts or ends with whitespace")]
    SurroundingWhitespace {
        /// Which input.
        field: &'static str,
    },
    /// The value contains whitespace where none is allowed.
    #[error("{field} contains whitespace at byte {index}")]
    Whitespace {
        /// Which input.
        field: &'static str,
        /// Byte offset of the first whitespace.
        index: usize,
    },
    /// The value contains a control character.
    #[error("{field} contains a control character at byte {index}")]
    ControlCharacter {
        /// Which input.
        field: &'static str,
        /// Byte offset of the first control character.
        index: usize,
    },
    /// The value is absurdly long.
    #[error("{field} is {len} bytes long; the maximum is {max}")]
    TooLong {
        /// Which input.
        field: &'static str,
        /// Its length in bytes.
        len: usize,
        /// The maximum in bytes.
        max: usize,
    },
    /// The base URL is not an absolute `http` or `https` URL without query or fragment.
    #[error("invalid base URL: {reason}")]
    InvalidBaseUrl {
        /// What is wrong with it.
        reason: String,
    },
    /// The proxy URL is not an `http://[user:password@]host[:port]` URL.
    #[error("invalid proxy URL: {reason}")]
    InvalidProxy {
        /// What is wrong with it (never the password).
        reason: String,
    },
    /// A root certificate to trust could not be read.
    #[error("invalid certificate: {reason}")]
    InvalidCertificate {
        /// What is wrong with it.
        reason: String,
    },
    /// The phone number is not a number with its country code. The reason
    /// never repeats the number.
    #[error("invalid phone number: {reason}")]
    InvalidPhoneNumber {
        /// What is wrong with it, e.g. "it has 5 digits; with its country
        /// code a number has at least 7".
        reason: String,
    },
    /// The base URL is plain `http` to a host other than loopback: the access
    /// token would cross the network in clear text.
    #[error(
        "refusing to send the access token over plain http to {host}; use https, \
         or allow insecure http explicitly"
    )]
    InsecureBaseUrl {
        /// The non-loopback host.
        host: String,
    },
    /// An environment variable that should hold the value is not set.
    #[error("{var} is not set")]
    NotSet {
        /// The variable's name.
        var: &'static str,
    },
    /// The value is not valid UTF-8 (an environment variable can hold any
    /// bytes).
    #[error("{field} is not valid UTF-8")]
    NotUnicode {
        /// Which input.
        field: &'static str,
    },
    /// The value is not of the form its field requires (a temporary link's
    /// token, an https webhook URL, a policy slug…). The reason never
    /// repeats the value.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// Which input.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The rate-limit policy is not one the instance offers.
    #[error("unknown rate-limit policy `{slug}`; the instance offers: {}", known.join(", "))]
    UnknownPolicy {
        /// The slug asked for.
        slug: String,
        /// The slugs the instance offers.
        known: Vec<String>,
    },
    /// The rate-limit policy exists but the account may not use it (a paid
    /// policy on a free account).
    #[error("rate-limit policy `{slug}` is not available to this account (a paid plan is needed); available: {}", available.join(", "))]
    PolicyUnavailable {
        /// The slug asked for.
        slug: String,
        /// The slugs the account may use.
        available: Vec<String>,
    },
    /// A client setting is out of range, e.g. a zero timeout.
    #[error("invalid {setting}: {reason}")]
    InvalidSetting {
        /// Which setting.
        setting: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// Longest instance id accepted, in bytes.
pub const MAX_INSTANCE_ID_LEN: usize = 256;
/// Longest access token accepted, in bytes.
pub const MAX_ACCESS_TOKEN_LEN: usize = 4096;

/// The environment variable [`AccessToken::from_env`] reads:
/// `WAWP_ACCESS_TOKEN`.
pub const ACCESS_TOKEN_ENV: &str = "WAWP_ACCESS_TOKEN";

/// Checks the rules shared by every input: non-empty, not blank, no control
/// characters, no surrounding whitespace, bounded length. Values are never
/// echoed in the error, only positions, so this is safe for secrets too.
pub(crate) fn check(field: &'static str, value: &str, max: usize) -> Result<(), InputError> {
    if value.is_empty() {
        return Err(InputError::Empty { field });
    }
    if value.len() > max {
        return Err(InputError::TooLong {
            field,
            len: value.len(),
            max,
        });
    }
    if let Some((index, _)) = value.char_indices().find(|(_, c)| c.is_control()) {
        return Err(InputError::ControlCharacter { field, index });
    }
    if value.trim().is_empty() {
        return Err(InputError::Blank { field });
    }
    if value.trim() != value {
        return Err(InputError::SurroundingWhitespace { field });
    }
    Ok(())
}

/// The id of a Wawp instance, e.g. `3EB0BCB2E3D4`.
///
/// Non-empty, at most [`MAX_INSTANCE_ID_LEN`] bytes, no control characters, no
/// leading or trailing whitespace. Any other character is allowed and is
/// percent-encoded on the wire.
///
/// ```
/// use wawp_core::InstanceId;
/// let id: InstanceId = "3EB0BCB2E3D4".parse()?;
/// assert_eq!(id.as_str(), "3EB0BCB2E3D4");
/// assert!(InstanceId::new("  ").is_err());
/// # Ok::<(), wawp_core::InputError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct InstanceId(String);

impl InstanceId {
    /// Validates `value` as an instance id.
    pub fn new(value: impl Into<String>) -> Result<Self, InputError> {
        let value = value.into();
        check("instance id", &value, MAX_INSTANCE_ID_LEN)?;
        Ok(Self(value))
    }

    /// The id as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for InstanceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("InstanceId").field(&self.0).finish()
    }
}

impl fmt::Display for InstanceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for InstanceId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for InstanceId {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl TryFrom<&str> for InstanceId {
    type Error = InputError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::new(s)
    }
}

impl TryFrom<String> for InstanceId {
    type Error = InputError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::new(s)
    }
}

/// A Wawp API access token. A secret: its `Debug` and `Display` print
/// `[redacted]`, and the memory is zeroed on drop.
///
/// Non-empty, at most [`MAX_ACCESS_TOKEN_LEN`] bytes, no whitespace or control
/// characters.
///
/// ```
/// use wawp_core::AccessToken;
/// let token = AccessToken::new("tok-123")?;
/// assert_eq!(format!("{token} {token:?}"), "[redacted] AccessToken([redacted])");
/// # Ok::<(), wawp_core::InputError>(())
/// ```
#[derive(Clone)]
pub struct AccessToken(SecretString);

impl AccessToken {
    /// Validates `value` as an access token.
    pub fn new(value: impl Into<String>) -> Result<Self, InputError> {
        Self::validated("access token", value.into())
    }

    /// The token in the environment variable `WAWP_ACCESS_TOKEN`
    /// ([`ACCESS_TOKEN_ENV`]), validated as by [`AccessToken::new`].
    ///
    /// Each way it can be wrong is its own error, and none shows the value:
    /// [`InputError::NotSet`] when the variable is missing,
    /// [`InputError::Empty`] when it is set but empty,
    /// [`InputError::NotUnicode`] when it is not UTF-8, and the errors of
    /// [`AccessToken::new`] (whitespace, control character, too long…)
    /// otherwise, naming the variable rather than quoting it.
    ///
    /// ```no_run
    /// use wawp_core::AccessToken;
    /// let token = AccessToken::from_env()?; // WAWP_ACCESS_TOKEN=… in the environment
    /// # Ok::<(), wawp_core::InputError>(())
    /// ```
    pub fn from_env() -> Result<Self, InputError> {
        Self::from_env_value(std::env::var_os(ACCESS_TOKEN_ENV))
    }

    /// [`AccessToken::from_env`] given what the variable holds (`None`:
    /// not set), so that its rules are tested without touching the process
    /// environment.
    fn from_env_value(value: Option<std::ffi::OsString>) -> Result<Self, InputError> {
        const FIELD: &str = "access token (WAWP_ACCESS_TOKEN)";
        let value = value.ok_or(InputError::NotSet {
            var: ACCESS_TOKEN_ENV,
        })?;
        let value = value
            .into_string()
            .map_err(|_| InputError::NotUnicode { field: FIELD })?;
        Self::validated(FIELD, value)
    }

    fn validated(field: &'static str, value: String) -> Result<Self, InputError> {
        // Wrapped at once so that the value is zeroed on every path.
        let secret = SecretString::from(value);
        let value = secret.expose_secret();
        check(field, value, MAX_ACCESS_TOKEN_LEN)?;
        if let Some(index) = value.find(char::is_whitespace) {
            return Err(InputError::Whitespace { field, index });
        }
        Ok(Self(secret))
    }

    /// The token itself. Only the request builder and redaction need it; never
    /// log or print what this returns.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken([redacted])")
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl FromStr for AccessToken {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELD: &str = "access token (WAWP_ACCESS_TOKEN)";

    fn from_env(value: Option<&str>) -> Result<AccessToken, InputError> {
        AccessToken::from_env_value(value.map(Into::into))
    }

    #[test]
    fn from_env_tells_missing_empty_and_invalid_apart() {
        assert_eq!(
            from_env(None).unwrap_err(),
            InputError::NotSet {
                var: "WAWP_ACCESS_TOKEN"
            }
        );
        assert_eq!(
            from_env(Some("")).unwrap_err(),
            InputError::Empty { field: FIELD }
        );
        assert_eq!(
            from_env(Some("tok en")).unwrap_err(),
            InputError::Whitespace {
                field: FIELD,
                index: 3
            }
        );
        assert_eq!(
            from_env(Some("token\n")).unwrap_err(),
            InputError::ControlCharacter {
                field: FIELD,
                index: 5
            }
        );
        let token = from_env(Some("tok-123")).unwrap();
        assert_eq!(token.expose_secret(), "tok-123");
    }

    #[cfg(unix)]
    #[test]
    fn from_env_refuses_bytes_that_are_not_utf8() {
        use std::os::unix::ffi::OsStringExt;
        let value = std::ffi::OsString::from_vec(vec![b't', 0xff, b'k']);
        assert_eq!(
            AccessToken::from_env_value(Some(value)).unwrap_err(),
            InputError::NotUnicode { field: FIELD }
        );
    }

    #[test]
    fn from_env_errors_never_show_the_value() {
        let secret = "SECRET-TOKEN-7f3a";
        for bad in [
            format!(" {secret}"),
            format!("{secret} x"),
            format!("{secret}\u{7}"),
            secret.repeat(400),
        ] {
            let err = from_env(Some(&bad)).unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(!shown.contains(secret), "{shown}");
            assert!(shown.contains("WAWP_ACCESS_TOKEN"), "{shown}");
        }
    }
}
