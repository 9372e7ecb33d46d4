//! `POST /v2/auth/qr-image`: the QR code as a PNG image.
//!
//! Documented answer: JSON `{"qr": "data:image/png;base64,…"}`, not a binary
//! `image/png` body.

use std::fmt;

use http::Method;
use serde::Deserialize;

use crate::decode::{BodyError, Decode, decode_json};
use crate::endpoint::Endpoint;
use crate::input::InstanceId;
use crate::retry::Repeat;

/// The first eight bytes of every PNG file.
pub(crate) const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// Get QR Image: the current QR code as a PNG. Only meaningful while the
/// instance is in `SCAN_QR_CODE` state; it rotates every 20–40 s (Wawp
/// advises refreshing it every 30 s and never caching it). A read: safe to
/// repeat.
///
/// ```
/// use wawp_core::{AccessToken, Config, Endpoint, InstanceId, QrImage};
/// let request = QrImage::new(InstanceId::new("3EB0BCB2E3D4")?).build(&Config::default(), &AccessToken::new("tok")?)?;
/// assert_eq!(request.uri(), "https://api.wawp.net/v2/auth/qr-image?instance_id=3EB0BCB2E3D4&access_token=tok");
/// assert!(request.body().is_empty());
/// # Ok::<(), wawp_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QrImage {
    /// The instance waiting to be paired.
    pub instance_id: InstanceId,
}

impl QrImage {
    /// Get QR Image for `instance_id`.
    pub fn new(instance_id: InstanceId) -> Self {
        Self { instance_id }
    }
}

impl Endpoint for QrImage {
    type Output = Image;
    const METHOD: Method = Method::POST;
    const PATH: &'static str = "/v2/auth/qr-image";
    const REPEAT: Repeat = Repeat::Read;

    fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
        std::iter::once(("instance_id", self.instance_id.as_str()))
    }
}

/// An image, decoded from a `data:<type>;base64,…` URI (or bare Base64,
/// taken as PNG). A PNG is checked to start with the PNG signature.
#[derive(Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Image {
    /// Its media type, lower-case, e.g. `image/png`.
    pub mime_type: String,
    /// The image file's bytes.
    pub bytes: Vec<u8>,
}

impl Image {
    /// Whether it is a PNG.
    pub fn is_png(&self) -> bool {
        self.mime_type == "image/png"
    }

    /// The PNG file's bytes, if it is a PNG: write them to a `.png` file.
    pub fn png(&self) -> Option<&[u8]> {
        self.is_png().then_some(self.bytes.as_slice())
    }

    /// Decodes `text`, the value of the body field `field`: a
    /// `data:image/…;base64,…` URI, or bare Base64 (taken as PNG).
    pub(crate) fn from_data_uri(field: &'static str, text: &str) -> Result<Self, BodyError> {
        let bad = |reason: String| BodyError::Field { field, reason };
        let text = text.trim();
        let (mime_type, payload) = match text.get(..5) {
            Some(scheme) if scheme.eq_ignore_ascii_case("data:") => {
                let (header, payload) = text[5..]
                    .split_once(',')
                    .ok_or_else(|| bad("the data URI has no comma".to_owned()))?;
                let mut parts = header.split(';').map(str::trim);
                let mime = parts.next().unwrap_or_default().to_ascii_lowercase();
                if !parts.any(|p| p.eq_ignore_ascii_case("base64")) {
                    return Err(bad("the data URI is not Base64-encoded".to_owned()));
                }
                let mime = if mime.is_empty() {
                    "image/png".to_owned()
                } else {
                    mime
                };
                (mime, payload)
            }
            _ => ("image/png".to_owned(), text),
        };
        if !mime_type.starts_with("image/") {
            return Err(bad(format!(
                "the data URI holds {}, not an image",
                crate::redact::bounded(&mime_type, 64)
            )));
        }
        let bytes = crate::b64::decode(payload).map_err(bad)?;
        if mime_type == "image/png" && !bytes.starts_with(&PNG_SIGNATURE) {
            return Err(bad("it is not a PNG image (no PNG signature)".to_owned()));
        }
        Ok(Self { mime_type, bytes })
    }
}

impl Decode for Image {
    /// `{"qr":"data:image/png;base64,…"}`; tolerated too: the image in
    /// `data` (with its type in `mimetype`).
    fn decode(body: &[u8]) -> Result<Self, BodyError> {
        #[derive(Deserialize)]
        struct Wire {
            #[serde(default)]
            qr: Option<String>,
            #[serde(default)]
            data: Option<String>,
            #[serde(default)]
            mimetype: Option<String>,
        }
        let wire: Wire = decode_json(body)?;
        match (wire.qr, wire.data) {
            (Some(qr), _) => Image::from_data_uri("qr", &qr),
            (None, Some(data)) => match wire.mimetype {
                Some(mime) if !data.trim_start().starts_with("data:") => {
                    Image::from_data_uri("data", &format!("data:{mime};base64,{data}"))
                }
                _ => Image::from_data_uri("data", &data),
            },
            (None, None) => Err(BodyError::Shape {
                detail: "missing field `qr`".to_owned(),
            }),
        }
    }
}

impl fmt::Debug for Image {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Image")
            .field("mime_type", &self.mime_type)
            .field("bytes", &format_args!("[{} bytes]", self.bytes.len()))
            .finish()
    }
}
