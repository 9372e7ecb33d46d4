//! [`text_type!`]: what every validated string type of this crate shares
//! besides its own `new` (which validates): `as_str`, `FromStr`,
//! `TryFrom<String>` (which serde uses to validate on the way in), `String:
//! From` (serde's way out) and `Display`.

/// The impls for `$name(String)`, whose `new(impl Into<String>) ->
/// Result<Self, InputError>` validates.
macro_rules! text_type {
    ($name:ident) => {
        impl $name {
            /// The value.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::InputError;
            fn from_str(s: &str) -> Result<Self, $crate::InputError> {
                Self::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::InputError;
            fn try_from(value: String) -> Result<Self, $crate::InputError> {
                Self::new(value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

pub(crate) use text_type;
