//! Webhook management, paid plans only: a free account gets 403
//! `subscription_required`. `POST` replaces the list with `webhooks`, a JSON
//! array (in a JSON body, or its JSON text in the query) of
//! `{url, events, is_active}`, each URL https.

use serde_json::{Value, json};

use crate::json::{bad_request, forbidden, object, ok, text};
use crate::params::Params;
use crate::state::{Instance, Plan};
use crate::wire::Response;

fn refuse_free(plan: Plan) -> Option<Response> {
    (plan == Plan::Free).then(|| {
        forbidden(
            "subscription_required",
            "Webhook management requires an active paid plan",
        )
    })
}

/// `GET`: `{"webhooks":[…],"systemConfig":{…}}`.
pub(crate) fn show(instance: &Instance, plan: Plan, id: &str) -> Response {
    if let Some(refused) = refuse_free(plan) {
        return refused;
    }
    let system = json!({
        "url": format!("https://hooks.wawp.net/{id}"),
        "events": ["session.status", "message"],
        "enabled": true,
    });
    ok(object(&[
        (
            "webhooks",
            Value::from(instance.webhooks.clone()).to_string(),
        ),
        ("systemConfig", system.to_string()),
    ]))
}

/// `POST`: replaces the list, after checking every entry.
pub(crate) fn set(instance: &mut Instance, plan: Plan, params: &Params) -> Response {
    if let Some(refused) = refuse_free(plan) {
        return refused;
    }
    let Some(list) = params.json_value("webhooks") else {
        return bad_request("Missing required parameter(s): webhooks");
    };
    let Some(items) = list.as_array() else {
        return bad_request("webhooks must be an array");
    };
    let mut stored = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match normalise(item) {
            Ok(hook) => stored.push(hook),
            Err(why) => return bad_request(&format!("webhooks[{i}]: {why}")),
        }
    }
    instance.webhooks = stored;
    ok(object(&[
        ("success", text(true)),
        ("message", text("Webhooks updated")),
        (
            "webhooks",
            Value::from(instance.webhooks.clone()).to_string(),
        ),
    ]))
}

/// `{url, events, is_active}` with `is_active` a boolean, or why not.
fn normalise(item: &Value) -> Result<Value, &'static str> {
    let url = item
        .get("url")
        .and_then(Value::as_str)
        .ok_or("url is missing")?;
    if !url.to_ascii_lowercase().starts_with("https://") || url.len() <= "https://".len() {
        return Err("url must be an https URL");
    }
    let events = item
        .get("events")
        .and_then(Value::as_array)
        .ok_or("events must be an array")?;
    if events.iter().any(|e| !e.is_string()) {
        return Err("events must be strings");
    }
    let is_active = match item.get("is_active") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) if n.as_u64() == Some(0) => false,
        Some(Value::Number(n)) if n.as_u64() == Some(1) => true,
        Some(_) => return Err("is_active must be a boolean, 0 or 1"),
    };
    Ok(json!({ "url": url, "events": events, "is_active": is_active }))
}
