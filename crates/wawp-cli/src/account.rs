//! The account side of an instance — its temporary links, the account it
//! is logged in as, its rate-limit policy, its webhooks — and new
//! instances: the checks made before anything is sent, and how each
//! answer is shown (a human line, or the fields of its JSON line).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};
use wawp::{Created, InstanceId, KNOWN_WEBHOOK_EVENTS, RateLimits, SessionName, TempLink, Webhook};

use crate::args::LinkAction;
use crate::op::Operation;
use crate::outcome::Output;
use crate::output::{self, sanitize, shown_id, unix_seconds};
use crate::run::say;

/// The most a `webhooks --set` file may hold.
const MAX_WEBHOOK_FILE: u64 = 1024 * 1024;

/// `webhooks --set FILE`: read and checked (https URLs, events) before
/// anything is sent; events the reference does not list are warned about.
pub(crate) fn webhook_file(path: &str) -> Result<Arc<[Webhook]>, String> {
    use std::io::Read;
    let shown = sanitize(path);
    let mut text = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_WEBHOOK_FILE + 1).read_to_end(&mut text))
        .map_err(|e| format!("cannot read the webhook list {shown}: {e}"))?;
    if text.len() as u64 > MAX_WEBHOOK_FILE {
        return Err(format!(
            "the webhook list {shown} is larger than {MAX_WEBHOOK_FILE} bytes"
        ));
    }
    let hooks =
        Webhook::list_from_json(&text).map_err(|e| format!("invalid webhook list {shown}: {e}"))?;
    for hook in &hooks {
        for event in hook.unknown_events() {
            say(&format!(
                "warning: {}: event {} is not one the API reference lists ({}); it is sent as given",
                sanitize(&hook.url),
                sanitize(event),
                KNOWN_WEBHOOK_EVENTS.join(", ")
            ));
        }
    }
    Ok(hooks.into())
}

/// `create`'s names, each a valid [`SessionName`]; every bad one is listed.
pub(crate) fn check_names<'a>(
    names: impl IntoIterator<Item = &'a (impl AsRef<str> + ?Sized + 'a)>,
) -> Result<(), String> {
    let bad: Vec<String> = names
        .into_iter()
        .filter_map(|name| {
            let name = name.as_ref();
            SessionName::new(name)
                .err()
                .map(|e| format!("{}: {e}", crate::escape::quoted(name)))
        })
        .collect();
    match bad.is_empty() {
        true => Ok(()),
        false => Err(format!("invalid name\n  {}", bad.join("\n  "))),
    }
}

/// " (expires in 30 min, at 03:45 UTC)", or nothing when the expiry is unknown.
pub(crate) fn link_expiry(link: &TempLink) -> String {
    let (Some(left), Some(at)) = (
        link.remaining(SystemTime::now()),
        unix_seconds(link.expires_at),
    ) else {
        return String::new();
    };
    if left.is_zero() {
        return " (expired)".to_owned();
    }
    format!(
        " (expires in {} min, at {:02}:{:02} UTC)",
        left.as_secs().div_ceil(60),
        at / 3600 % 24,
        at / 60 % 60
    )
}

/// How long a new link is good for: its expiry, else its documented lifetime.
pub(crate) fn link_lifetime(link: &TempLink) -> Duration {
    link.remaining(SystemTime::now())
        .unwrap_or(wawp::TEMP_LINK_LIFETIME)
}

/// `ID: new temporary link URL (expires …)`, and what to do with it.
pub(crate) fn new_link_line(id: &InstanceId, link: &TempLink) -> String {
    format!(
        "{}: new temporary link {}{}\n  send it to the phone's owner: they open it and scan the QR code it shows \
         (WhatsApp > Linked devices > Link a device)",
        shown_id(id),
        sanitize(&link.url),
        link_expiry(link)
    )
}

/// The human text of an account answer (`None`: not one).
pub(crate) fn human(op: &Operation, id: &InstanceId, output: &Output) -> Option<String> {
    let id_shown = shown_id(id);
    Some(match (op, output) {
        (_, Output::Me(me)) => {
            let mut line = format!("{id_shown}: logged in as {}", output::account(me));
            if let Some(platform) = &me.platform {
                line.push_str(&format!(", on {}", sanitize(platform.as_str())));
            }
            line
        }
        (_, Output::Link(None)) => format!("{id_shown}: no active temporary link"),
        (Operation::Link(LinkAction::New), Output::Link(Some(link))) => new_link_line(id, link),
        (_, Output::Link(Some(link))) => format!(
            "{id_shown}: temporary link {}{}",
            sanitize(&link.url),
            link_expiry(link)
        ),
        (Operation::SetPolicy(slug), Output::Done(_)) => {
            format!(
                "{id_shown}: policy {} is now in force",
                sanitize(slug.as_str())
            )
        }
        (Operation::SetWebhooks(hooks), Output::Done(_)) => {
            format!("{id_shown}: webhooks replaced: {} in the list", hooks.len())
        }
        (Operation::Link(LinkAction::Revoke), Output::Done(_)) => {
            format!("{id_shown}: temporary links revoked")
        }
        (_, Output::Done(_)) => format!("{id_shown}: {}", op.words().done),
        (_, Output::Policies(limits)) => policy_table(&id_shown, limits),
        (_, Output::Webhooks(hooks)) => {
            let mut text = match hooks.webhooks.len() {
                0 => format!("{id_shown}: no webhooks"),
                1 => format!("{id_shown}: 1 webhook"),
                n => format!("{id_shown}: {n} webhooks"),
            };
            for hook in &hooks.webhooks {
                text.push_str(&format!(
                    "\n  {:<8} {}  {}",
                    if hook.is_active { "active" } else { "inactive" },
                    sanitize(&hook.url),
                    sanitize(&hook.events.join(", "))
                ));
            }
            text
        }
        (_, Output::Created(created)) => created_line(&id_shown, created),
        _ => return None,
    })
}

/// `NAME: created instance ID …`.
fn created_line(name: &str, created: &Created) -> String {
    let new_id = sanitize(&created.instance_id);
    let mut line = format!("{name}: created instance {new_id}");
    if let Some(server) = created.server_name.as_deref().filter(|s| !s.is_empty()) {
        line.push_str(&format!(" on server {}", sanitize(server)));
    }
    line.push_str(&format!("; it is STOPPED: wawp start {new_id} starts it"));
    line
}

/// The current policy, then a row per policy: what it allows, and whether
/// the account may choose it.
fn policy_table(id_shown: &str, limits: &RateLimits) -> String {
    let mut text = format!(
        "{id_shown}: policy {} is in force{}",
        sanitize(limits.current.as_deref().unwrap_or("(not named)")),
        match limits.has_active_plan {
            Some(true) => " (paid plan)",
            Some(false) => " (free account)",
            None => "",
        }
    );
    if limits.policies.is_empty() {
        return text;
    }
    const HEAD: [&str; 10] = [
        "policy",
        "available",
        "msg/min",
        "msg/day",
        "protect s",
        "concurrent",
        "group/min",
        "group/day",
        "check/min",
        "check/day",
    ];
    let mut rows = vec![HEAD.map(str::to_owned).to_vec()];
    for policy in &limits.policies {
        let current = limits.current.as_deref() == Some(policy.slug.as_str());
        let mut row = vec![
            format!(
                "{}{}",
                if current { "* " } else { "  " },
                sanitize(&policy.slug)
            ),
            if policy.available { "yes" } else { "no" }.to_owned(),
        ];
        row.extend(
            policy
                .limits
                .documented()
                .iter()
                .map(|(_, v)| v.map_or("-".to_owned(), |v| v.to_string())),
        );
        rows.push(row);
    }
    rows[0][0] = format!("  {}", rows[0][0]);
    let widths: Vec<usize> = (0..HEAD.len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        text.push_str(&format!("\n  {}", cells.join("  ").trim_end()));
    }
    text
}

/// The fields an account answer adds to its JSON line (after
/// `instance_id` and `ok`).
pub(crate) fn json_fields(op: &Operation, output: &Output) -> Option<Value> {
    Some(match (op, output) {
        (_, Output::Me(me)) => json!({ "me": {
            "id": me.id,
            "push_name": me.push_name,
            "platform": me.platform.as_ref().map(|p| p.as_str()),
        }}),
        (_, Output::Link(link)) => json!({
            "url": link.as_ref().map(|l| &l.url),
            "expiry": link.as_ref().and_then(|l| unix_seconds(l.expires_at)),
        }),
        (Operation::SetPolicy(slug), Output::Done(_)) => json!({ "policy": slug.as_str() }),
        (Operation::SetWebhooks(hooks), Output::Done(_)) => json!({ "webhooks": hooks.len() }),
        (_, Output::Done(ack)) => json!({ "message": ack.message }),
        (_, Output::Policies(limits)) => json!({
            "current": limits.current,
            "has_active_plan": limits.has_active_plan,
            "free_policies": limits.free_policies,
            "policies": limits.policies.iter().map(|p| {
                let mut allows: serde_json::Map<String, Value> = p.limits.documented()
                    .iter()
                    .map(|(name, v)| ((*name).to_owned(), json!(v)))
                    .collect();
                allows.extend(p.limits.other.clone());
                json!({ "slug": p.slug, "name": p.name, "available": p.available, "limits": allows })
            }).collect::<Vec<_>>(),
        }),
        (_, Output::Webhooks(hooks)) => json!({
            "webhooks": hooks.webhooks.iter().map(|h| json!({
                "url": h.url, "events": h.events, "is_active": h.is_active,
            })).collect::<Vec<_>>(),
            "system_config": hooks.system_config,
        }),
        (_, Output::Created(created)) => json!({
            "session_name": created.session_name,
            "server_name": created.server_name,
        }),
        _ => return None,
    })
}

#[cfg(test)]
#[path = "tests/account.rs"]
mod tests;
