//! Create Session: a new instance, `STOPPED` and never paired, answered
//! with 201 `{instance_id, session_name, server_name}`. Beyond the
//! account's quota ([`MockConfig::quota`](crate::MockConfig::quota)) it is a
//! 403 `quota_reached`.

use crate::json::{answer, bad_request, forbidden, object, text};
use crate::params::Params;
use crate::state::{Instance, State};
use crate::wire::Response;

/// The `server_name` of every instance the simulator creates.
pub const MOCK_SERVER_NAME: &str = "wawp-mock-1";

/// Longest name accepted.
const MAX_NAME: usize = 100;

pub(crate) fn create(state: &mut State, params: &Params) -> Response {
    if state
        .quota
        .is_some_and(|quota| state.instances.len() >= quota)
    {
        return forbidden(
            "quota_reached",
            "Instance quota reached: delete an instance or upgrade your plan",
        );
    }
    let name = match params.get("name") {
        Some(name) if name.trim().is_empty() => return bad_request("name must not be empty"),
        Some(name) if name.len() > MAX_NAME || name.chars().any(char::is_control) => {
            return bad_request("name must be at most 100 characters, without control characters");
        }
        Some(name) => name.to_owned(),
        None => format!("wawp-{:08}", state.next_random() % 100_000_000),
    };
    let id = loop {
        let id = format!("{:012X}", state.next_random() & 0xFFFF_FFFF_FFFF);
        if !state.instances.contains_key(&id) {
            break id;
        }
    };
    let seed = state.next_random();
    state
        .instances
        .insert(id.clone(), Instance::created(name.clone(), seed));
    answer(
        201,
        object(&[
            ("instance_id", text(id.as_str())),
            ("session_name", text(name)),
            ("server_name", text(MOCK_SERVER_NAME)),
        ]),
    )
}
