//! Rate-limit policies: four policies, two of them free (`strict` and
//! `standard_policy`, the reference's names) and two that need a paid plan
//! (`business_policy`, `unlimited_policy`, the simulator's own). A new
//! instance starts on `strict`, as Wawp advises for new numbers.

use serde_json::{Value, json};

use crate::json::{error, forbidden, object, ok, text};
use crate::params::Params;
use crate::state::{Instance, Plan};
use crate::wire::Response;

/// The policy a new instance starts on.
pub(crate) const INITIAL_POLICY: &str = "strict";

/// The slugs a free account may use.
pub const FREE_POLICIES: [&str; 2] = ["strict", "standard_policy"];

/// Every policy: slug, display name, and its eight limits in the
/// documented order (`send_message_per_minute`, `send_message_daily_cap`,
/// `account_protection_seconds`, `concurrent_limit`,
/// `group_req_per_minute`, `group_daily_cap`, `check_req_per_minute`,
/// `check_daily_cap`).
pub const POLICIES: [(&str, &str, [u64; 8]); 4] = [
    ("strict", "Strict", [5, 300, 60, 1, 2, 50, 5, 200]),
    (
        "standard_policy",
        "Standard",
        [15, 1_000, 30, 2, 5, 200, 15, 1_000],
    ),
    (
        "business_policy",
        "Business",
        [40, 5_000, 10, 5, 15, 1_000, 40, 5_000],
    ),
    (
        "unlimited_policy",
        "Unlimited",
        [120, 50_000, 0, 10, 60, 10_000, 120, 50_000],
    ),
];

const LIMIT_NAMES: [&str; 8] = [
    "send_message_per_minute",
    "send_message_daily_cap",
    "account_protection_seconds",
    "concurrent_limit",
    "group_req_per_minute",
    "group_daily_cap",
    "check_req_per_minute",
    "check_daily_cap",
];

fn available(slug: &str, plan: Plan) -> bool {
    plan == Plan::Paid || FREE_POLICIES.contains(&slug)
}

/// `GET`: `{current_policy, has_active_plan, free_policies, policies}`.
pub(crate) fn show(instance: &Instance, plan: Plan) -> Response {
    let policies: Vec<Value> = POLICIES
        .iter()
        .map(|(slug, name, limits)| {
            let limits: serde_json::Map<String, Value> = LIMIT_NAMES
                .iter()
                .zip(limits)
                .map(|(k, v)| ((*k).to_owned(), json!(v)))
                .collect();
            json!({
                "slug": slug,
                "name": name,
                "available": available(slug, plan),
                "limits": limits,
            })
        })
        .collect();
    ok(object(&[
        ("current_policy", text(instance.policy.as_str())),
        ("has_active_plan", text(plan == Plan::Paid)),
        ("free_policies", json!(FREE_POLICIES).to_string()),
        ("policies", Value::from(policies).to_string()),
    ]))
}

/// `PATCH` with `policy_slug`: puts it in force. An unknown slug is a 400,
/// a paid policy on a free account a 403 `subscription_required`.
pub(crate) fn set(instance: &mut Instance, plan: Plan, params: &Params) -> Response {
    let Some(slug) = params.get("policy_slug") else {
        return error(400, "Missing required parameter(s): policy_slug");
    };
    if !POLICIES.iter().any(|(s, _, _)| *s == slug) {
        return error(400, &format!("Unknown policy: {slug}"));
    }
    if !available(slug, plan) {
        return forbidden(
            "subscription_required",
            "This policy needs an active paid plan",
        );
    }
    slug.clone_into(&mut instance.policy);
    ok(object(&[
        ("success", text(true)),
        ("message", text("Rate-limit policy updated")),
        ("current_policy", text(slug)),
    ]))
}
