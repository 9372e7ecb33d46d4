//! The session lifecycle end to end, against the simulator's stateful
//! instance: start → `SCAN_QR_CODE` → QR code (text and image) and pairing
//! code → a scan (mock-only control call) → `WORKING` → info → logout →
//! `SCAN_QR_CODE` → stop → delete → 404; and a call that makes no sense in
//! the current state is the typed error. Every request on the wire is the
//! one `wawp-core` built for its endpoint.

use std::time::{Duration, Instant, SystemTime};

use wawp_core::{
    ApiErrorKind, BodyFormat, Config, Delete, Endpoint, Error, Info, InstanceId, Logout,
    ParamLocation, PhoneNumber, Qr, QrImage, RequestCode, Session, SessionStatus, Start, Stop,
};
use wawp_mock::{CONFLICT_STATUS, MockConfig, MockServer};

use crate::cases::{fails, not_found, succeeds};
use crate::harness::{BOTH_MODES, Harness, instance, token};
use crate::subject::Subject;
use crate::wire::WireRequest;

const ID: &str = "LIFECYCLE-01";
const NAME: &str = "wawp-lifecycle";
const PHONE: &str = "+20 114 520 2826";
/// How long the simulator's instance stays `STARTING`.
const START_DELAY: Duration = Duration::from_millis(50);
/// Generous: the instance must be `SCAN_QR_CODE` well before this.
const READY_WITHIN: Duration = Duration::from_secs(5);

/// The subject under test, noting the reference request of each endpoint
/// it calls: what the wire must show, in order.
struct Recording<'a, S> {
    subject: S,
    config: &'a Config,
    expected: Vec<WireRequest>,
}

impl<S: Subject> Recording<'_, S> {
    fn call<E: Endpoint>(&mut self, endpoint: E) -> Result<E::Output, Error> {
        let reference = WireRequest::reference_for(&endpoint, self.config, &token());
        self.expected.push(reference);
        self.subject.call(&endpoint)
    }
}

/// The typed error of a call that makes no sense while the instance is
/// `status`.
#[track_caller]
fn conflict<T: std::fmt::Debug>(result: Result<T, Error>, status: &str, what: &str) {
    let error = fails(result, what);
    let api = error.api().unwrap_or_else(|| panic!("{what}: {error:?}"));
    assert_eq!(api.status.as_u16(), CONFLICT_STATUS, "{what}: {api:?}");
    assert_eq!(api.kind, ApiErrorKind::Other, "{what}");
    assert_eq!(api.format, BodyFormat::Json, "{what}");
    let message = api.message.as_deref().unwrap_or_default();
    assert!(
        message.ends_with(&format!("(the session is {status})")),
        "{what}: {message}"
    );
    assert!(error.maybe_sent() && !error.is_retryable(), "{what}");
}

/// The whole lifecycle of a new instance, in both parameter modes.
pub fn session_lifecycle<S: Subject>(h: &Harness<'_, S>) {
    for params in BOTH_MODES {
        lifecycle(h, params);
    }
}

fn lifecycle<S: Subject>(h: &Harness<'_, S>, params: ParamLocation) {
    let server = MockServer::start_with(
        MockConfig::default()
            .created_instance(ID, NAME)
            .start_delay(START_DELAY)
            .qr_rotation(Duration::from_secs(60)),
    );
    let config = h.config(&server, params);
    let mut subject = Recording {
        subject: h.subject(config.clone()),
        config: &config,
        expected: Vec::new(),
    };
    let id: InstanceId = instance(ID);
    let session = |status| Session::new(NAME, status, ID);

    // A new instance: STOPPED, nothing to scan yet.
    let info = succeeds(
        subject.call(Info::new(id.clone())),
        "info of a new instance",
    );
    assert_eq!(
        (&info.name, &info.status, info.instance_id.as_str()),
        (&NAME.to_owned(), &SessionStatus::Stopped, ID),
        "{params:?}"
    );
    assert_eq!((&info.me, &info.qr), (&None, &None));
    conflict(
        subject.call(Qr::new(id.clone())),
        "STOPPED",
        "qr of a stopped instance",
    );

    // start: STARTING, then SCAN_QR_CODE.
    let started = succeeds(subject.call(Start::new(id.clone())), "start");
    assert_eq!(started, session(SessionStatus::Starting));
    let deadline = Instant::now() + READY_WITHIN;
    let info = loop {
        let info = succeeds(subject.call(Info::new(id.clone())), "info while starting");
        match info.status {
            SessionStatus::ScanQrCode => break info,
            SessionStatus::Starting if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            other => panic!("{params:?}: after start, the instance is {other}"),
        }
    };
    let shown = info
        .qr_image()
        .expect("info carries the QR code while SCAN_QR_CODE")
        .expect("the QR code in info decodes");
    assert!(shown.png().is_some(), "info's QR code is a PNG");

    // The QR code, as text and as an image, and a pairing code.
    let qr = succeeds(subject.call(Qr::new(id.clone())), "qr");
    assert_eq!(Some(&qr.value), server.qr_value(ID).as_ref());
    let expires = qr.expires_at().expect("the QR code has an expiry");
    assert!(expires + Duration::from_secs(2) > SystemTime::now());
    let image = succeeds(subject.call(QrImage::new(id.clone())), "qr_image");
    assert_eq!(image, shown, "qr-image and info show the same code");
    let phone = PhoneNumber::new(PHONE).expect("a valid number");
    let code = succeeds(
        subject.call(RequestCode::new(id.clone(), phone)),
        "request_code",
    );
    assert_eq!(Some(code.code), server.pairing_code(ID));

    // The phone scans (the simulator's control call): WORKING.
    server.scan(ID).expect("the simulator accepts the scan");
    let info = succeeds(subject.call(Info::new(id.clone())), "info after the scan");
    assert_eq!(info.status, SessionStatus::Working);
    assert_eq!(
        info.me.as_ref().map(|me| me.id.as_str()),
        Some("201012345678@c.us")
    );
    assert_eq!(info.qr, None);
    conflict(
        subject.call(QrImage::new(id.clone())),
        "WORKING",
        "qr_image while WORKING",
    );

    // logout → SCAN_QR_CODE; stop → STOPPED; delete → DELETED, then 404.
    let out = succeeds(subject.call(Logout::new(id.clone())), "logout");
    assert_eq!(out, session(SessionStatus::ScanQrCode));
    let stopped = succeeds(subject.call(Stop::new(id.clone())), "stop");
    assert_eq!(stopped, session(SessionStatus::Stopped));
    conflict(
        subject.call(Logout::new(id.clone())),
        "STOPPED",
        "logout of a stopped instance",
    );
    let deleted = succeeds(subject.call(Delete::new(id.clone())), "delete");
    assert_eq!(deleted, session(SessionStatus::Deleted));
    not_found(
        subject.call(Info::new(id.clone())),
        "info of a deleted instance",
    );
    not_found(
        subject.call(Delete::new(id.clone())),
        "delete of a deleted instance",
    );
    assert_eq!(server.instance_status(ID), None);

    // What went on the wire: exactly what wawp-core built, call by call.
    let recorded: Vec<WireRequest> = server
        .requests()
        .iter()
        .map(WireRequest::recorded)
        .collect();
    assert_eq!(recorded.len(), subject.expected.len(), "{params:?}");
    for (i, (got, want)) in recorded.iter().zip(&subject.expected).enumerate() {
        assert_eq!(
            got, want,
            "{params:?}: request {i} ({} {}) differs from the one wawp-core built",
            want.method, want.path
        );
    }
}
