//! [`MockServer`]'s control and inspection of the account side of the
//! simulator: temporary links (and the owner who opens one), plans,
//! rate-limit policies, webhooks and the instance quota.

use std::time::SystemTime;

use crate::params::Params;
use crate::server::{ControlError, MockServer};
use crate::state::Plan;

impl MockServer {
    /// Mock-only: the owner opens the temporary link `link` (the whole URL,
    /// or its token) and scans the QR code it shows. Its instance, which must
    /// be in `SCAN_QR_CODE` state, becomes `WORKING`; its id is returned.
    /// The same as `POST /_mock/open-link?token=…&access_token=…`.
    ///
    /// ```
    /// use wawp_mock::{ControlError, MockServer, EXAMPLE_INSTANCE_ID as ID};
    /// let server = MockServer::start();
    /// assert_eq!(server.open_temp_link("nope"), Err(ControlError::InvalidLink));
    /// // … a client logs ID out and makes a link (here: directly):
    /// server.set_instance_status(ID, "SCAN_QR_CODE");
    /// let link = server.new_temp_link(ID).unwrap();
    /// assert!(link.starts_with("https://app.wawp.net/temp-qr/"));
    /// assert_eq!(server.open_temp_link(&link)?, ID);
    /// assert_eq!(server.instance_status(ID).as_deref(), Some("WORKING"));
    /// # Ok::<(), ControlError>(())
    /// ```
    pub fn open_temp_link(&self, link: &str) -> Result<String, ControlError> {
        let mut state = self.shared.lock();
        let token = link.strip_prefix(crate::TEMP_LINK_PREFIX).unwrap_or(link);
        let now = SystemTime::now();
        let id = state
            .instances
            .iter()
            .find(|(_, i)| crate::temp_link::active(i, now).is_some_and(|l| l.token == token))
            .map(|(id, _)| id.clone())
            .ok_or(ControlError::InvalidLink)?;
        let answer = crate::temp_link::open(&mut state, &Params::only("token", token));
        match answer.status {
            200 => Ok(id),
            _ => Err(ControlError::WrongState {
                status: state
                    .instance(&id)
                    .map(|i| i.phase.status().to_owned())
                    .unwrap_or_default(),
            }),
        }
    }

    /// Makes a new temporary link for instance `id`, as
    /// `POST /v2/session/temp-link` does, and returns it; `None` for an
    /// unknown instance.
    pub fn new_temp_link(&self, id: &str) -> Option<String> {
        let mut state = self.shared.lock();
        let (random, timing) = (state.next_random(), state.timing);
        let instance = state.instance(id)?;
        crate::temp_link::new(instance, random, timing);
        self_link(instance)
    }

    /// The active temporary link of instance `id` (the whole URL), if it
    /// has one that has not expired.
    pub fn temp_link(&self, id: &str) -> Option<String> {
        let mut state = self.shared.lock();
        self_link(state.instance(id)?)
    }

    /// The plan of instance `id` (its own, or the account's); `None` for an
    /// unknown instance.
    pub fn plan(&self, id: &str) -> Option<Plan> {
        let state = self.shared.lock();
        state.instances.contains_key(id).then(|| state.plan_of(id))
    }

    /// Gives instance `id` its own `plan`; `false` if it is not registered.
    pub fn set_plan(&self, id: &str, plan: Plan) -> bool {
        match self.shared.lock().instances.get_mut(id) {
            Some(instance) => {
                instance.plan = Some(plan);
                true
            }
            None => false,
        }
    }

    /// The slug of the rate-limit policy in force on instance `id`.
    pub fn policy(&self, id: &str) -> Option<String> {
        let state = self.shared.lock();
        state.instances.get(id).map(|i| i.policy.clone())
    }

    /// The webhooks of instance `id` as stored, as JSON text
    /// (`[{"url":…,"events":[…],"is_active":…},…]`).
    pub fn webhooks(&self, id: &str) -> Option<String> {
        let state = self.shared.lock();
        state
            .instances
            .get(id)
            .map(|i| serde_json::Value::from(i.webhooks.clone()).to_string())
    }

    /// How many instances are registered (what the quota counts).
    pub fn instance_count(&self) -> usize {
        self.shared.lock().instances.len()
    }

    /// The ids of the registered instances, in order.
    pub fn instance_ids(&self) -> Vec<String> {
        self.shared.lock().instances.keys().cloned().collect()
    }
}

/// The URL of `instance`'s active link, if any.
fn self_link(instance: &crate::state::Instance) -> Option<String> {
    crate::temp_link::active(instance, SystemTime::now())
        .map(|l| format!("{}{}", crate::TEMP_LINK_PREFIX, l.token))
}
