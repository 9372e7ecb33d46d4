//! [`instance_calls!`]: the endpoints that take an instance id and no field
//! of their own, one table row each.
//!
//! A row declares the type (with its documentation), method, path,
//! [`Repeat`](crate::Repeat), output type and decoder (a function of the
//! endpoint and the success body); the struct, its constructor and its
//! [`Endpoint`](crate::Endpoint) impl follow. The instance id travels with
//! the token, in the query string as every documented URL shows.

/// `Name: METHOD "path", Repeat -> Output, decode;` after the type's
/// documentation, where `decode` is a `fn(&Self, &[u8]) -> Result<Output,
/// BodyError>` (a closure that captures nothing).
macro_rules! instance_calls {
    ($(
        $(#[$doc:meta])*
        $name:ident: $method:ident $path:literal, $repeat:ident -> $output:ty, $decode:expr;
    )*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name {
            /// The instance it concerns.
            pub instance_id: $crate::InstanceId,
        }

        impl $name {
            #[doc = concat!("`", stringify!($method), " ", $path, "` for `instance_id`.")]
            pub fn new(instance_id: $crate::InstanceId) -> Self {
                Self { instance_id }
            }
        }

        impl $crate::Endpoint for $name {
            type Output = $output;
            const METHOD: ::http::Method = ::http::Method::$method;
            const PATH: &'static str = $path;
            const REPEAT: $crate::Repeat = $crate::Repeat::$repeat;

            fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
                std::iter::once(("instance_id", self.instance_id.as_str()))
            }

            fn decode(&self, body: &[u8]) -> Result<$output, $crate::BodyError> {
                let decode: fn(&Self, &[u8]) -> Result<$output, $crate::BodyError> = $decode;
                decode(self, body)
            }
        }
    )*};
}

pub(crate) use instance_calls;
