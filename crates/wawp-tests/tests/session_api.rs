//! Two end-to-end checks of the Session API beyond the lifecycle, on every
//! transport against the simulator: a remote relink (log out, a temporary
//! link, the owner opens it and scans, WORKING, the link revoked) and a
//! rate-limit policy change (refused before I/O when the known list says
//! so, refused by the server otherwise, applied when allowed); and a capture
//! replayed by the simulator, read through the client.
//!
//! Each check is a plain async function generic over core's [`Transport`];
//! the blocking transport runs them through a small adapter.

use std::time::{Duration, SystemTime};

use wawp_core::http::{self, Method};
use wawp_core::transport::{
    BlockingTransport, FromConfig, Limits, Transport, TransportError, async_trait,
};
use wawp_core::{
    Ack, ApiErrorKind, Client, Endpoint, Error, InputError, InstanceId, Platform, PolicySlug,
    Repeat, SessionStatus, TEMP_LINK_LIFETIME, TEMP_LINK_PREFIX, TempLink,
};
use wawp_mock::{MockServer, SCAN_PATH};

/// The simulator's control call that plays the owner opening a temporary
/// link and scanning its QR code, declared as any endpoint is.
struct OwnerOpensLink<'a>(&'a TempLink);

impl Endpoint for OwnerOpensLink<'_> {
    type Output = Ack;
    const METHOD: Method = Method::POST;
    const PATH: &'static str = wawp_mock::OPEN_LINK_PATH;
    const REPEAT: Repeat = Repeat::Never;

    fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
        let token = self
            .0
            .token
            .as_ref()
            .map_or(self.0.url.as_str(), |t| t.as_str());
        std::iter::once(("token", token))
    }

    fn decode(&self, _body: &[u8]) -> Result<Ack, wawp_core::BodyError> {
        Ok(Ack::default())
    }
}

/// Log out, make a temporary link, let the owner open it and scan, see the
/// instance WORKING as the owner's account, revoke the link.
pub(crate) async fn remote_relink<T: Transport>(
    client: &Client<T>,
    server: &MockServer,
    id: &InstanceId,
) {
    let logged_out = client.logout(id).await.unwrap();
    assert_eq!(logged_out.status, SessionStatus::ScanQrCode);
    assert_eq!(client.temp_link(id).await.unwrap(), None);

    let link = client.new_temp_link(id).await.unwrap();
    assert!(link.url.starts_with(TEMP_LINK_PREFIX), "{link}");
    assert_eq!(link.token.as_ref().map(|t| t.url()), Some(link.url.clone()));
    let left = link.remaining(SystemTime::now()).unwrap();
    assert!(
        left > TEMP_LINK_LIFETIME - Duration::from_secs(5) && left <= TEMP_LINK_LIFETIME,
        "{left:?}"
    );
    assert_eq!(client.temp_link(id).await.unwrap(), Some(link.clone()));
    assert_eq!(server.temp_link(id.as_str()), Some(link.url.clone()));

    // The owner opens the link and scans.
    client.call(&OwnerOpensLink(&link)).await.unwrap();
    let info = client.info(id).await.unwrap();
    assert_eq!(info.status, SessionStatus::Working);
    let me = client.me(id).await.unwrap();
    assert_eq!(me.id, "201012345678@c.us");
    assert_eq!(me.platform, Some(Platform::Android));

    // Revoked at the end: gone, and it opens no more.
    client.revoke_temp_links(id).await.unwrap();
    assert_eq!(client.temp_link(id).await.unwrap(), None);
    let err = client.call(&OwnerOpensLink(&link)).await.unwrap_err();
    assert_eq!(
        err.api().map(|e| e.kind),
        Some(ApiErrorKind::NotFound),
        "{err}"
    );
    // Revoking again is harmless.
    client.revoke_temp_links(id).await.unwrap();
}

/// On a free account: a paid policy is refused before any I/O when the
/// known list says so, and by the server (403 `subscription_required`)
/// when sent unchecked; an unknown one is reported with the server's
/// message; a free one is applied and shows in the next read. Webhooks
/// are refused with the plan requirement.
pub(crate) async fn policy_change<T: Transport>(
    client: &Client<T>,
    server: &MockServer,
    id: &InstanceId,
) {
    let known = client.rate_limits(id).await.unwrap();
    assert_eq!(known.current.as_deref(), Some("strict"));
    assert_eq!(known.has_active_plan, Some(false));
    assert_eq!(
        known.available().collect::<Vec<_>>(),
        ["strict", "standard_policy"]
    );
    assert_eq!(known.policies.len(), 4);
    assert!(
        known
            .policies
            .iter()
            .all(|p| p.limits.send_message_per_minute.is_some())
    );

    let slug = |s: &str| PolicySlug::new(s).unwrap();
    let patches = || {
        server
            .requests()
            .iter()
            .filter(|r| r.method == "PATCH")
            .count()
    };
    let before = patches();
    let err = client
        .set_policy_checked(id, &slug("business_policy"), &known)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidInput(InputError::PolicyUnavailable { .. })
        ),
        "{err}"
    );
    assert!(!err.maybe_sent());
    let err = client
        .set_policy_checked(id, &slug("no_such"), &known)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput(InputError::UnknownPolicy { .. })),
        "{err}"
    );
    assert_eq!(patches(), before, "a refused policy was sent");

    let err = client
        .set_policy(id, &slug("business_policy"))
        .await
        .unwrap_err();
    let api = err.api().unwrap();
    assert_eq!(api.kind, ApiErrorKind::SubscriptionRequired);
    assert!(api.kind.hint().is_some());
    let err = client.set_policy(id, &slug("no_such")).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "HTTP 400 (bad request): Unknown policy: no_such"
    );

    client
        .set_policy_checked(id, &slug("standard_policy"), &known)
        .await
        .unwrap();
    assert_eq!(
        server.policy(id.as_str()).as_deref(),
        Some("standard_policy")
    );
    let now = client.rate_limits(id).await.unwrap();
    assert_eq!(now.current.as_deref(), Some("standard_policy"));

    let err = client.webhooks(id).await.unwrap_err();
    assert_eq!(
        err.api().map(|e| e.kind),
        Some(ApiErrorKind::SubscriptionRequired)
    );
}

/// A blocking transport as an async one (it blocks the task's thread).
struct Blocked<B>(B);

#[async_trait]
impl<B: BlockingTransport> Transport for Blocked<B> {
    async fn send(
        &self,
        request: http::Request<Vec<u8>>,
        limits: &Limits,
    ) -> Result<http::Response<Vec<u8>>, TransportError> {
        self.0.send(request, limits)
    }

    async fn sleep(&self, duration: Duration) {
        self.0.sleep(duration);
    }
}

/// Runs `check` on the transport `name` against a fresh simulator.
macro_rules! on_every_transport {
    ($check:ident) => {{
        for name in crate::common::TRANSPORTS {
            let server = MockServer::start();
            let config = crate::common::config(&server);
            let id = crate::common::example();
            match name {
                "hyper" => {
                    let client = wawp_hyper::client(crate::common::token(), config);
                    $check(&client, &server, &id).await;
                }
                "reqwest" => {
                    let client = wawp_reqwest::client(crate::common::token(), config);
                    $check(&client, &server, &id).await;
                }
                "blocking" => {
                    let transport = wawp_blocking::UreqTransport::from_config(&config).unwrap();
                    let client =
                        Client::with_config(Blocked(transport), crate::common::token(), config);
                    $check(&client, &server, &id).await;
                }
                other => panic!("no transport named {other}"),
            }
            // Nothing here touched the scan control call: the owner came
            // through the link alone.
            assert!(
                server.requests().iter().all(|r| r.path != SCAN_PATH),
                "{name}"
            );
        }
    }};
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remote_relink_on_every_transport() {
    on_every_transport!(remote_relink);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn policy_change_on_every_transport() {
    on_every_transport!(policy_change);
}

/// A capture served by the simulator reads, through a client, as the
/// fixture test reads it: the loop from a saved answer back to a typed one.
pub(crate) async fn replayed_capture<T: Transport>(
    client: &Client<T>,
    _server: &MockServer,
    id: &InstanceId,
) {
    let limits = client.rate_limits(id).await.unwrap();
    assert_eq!(limits.current.as_deref(), Some("strict"));
    assert_eq!(
        limits.available().collect::<Vec<_>>(),
        ["strict", "standard_policy"]
    );
    let err = client.webhooks(id).await.unwrap_err();
    assert_eq!(
        err.api().map(|e| e.kind),
        Some(ApiErrorKind::SubscriptionRequired)
    );
    let err = client.me(id).await.unwrap_err();
    assert_eq!(
        err.api().map(|e| e.kind),
        Some(ApiErrorKind::NotFound),
        "not in the capture"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replayed_capture_on_every_transport() {
    let capture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../wawp-core/tests/fixtures/captures"
    );
    for name in crate::common::TRANSPORTS {
        let replay = wawp_mock::Replay::load(capture).unwrap();
        let server = MockServer::start_with(wawp_mock::MockConfig::default().replay(replay));
        let config = crate::common::config(&server);
        let id = crate::common::example();
        match name {
            "hyper" => {
                replayed_capture(
                    &wawp_hyper::client(crate::common::token(), config),
                    &server,
                    &id,
                )
                .await
            }
            "reqwest" => {
                replayed_capture(
                    &wawp_reqwest::client(crate::common::token(), config),
                    &server,
                    &id,
                )
                .await
            }
            _ => {
                let transport = wawp_blocking::UreqTransport::from_config(&config).unwrap();
                let client =
                    Client::with_config(Blocked(transport), crate::common::token(), config);
                replayed_capture(&client, &server, &id).await;
            }
        }
    }
}
