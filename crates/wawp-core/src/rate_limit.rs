//! `GET|PATCH /v2/session/rate-limit`: the instance's sending policy (how
//! fast and how much WhatsApp lets it send), the policies it may choose
//! from, and choosing one.
//!
//! These pace WhatsApp messages; they are not limits of the HTTP API.
//! Documented in prose only, so read tolerantly: the current policy under
//! any usual key (a slug or an object), `policies` as a list or as an object
//! keyed by slug, limits as numbers or digit strings, camelCase spellings,
//! and limits Wawp adds later kept by name.

use std::collections::BTreeMap;

use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ack::Ack;
use crate::decode::BodyError;
use crate::endpoint::Endpoint;
use crate::input::InputError;
use crate::input::InstanceId;
use crate::instance_calls::instance_calls;
use crate::retry::Repeat;
use crate::text_type::text_type;
use crate::tolerant::{self, pick, text_of};

/// The slug of a rate-limit policy, e.g. `strict` or `standard_policy`:
/// 1 to 64 ASCII letters, digits, `_`, `-` or `.`.
///
/// ```
/// use wawp_core::PolicySlug;
/// assert_eq!(PolicySlug::new("standard_policy")?.as_str(), "standard_policy");
/// assert!(PolicySlug::new("").is_err());
/// assert!(PolicySlug::new("two words").is_err());
/// # Ok::<(), wawp_core::InputError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PolicySlug(String);

text_type!(PolicySlug);

/// Longest policy slug accepted.
const MAX_SLUG_LEN: usize = 64;

impl PolicySlug {
    /// The slug `value`.
    pub fn new(value: impl Into<String>) -> Result<Self, InputError> {
        let value = value.into();
        crate::input::check("policy slug", &value, MAX_SLUG_LEN)?;
        if let Some(index) = value
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))
        {
            return Err(InputError::Invalid {
                field: "policy slug",
                reason: format!(
                    "only letters, digits, `_`, `-` and `.` are allowed; byte {index} is not one"
                ),
            });
        }
        Ok(Self(value))
    }
}

/// The instance's rate-limit settings: the policy in force, the policies
/// there are, and which of them the account may choose.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RateLimits {
    /// The slug of the policy in force, when the answer names it.
    pub current: Option<String>,
    /// Every policy, in the order sent.
    pub policies: Vec<Policy>,
    /// The policies a free account may use (typically `strict` and
    /// `standard_policy`).
    pub free_policies: Vec<String>,
    /// Whether the account has a paid plan (which may use any policy), when
    /// the answer says.
    pub has_active_plan: Option<bool>,
}

/// One rate-limit policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Policy {
    /// Its slug, what [`SetPolicy`] takes.
    pub slug: String,
    /// Its display name, when it has one besides the slug.
    pub name: Option<String>,
    /// Whether the account may choose it: as sent, or, when the answer does
    /// not say, whether it is a free policy or the account has a paid plan.
    pub available: bool,
    /// What it allows.
    pub limits: PolicyLimits,
}

impl Policy {
    /// A policy (for tests and simulators).
    pub fn new(slug: impl Into<String>, available: bool, limits: PolicyLimits) -> Self {
        Self {
            slug: slug.into(),
            name: None,
            available,
            limits,
        }
    }
}

/// What a policy allows. `None` is a limit the answer did not give (or gave
/// as something other than a count); limits Wawp adds later are in
/// [`PolicyLimits::other`], as sent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PolicyLimits {
    /// Messages per minute.
    pub send_message_per_minute: Option<u64>,
    /// Messages per day.
    pub send_message_daily_cap: Option<u64>,
    /// Seconds of account protection (a pause the engine keeps).
    pub account_protection_seconds: Option<u64>,
    /// Calls handled at once.
    pub concurrent_limit: Option<u64>,
    /// Group requests per minute.
    pub group_req_per_minute: Option<u64>,
    /// Group requests per day.
    pub group_daily_cap: Option<u64>,
    /// Number checks per minute.
    pub check_req_per_minute: Option<u64>,
    /// Number checks per day.
    pub check_daily_cap: Option<u64>,
    /// Any other limit, by name, as sent.
    pub other: BTreeMap<String, Value>,
}

/// The documented limits, by their snake_case names.
pub const LIMIT_NAMES: [&str; 8] = [
    "send_message_per_minute",
    "send_message_daily_cap",
    "account_protection_seconds",
    "concurrent_limit",
    "group_req_per_minute",
    "group_daily_cap",
    "check_req_per_minute",
    "check_daily_cap",
];

impl PolicyLimits {
    /// The documented limits in [`LIMIT_NAMES`] order, with their names.
    pub fn documented(&self) -> [(&'static str, Option<u64>); 8] {
        let values = [
            self.send_message_per_minute,
            self.send_message_daily_cap,
            self.account_protection_seconds,
            self.concurrent_limit,
            self.group_req_per_minute,
            self.group_daily_cap,
            self.check_req_per_minute,
            self.check_daily_cap,
        ];
        let mut out = [("", None); 8];
        for (i, (name, value)) in LIMIT_NAMES.iter().zip(values).enumerate() {
            out[i] = (name, value);
        }
        out
    }

    fn from_map(map: &Map<String, Value>) -> Self {
        let get = |name: &str| pick(map, &[name]).and_then(tolerant::count);
        let other = map
            .iter()
            .filter(|(key, _)| {
                !LIMIT_NAMES
                    .iter()
                    .any(|name| *key == name || snake(key) == *name)
            })
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        Self {
            send_message_per_minute: get("send_message_per_minute"),
            send_message_daily_cap: get("send_message_daily_cap"),
            account_protection_seconds: get("account_protection_seconds"),
            concurrent_limit: get("concurrent_limit"),
            group_req_per_minute: get("group_req_per_minute"),
            group_daily_cap: get("group_daily_cap"),
            check_req_per_minute: get("check_req_per_minute"),
            check_daily_cap: get("check_daily_cap"),
            other,
        }
    }
}

/// `camelCase` → `camel_case`.
fn snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

const CURRENT_KEYS: [&str; 7] = [
    "current_policy",
    "policy",
    "current",
    "active_policy",
    "policy_slug",
    "selected_policy",
    "rate_limit_policy",
];
const SLUG_KEYS: [&str; 4] = ["slug", "policy_slug", "id", "key"];
const TOP_KEYS: [&str; 4] = [
    "policies",
    "free_policies",
    "has_active_plan",
    "current_policy",
];

impl RateLimits {
    /// The policy with `slug`, if there is one.
    pub fn policy(&self, slug: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.slug == slug)
    }

    /// The slugs of the policies the account may choose.
    pub fn available(&self) -> impl Iterator<Item = &str> {
        self.policies
            .iter()
            .filter(|p| p.available)
            .map(|p| p.slug.as_str())
    }

    /// `slug`, if the account may choose it: an
    /// [`InputError::UnknownPolicy`] when no policy has that slug, an
    /// [`InputError::PolicyUnavailable`] when the account may not use it.
    /// With no policies known at all, every slug passes (the server
    /// decides).
    pub fn check(&self, slug: &PolicySlug) -> Result<(), InputError> {
        if self.policies.is_empty() {
            return Ok(());
        }
        match self.policy(slug.as_str()) {
            None => Err(InputError::UnknownPolicy {
                slug: slug.to_string(),
                known: self.policies.iter().map(|p| p.slug.clone()).collect(),
            }),
            Some(p) if !p.available => Err(InputError::PolicyUnavailable {
                slug: slug.to_string(),
                available: self.available().map(str::to_owned).collect(),
            }),
            Some(_) => Ok(()),
        }
    }

    fn from_answer(body: &[u8]) -> Result<RateLimits, BodyError> {
        let map = tolerant::object(body, &TOP_KEYS)?;
        let free_policies = pick(&map, &["free_policies"])
            .map(slugs)
            .unwrap_or_default();
        let has_active_plan =
            pick(&map, &["has_active_plan", "active_plan", "is_paid"]).and_then(tolerant::flag);
        let current = CURRENT_KEYS
            .iter()
            .find_map(|key| match pick(&map, &[key])? {
                Value::Object(policy) => text_of(policy, &SLUG_KEYS),
                value => tolerant::text(value),
            });
        let free_or_paid = |slug: &str| {
            has_active_plan == Some(true) || free_policies.iter().any(|free| free == slug)
        };
        let mut policies = Vec::new();
        match pick(&map, &["policies", "available_policies"]) {
            None => {}
            Some(Value::Array(items)) => {
                for item in items {
                    match item {
                        Value::Object(policy) => {
                            if let Some(slug) =
                                text_of(policy, &SLUG_KEYS).or_else(|| text_of(policy, &["name"]))
                            {
                                policies.push(policy_from(slug, policy, &free_or_paid));
                            }
                        }
                        value => {
                            if let Some(slug) = tolerant::text(value) {
                                let available = free_or_paid(&slug);
                                policies.push(Policy::new(
                                    slug,
                                    available,
                                    PolicyLimits::default(),
                                ));
                            }
                        }
                    }
                }
            }
            Some(Value::Object(by_slug)) => {
                for (slug, policy) in by_slug {
                    let empty = Map::new();
                    let policy = policy.as_object().unwrap_or(&empty);
                    policies.push(policy_from(slug.clone(), policy, &free_or_paid));
                }
            }
            Some(other) => {
                return Err(BodyError::Field {
                    field: "policies",
                    reason: format!("expected a list, found {}", tolerant::kind(other)),
                });
            }
        }
        Ok(RateLimits {
            current,
            policies,
            free_policies,
            has_active_plan,
        })
    }
}

/// A policy from its object: name, `available` (or `free_or_paid`), and
/// `limits` (or, without one, the limits at the policy's top level).
fn policy_from(
    slug: String,
    policy: &Map<String, Value>,
    free_or_paid: &dyn Fn(&str) -> bool,
) -> Policy {
    let available = pick(policy, &["available", "is_available", "allowed"])
        .and_then(tolerant::flag)
        .unwrap_or_else(|| free_or_paid(&slug));
    let name = text_of(policy, &["name", "title", "label"]).filter(|name| *name != slug);
    let limits = match pick(policy, &["limits", "limit"]) {
        Some(Value::Object(limits)) => PolicyLimits::from_map(limits),
        _ => {
            let mut top = policy.clone();
            for key in [
                "slug",
                "policy_slug",
                "id",
                "key",
                "name",
                "title",
                "label",
                "available",
                "isAvailable",
                "is_available",
                "allowed",
                "description",
            ] {
                top.remove(key);
            }
            PolicyLimits::from_map(&top)
        }
    };
    Policy {
        slug,
        name,
        available,
        limits,
    }
}

/// Slugs from a list of strings or of policy objects.
fn slugs(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items
            .iter()
            .filter_map(|item| match item {
                Value::Object(policy) => text_of(policy, &SLUG_KEYS),
                value => tolerant::text(value),
            })
            .collect(),
        value => tolerant::strings(value),
    }
}

instance_calls! {
    /// Session Rate Limits: the policy in force and the ones to choose from
    /// ([`RateLimits`]). A read.
    ///
    /// ```
    /// use wawp_core::{AccessToken, Config, Endpoint, InstanceId, RateLimitShow, Repeat};
    /// let request = RateLimitShow::new(InstanceId::new("3EB0BCB2E3D4")?).build(&Config::default(), &AccessToken::new("tok")?)?;
    /// assert_eq!(request.method(), "GET");
    /// assert_eq!(request.uri(), "https://api.wawp.net/v2/session/rate-limit?instance_id=3EB0BCB2E3D4&access_token=tok");
    /// assert_eq!(RateLimitShow::REPEAT, Repeat::Read);
    /// # Ok::<(), wawp_core::Error>(())
    /// ```
    RateLimitShow: GET "/v2/session/rate-limit", Read -> RateLimits, |_, body| RateLimits::from_answer(body);
}

/// Chooses the instance's rate-limit policy: `policy_slug` in the query
/// string, as the page documents. The policy stays in force across
/// restarts.
///
/// Repeating it is harmless: the same policy is chosen again.
///
/// ```
/// use wawp_core::{AccessToken, Config, Endpoint, InstanceId, PolicySlug, Repeat, SetPolicy};
/// let set = SetPolicy::new(InstanceId::new("3EB0BCB2E3D4")?, PolicySlug::new("strict")?);
/// let request = set.build(&Config::default(), &AccessToken::new("tok")?)?;
/// assert_eq!(request.method(), "PATCH");
/// assert_eq!(request.uri(), "https://api.wawp.net/v2/session/rate-limit?instance_id=3EB0BCB2E3D4&policy_slug=strict&access_token=tok");
/// assert_eq!(SetPolicy::REPEAT, Repeat::Harmless);
/// # Ok::<(), wawp_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SetPolicy {
    /// The instance to change.
    pub instance_id: InstanceId,
    /// The policy to put in force.
    pub policy: PolicySlug,
}

impl SetPolicy {
    /// Chooses `policy` for `instance_id`, unchecked: an unknown or
    /// unavailable slug is refused by the server, whose message the error
    /// carries.
    pub fn new(instance_id: InstanceId, policy: PolicySlug) -> Self {
        Self {
            instance_id,
            policy,
        }
    }

    /// Chooses `policy` for `instance_id` if `known` (the instance's
    /// [`RateLimits`], fetched before) offers it to the account; see
    /// [`RateLimits::check`].
    ///
    /// ```
    /// use wawp_core::{InputError, InstanceId, Policy, PolicyLimits, PolicySlug, RateLimits, SetPolicy};
    /// let mut known = RateLimits::default();
    /// known.policies = vec![Policy::new("strict", true, PolicyLimits::default()), Policy::new("turbo", false, PolicyLimits::default())];
    /// let id = InstanceId::new("3EB0BCB2E3D4")?;
    /// assert!(SetPolicy::checked(id.clone(), PolicySlug::new("strict")?, &known).is_ok());
    /// let err = SetPolicy::checked(id.clone(), PolicySlug::new("turbo")?, &known).unwrap_err();
    /// assert!(matches!(err, InputError::PolicyUnavailable { .. }));
    /// let err = SetPolicy::checked(id, PolicySlug::new("nope")?, &known).unwrap_err();
    /// assert!(matches!(err, InputError::UnknownPolicy { .. }));
    /// # Ok::<(), InputError>(())
    /// ```
    pub fn checked(
        instance_id: InstanceId,
        policy: PolicySlug,
        known: &RateLimits,
    ) -> Result<Self, InputError> {
        known.check(&policy)?;
        Ok(Self::new(instance_id, policy))
    }
}

impl Endpoint for SetPolicy {
    type Output = Ack;
    const METHOD: Method = Method::PATCH;
    const PATH: &'static str = "/v2/session/rate-limit";
    const REPEAT: Repeat = Repeat::Harmless;

    fn params(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("instance_id", self.instance_id.as_str()),
            ("policy_slug", self.policy.as_str()),
        ]
        .into_iter()
    }

    fn decode(&self, body: &[u8]) -> Result<Ack, BodyError> {
        Ok(Ack::from_answer(body))
    }
}
