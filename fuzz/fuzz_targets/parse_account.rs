//! Any status, headers and body through the parsers of the account
//! endpoints (temporary links, About Me, rate-limit policies, webhooks,
//! instance creation), and any text through the values a user types for
//! them (`TempLinkToken`, `PolicySlug`, `SessionName`) and the webhook list
//! the CLI reads from a user's file (`Webhook::list_from_json`): a typed
//! result, never a panic, no piece of the token in any error. What decodes
//! reads back as itself from its JSON; an accepted value keeps the promises
//! of its type.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wawp_core::{
    AboutMe, Ack, Create, Created, Me, PolicySlug, RateLimitShow, RateLimits, SessionName,
    SetPolicy, SetWebhooks, TEMP_LINK_PREFIX, TempLink, TempLinkNew, TempLinkRevoke, TempLinkShow,
    TempLinkToken, Webhook, WebhookShow, Webhooks,
};
use wawp_fuzz::{instance, parse};

fn round_trip<T>(value: &T) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let json = serde_json::to_vec(value).expect("an output serializes");
    serde_json::from_slice(&json).expect("and reads back")
}

fn temp_link(link: &TempLink) {
    assert!(
        !link.url.is_empty() && link.url.trim() == link.url,
        "{link:?}"
    );
    if let Some(token) = &link.token {
        assert_eq!(TempLinkToken::new(token.as_str()).as_ref(), Ok(token));
    }
    assert_eq!(&round_trip(link), link);
}

fn ack(ack: &Ack) {
    assert_eq!(round_trip(ack).message, ack.message);
}

fn rate_limits(limits: &RateLimits) {
    let back: RateLimits = round_trip(limits);
    // `other` keeps unknown limits as sent; numbers in it need not survive a
    // round trip bit for bit (serde_json parses floats fast, not exactly).
    let key = |l: &RateLimits| {
        (
            l.current.clone(),
            l.free_policies.clone(),
            l.has_active_plan,
            l.policies
                .iter()
                .map(|p| {
                    (
                        p.slug.clone(),
                        p.name.clone(),
                        p.available,
                        p.limits.documented(),
                    )
                })
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(key(&back), key(limits));
    for policy in &limits.policies {
        let Ok(slug) = PolicySlug::new(policy.slug.as_str()) else {
            continue;
        };
        let first = limits.policy(slug.as_str()).expect("a listed policy");
        assert_eq!(limits.check(&slug).is_ok(), first.available, "{limits:?}");
        if limits.check(&slug).is_ok() {
            assert!(SetPolicy::checked(instance(), slug, limits).is_ok());
        }
    }
}

fn endpoint(which: u8, data: &[u8]) {
    match which % 9 {
        0 => {
            if let Some(Ok(Some(link))) = parse(&TempLinkShow::new(instance()), data) {
                temp_link(&link);
            }
        }
        1 => {
            if let Some(Ok(link)) = parse(&TempLinkNew::new(instance()), data) {
                temp_link(&link);
            }
        }
        2 => {
            if let Some(Ok(answer)) = parse(&TempLinkRevoke::new(instance()), data) {
                self::ack(&answer);
            }
        }
        3 => {
            if let Some(Ok(me)) = parse(&AboutMe::new(instance()), data) {
                assert!(!me.id.is_empty(), "{me:?}");
                assert_eq!(round_trip::<Me>(&me), me);
            }
        }
        4 => {
            if let Some(Ok(limits)) = parse(&RateLimitShow::new(instance()), data) {
                rate_limits(&limits);
            }
        }
        5 => {
            if let Some(Ok(hooks)) = parse(&WebhookShow::new(instance()), data) {
                assert!(hooks.webhooks.iter().all(|h| !h.url.is_empty()));
                assert_eq!(round_trip::<Webhooks>(&hooks).webhooks, hooks.webhooks);
            }
        }
        6 => {
            let create = match SessionName::new("wawp-1") {
                Ok(name) if data.len() % 2 == 0 => Create::new(name),
                _ => Create::unnamed(),
            };
            if let Some(Ok(created)) = parse(&create, data) {
                assert!(!created.instance_id.is_empty(), "{created:?}");
                assert_eq!(round_trip::<Created>(&created), created);
            }
        }
        7 => {
            let slug = PolicySlug::new("strict").expect("a valid slug");
            if let Some(Ok(answer)) = parse(&SetPolicy::new(instance(), slug), data) {
                self::ack(&answer);
            }
        }
        _ => {
            let set = SetWebhooks::new(instance(), Vec::new()).expect("an empty list");
            if let Some(Ok(answer)) = parse(&set, data) {
                self::ack(&answer);
            }
        }
    }
}

fn temp_link_token(text: &str) {
    let Ok(token) = TempLinkToken::new(text) else {
        return;
    };
    let value = token.as_str();
    assert!((16..=256).contains(&value.len()), "{value:?}");
    assert!(
        value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "{value:?}"
    );
    assert_eq!(token.url(), format!("{TEMP_LINK_PREFIX}{value}"));
    assert_eq!(TempLinkToken::new(token.url()).as_ref(), Ok(&token));
    assert_eq!(value.parse::<TempLinkToken>().as_ref(), Ok(&token));
    assert_eq!(round_trip(&token), token);
}

fn policy_slug(text: &str) {
    let Ok(slug) = PolicySlug::new(text) else {
        return;
    };
    assert_eq!(slug.as_str(), text);
    assert!(text.len() <= 64, "{text:?}");
    assert!(
        text.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')),
        "{text:?}"
    );
    assert_eq!(round_trip(&slug), slug);
}

fn session_name(text: &str) {
    let Ok(name) = SessionName::new(text) else {
        return;
    };
    assert_eq!(name.as_str(), text);
    assert!(!text.is_empty() && text.len() <= 100, "{text:?}");
    assert!(!text.chars().any(char::is_control), "{text:?}");
    assert_eq!(text.trim(), text);
    assert_eq!(round_trip(&name), name);
}

fn webhook_list(json: &[u8]) {
    let Ok(list) = Webhook::list_from_json(json) else {
        return;
    };
    assert!(list.len() <= 100);
    for hook in &list {
        assert!(hook.check().is_ok(), "{hook:?}");
        assert!(!hook.events.is_empty(), "{hook:?}");
        assert!(
            hook.url
                .get(..8)
                .is_some_and(|s| s.eq_ignore_ascii_case("https://")),
            "{hook:?}"
        );
    }
    let again = serde_json::to_vec(&list).expect("a list serializes");
    assert_eq!(
        Webhook::list_from_json(&again).expect("and reads back"),
        list
    );
    assert!(SetWebhooks::new(instance(), list).is_ok());
}

fuzz_target!(|data: &[u8]| {
    let Some((which, data)) = data.split_first() else {
        return;
    };
    if which & 0x80 == 0 {
        return endpoint(*which, data);
    }
    let text = String::from_utf8_lossy(data);
    match which % 4 {
        0 => temp_link_token(&text),
        1 => policy_slug(&text),
        2 => session_name(&text),
        _ => webhook_list(data),
    }
});
