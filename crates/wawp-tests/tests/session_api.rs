//! A capture replayed by the simulator, read through the client on every
//! transport: the loop from a saved answer back to a typed one. (The remote
//! relink and the policy change are cases of the conformance suite.)

use wawp_conformance::Subject;
use wawp_core::{AboutMe, ApiErrorKind, RateLimitShow, WebhookShow};
use wawp_mock::{MockConfig, MockServer, Replay};

/// A capture served by the simulator reads, through a client, as the
/// fixture test reads it; what the capture lacks is 404.
#[test]
fn replayed_capture_on_every_transport() {
    let capture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../wawp-core/tests/fixtures/captures"
    );
    for name in crate::common::TRANSPORTS {
        let replay = Replay::load(capture).unwrap();
        let server = MockServer::start_with(MockConfig::default().replay(replay));
        let client = crate::common::default_subject(name, &crate::common::config(&server));
        let id = crate::common::example();

        let limits = client.call(&RateLimitShow::new(id.clone())).unwrap();
        assert_eq!(limits.current.as_deref(), Some("strict"), "{name}");
        assert_eq!(
            limits.available().collect::<Vec<_>>(),
            ["strict", "standard_policy"],
            "{name}"
        );
        let err = client.call(&WebhookShow::new(id.clone())).unwrap_err();
        assert_eq!(
            err.api().map(|e| e.kind),
            Some(ApiErrorKind::SubscriptionRequired),
            "{name}"
        );
        let err = client.call(&AboutMe::new(id)).unwrap_err();
        assert_eq!(
            err.api().map(|e| e.kind),
            Some(ApiErrorKind::NotFound),
            "{name}: not in the capture"
        );
    }
}
