//! The session object the lifecycle endpoints return, and its status.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A WhatsApp session (an instance), as the lifecycle endpoints (start,
/// stop, restart, logout, delete) report it.
///
/// Unknown extra fields in the response (e.g. `config`) are ignored. Some
/// answers omit `instance_id` (stop's documented sample has none): the
/// endpoints then fill in the id they were called with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Session {
    /// The session's name, e.g. `wawp-84729105`.
    pub name: String,
    /// Its state; after a logout, [`SessionStatus::ScanQrCode`].
    pub status: SessionStatus,
    /// The instance id, e.g. `3EB0BCB2E3D4`.
    #[serde(default)]
    pub instance_id: String,
}

impl Session {
    /// A session value (for tests and simulators).
    pub fn new(
        name: impl Into<String>,
        status: SessionStatus,
        instance_id: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            status,
            instance_id: instance_id.into(),
        }
    }
}

/// The state of a session. Values the API adds later are kept in
/// [`SessionStatus::Unknown`] rather than rejected.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SessionStatus {
    /// `STOPPED`.
    Stopped,
    /// `STARTING`.
    Starting,
    /// `SCAN_QR_CODE`: alive, waiting for a phone to pair (the state after logout).
    ScanQrCode,
    /// `WORKING`: paired and connected.
    Working,
    /// `FAILED`.
    Failed,
    /// `DELETED`: only in the answer to a delete; the instance is gone.
    Deleted,
    /// Any other value, as sent.
    Unknown(String),
}

impl SessionStatus {
    /// The status for a wire value.
    pub fn from_wire(value: &str) -> Self {
        match value {
            "STOPPED" => Self::Stopped,
            "STARTING" => Self::Starting,
            "SCAN_QR_CODE" => Self::ScanQrCode,
            "WORKING" => Self::Working,
            "FAILED" => Self::Failed,
            "DELETED" => Self::Deleted,
            other => Self::Unknown(other.to_owned()),
        }
    }

    /// The wire value, e.g. `SCAN_QR_CODE`.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Stopped => "STOPPED",
            Self::Starting => "STARTING",
            Self::ScanQrCode => "SCAN_QR_CODE",
            Self::Working => "WORKING",
            Self::Failed => "FAILED",
            Self::Deleted => "DELETED",
            Self::Unknown(other) => other,
        }
    }
}

impl Session {
    /// This session, with `instance_id` filled in when the answer omitted it.
    pub(crate) fn or_instance(mut self, instance_id: &str) -> Self {
        if self.instance_id.is_empty() {
            instance_id.clone_into(&mut self.instance_id);
        }
        self
    }
}

impl fmt::Display for SessionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for SessionStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SessionStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = SessionStatus;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a session status string such as \"SCAN_QR_CODE\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<SessionStatus, E> {
                Ok(SessionStatus::from_wire(v))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}
