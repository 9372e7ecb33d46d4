//! The Session API beyond the lifecycle, against the simulator: a remote
//! relink (log out, a temporary link, the owner opens it and scans,
//! `WORKING`, the link revoked) and a rate-limit policy change (refused
//! before I/O when the known list says so, refused by the server otherwise,
//! applied when allowed). The owner comes through the link alone: neither
//! case touches the simulator's scan control call.

use std::time::{Duration, SystemTime};

use wawp_core::http::Method;
use wawp_core::{
    AboutMe, Ack, ApiErrorKind, Endpoint, Error, Info, InputError, Logout, Platform, PolicySlug,
    RateLimitShow, Repeat, SessionStatus, SetPolicy, TEMP_LINK_LIFETIME, TEMP_LINK_PREFIX,
    TempLink, TempLinkNew, TempLinkRevoke, TempLinkShow, WebhookShow,
};
use wawp_mock::SCAN_PATH;

use crate::cases::example;
use crate::harness::Harness;
use crate::subject::Subject;

/// The simulator's control call that plays the owner opening a temporary
/// link and scanning its QR code, declared as any endpoint is.
struct OwnerOpensLink<'a>(&'a TempLink);

impl Endpoint for OwnerOpensLink<'_> {
    type Output = Ack;
    const METHOD: Method = Method::POST;
    const PATH: &'static str = wawp_mock::OPEN_LINK_PATH;
    const REPEAT: Repeat = Repeat::Never;

    fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
        let link = self.0;
        let token = link
            .token
            .as_ref()
            .map_or(link.url.as_str(), |t| t.as_str());
        std::iter::once(("token", token))
    }

    fn decode(&self, _body: &[u8]) -> Result<Ack, wawp_core::BodyError> {
        Ok(Ack::default())
    }
}

/// Log out, make a temporary link, let the owner open it and scan, see the
/// instance `WORKING` as the owner's account, revoke the link: gone, it
/// opens no more, and revoking again is harmless.
pub fn remote_relink<S: Subject>(h: &Harness<'_, S>) {
    let server = h.server();
    let (s, id) = (h.subject(h.config_for_url(&server.base_url())), example());
    let logged_out = s.call(&Logout::new(id.clone())).unwrap();
    assert_eq!(logged_out.status, SessionStatus::ScanQrCode);
    let show = TempLinkShow::new(id.clone());
    assert_eq!(s.call(&show).unwrap(), None);

    let link = s.call(&TempLinkNew::new(id.clone())).unwrap();
    assert!(link.url.starts_with(TEMP_LINK_PREFIX), "{link}");
    assert_eq!(link.token.as_ref().map(|t| t.url()), Some(link.url.clone()));
    let left = link.remaining(SystemTime::now()).unwrap();
    assert!(
        left > TEMP_LINK_LIFETIME - Duration::from_secs(5) && left <= TEMP_LINK_LIFETIME,
        "{left:?}"
    );
    assert_eq!(s.call(&show).unwrap(), Some(link.clone()));
    assert_eq!(server.temp_link(id.as_str()), Some(link.url.clone()));

    // The owner opens the link and scans.
    s.call(&OwnerOpensLink(&link)).unwrap();
    let info = s.call(&Info::new(id.clone())).unwrap();
    assert_eq!(info.status, SessionStatus::Working);
    let me = s.call(&AboutMe::new(id.clone())).unwrap();
    assert_eq!(me.id, "201012345678@c.us");
    assert_eq!(me.platform, Some(Platform::Android));

    // Revoked at the end: gone, and it opens no more.
    s.call(&TempLinkRevoke::new(id.clone())).unwrap();
    assert_eq!(s.call(&show).unwrap(), None);
    let err = s.call(&OwnerOpensLink(&link)).unwrap_err();
    let kind = err.api().map(|e| e.kind);
    assert_eq!(kind, Some(ApiErrorKind::NotFound), "{err}");
    // Revoking again is harmless.
    s.call(&TempLinkRevoke::new(id)).unwrap();
    // The owner came through the link alone, not the scan control call.
    assert!(server.requests().iter().all(|r| r.path != SCAN_PATH));
}

/// On a free account: a paid policy is refused before any I/O when the
/// known list says so, and by the server (403 `subscription_required`, with
/// a hint) when sent unchecked; an unknown one is reported with the
/// server's message; a free one is applied and shows in the next read.
/// Webhooks are refused with the plan requirement.
pub fn policy_change<S: Subject>(h: &Harness<'_, S>) {
    let server = h.server();
    let (s, id) = (h.subject(h.config_for_url(&server.base_url())), example());
    let known = s.call(&RateLimitShow::new(id.clone())).unwrap();
    assert_eq!(known.current.as_deref(), Some("strict"));
    assert_eq!(known.has_active_plan, Some(false));
    let available: Vec<_> = known.available().collect();
    assert_eq!(available, ["strict", "standard_policy"]);
    assert_eq!(known.policies.len(), 4);
    let limited = |p: &wawp_core::Policy| p.limits.send_message_per_minute.is_some();
    assert!(known.policies.iter().all(limited));

    let slug = |s: &str| PolicySlug::new(s).unwrap();
    let patches = || {
        server
            .requests()
            .iter()
            .filter(|r| r.method == "PATCH")
            .count()
    };
    let before = patches();
    let checked = |policy| SetPolicy::checked(id.clone(), slug(policy), &known);
    let err = Error::from(checked("business_policy").unwrap_err());
    let unavailable = matches!(
        err,
        Error::InvalidInput(InputError::PolicyUnavailable { .. })
    );
    assert!(unavailable, "{err}");
    assert!(!err.maybe_sent());
    let err = Error::from(checked("no_such").unwrap_err());
    let unknown = matches!(err, Error::InvalidInput(InputError::UnknownPolicy { .. }));
    assert!(unknown, "{err}");
    assert_eq!(patches(), before, "a refused policy was sent");

    let unchecked = |policy| s.call(&SetPolicy::new(id.clone(), slug(policy)));
    let err = unchecked("business_policy").unwrap_err();
    let api = err.api().unwrap();
    assert_eq!(api.kind, ApiErrorKind::SubscriptionRequired);
    assert!(api.kind.hint().is_some());
    let err = unchecked("no_such").unwrap_err();
    let message = "HTTP 400 (bad request): Unknown policy: no_such";
    assert_eq!(err.to_string(), message);

    s.call(&checked("standard_policy").unwrap()).unwrap();
    assert_eq!(
        server.policy(id.as_str()).as_deref(),
        Some("standard_policy")
    );
    let now = s.call(&RateLimitShow::new(id.clone())).unwrap();
    assert_eq!(now.current.as_deref(), Some("standard_policy"));

    let err = s.call(&WebhookShow::new(id)).unwrap_err();
    let kind = err.api().map(|e| e.kind);
    assert_eq!(kind, Some(ApiErrorKind::SubscriptionRequired));
    assert!(server.requests().iter().all(|r| r.path != SCAN_PATH));
}
