//! What a bulk command does to each instance: one [`Operation`] maps a
//! command onto the client method it calls and onto the words its output,
//! prompts and summary use. The run loop ([`crate::run`]), the engine and
//! the reporter are the same for every operation.
//!
//! A new bulk command is a variant here (its words, how it confirms, the
//! client call it makes and the [`Output`] it gives), a `Command` in
//! [`crate::args`] flattening `RunArgs` or `ConfirmedArgs`, and one line in
//! `main`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use wawp::{Image, InstanceId, PhoneNumber, PolicySlug, SessionName, Webhook};

use crate::args::LinkAction;
use crate::client::Client;
use crate::outcome::{CallResult, Output};
use crate::png::PngTarget;
use crate::qrdraw::Style;

/// One call per instance.
#[derive(Debug, Clone)]
pub(crate) enum Operation {
    /// `wawp info`.
    Info,
    /// `wawp start`.
    Start,
    /// `wawp stop`.
    Stop,
    /// `wawp restart`.
    Restart,
    /// `wawp logout`.
    Logout,
    /// `wawp delete`.
    Delete,
    /// `wawp qr` (drawn once, or as JSON).
    Qr(Style),
    /// `wawp qr --png`.
    QrPng(Box<PngTarget>),
    /// `wawp pair --phone`.
    Pair(PhoneNumber),
    /// `wawp me`.
    Me,
    /// `wawp link show|new|revoke`.
    Link(LinkAction),
    /// `wawp policy`.
    Policy,
    /// `wawp policy --set SLUG`: checked against the policies read first.
    SetPolicy(PolicySlug),
    /// `wawp webhooks`.
    Webhooks,
    /// `wawp webhooks --set FILE`.
    SetWebhooks(Arc<[Webhook]>),
    /// `wawp create`: each "id" of the run is the name of an instance to
    /// create (checked as a [`SessionName`] before anything is sent).
    Create,
}

/// How an operation confirms before acting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Confirm {
    /// It changes nothing that cannot be changed back: no question.
    Never,
    /// A yes/no question (`--yes` off a terminal).
    YesNo,
    /// Irreversible: the user types the id (`--yes` off a terminal).
    Typed,
}

/// The words an operation's messages use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Words {
    /// The command, as typed: `logout`.
    pub(crate) command: &'static str,
    /// What it does, as a verb: "log out" ("refusing to log out …").
    pub(crate) verb: &'static str,
    /// Done, for the summary and a success line: "logged out".
    pub(crate) done: &'static str,
    /// The act, as a noun: "the logout" ("… the logout may have happened").
    pub(crate) act: &'static str,
    /// Under way, for the progress bar: "logging out".
    pub(crate) doing: &'static str,
}

impl Operation {
    /// Its words.
    pub(crate) fn words(&self) -> Words {
        // One line an operation: command, verb, done, act, doing.
        #[rustfmt::skip]
        let [command, verb, done, act, doing] = match self {
            Operation::Info                     => ["info", "read", "read", "the read", "reading"],
            Operation::Start                    => ["start", "start", "started", "the start", "starting"],
            Operation::Stop                     => ["stop", "stop", "stopped", "the stop", "stopping"],
            Operation::Restart                  => ["restart", "restart", "restarted", "the restart", "restarting"],
            Operation::Logout                   => ["logout", "log out", "logged out", "the logout", "logging out"],
            Operation::Delete                   => ["delete", "delete", "deleted", "the deletion", "deleting"],
            Operation::Qr(_)                    => ["qr", "show", "shown", "the read", "fetching"],
            Operation::QrPng(_)                 => ["qr", "save", "saved", "the read", "saving"],
            Operation::Pair(_)                  => ["pair", "pair", "with a code", "the code request", "requesting codes"],
            Operation::Me                       => ["me", "read", "read", "the read", "reading"],
            Operation::Link(LinkAction::Show)   => ["link", "read", "read", "the read", "reading"],
            Operation::Link(LinkAction::New)    => ["link", "make a link", "given a new link", "the new link", "making links"],
            Operation::Link(LinkAction::Revoke) => ["link", "revoke the links", "revoked", "the revocation", "revoking links"],
            Operation::Policy                   => ["policy", "read", "read", "the read", "reading"],
            Operation::SetPolicy(_)             => ["policy", "change the policy", "changed", "the policy change", "changing policies"],
            Operation::Webhooks                 => ["webhooks", "read", "read", "the read", "reading"],
            Operation::SetWebhooks(_)           => ["webhooks", "replace the webhooks", "replaced", "the replacement", "replacing webhooks"],
            Operation::Create                   => ["create", "create", "created", "the creation", "creating"],
        };
        Words {
            command,
            verb,
            done,
            act,
            doing,
        }
    }

    /// How it confirms.
    pub(crate) fn confirm(&self) -> Confirm {
        match self {
            Operation::Stop
            | Operation::Restart
            | Operation::Logout
            | Operation::SetPolicy(_)
            | Operation::SetWebhooks(_) => Confirm::YesNo,
            Operation::Delete => Confirm::Typed,
            Operation::Info
            | Operation::Start
            | Operation::Qr(_)
            | Operation::QrPng(_)
            | Operation::Pair(_)
            | Operation::Me
            | Operation::Link(_)
            | Operation::Policy
            | Operation::Webhooks
            | Operation::Create => Confirm::Never,
        }
    }

    /// Calls it for `id`.
    pub(crate) async fn call(&self, client: &Client, id: &InstanceId) -> CallResult {
        Ok(match self {
            Operation::Info => Output::Info(client.info(id).await?),
            Operation::Start => Output::Session(client.start(id).await?),
            Operation::Stop => Output::Session(client.stop(id).await?),
            Operation::Restart => Output::Session(client.restart(id).await?),
            Operation::Logout => Output::Session(client.logout(id).await?),
            Operation::Delete => Output::Session(client.delete(id).await?),
            Operation::Qr(_) => Output::Qr(client.qr(id).await?),
            // A few KiB written to a local file: not worth a blocking task.
            Operation::QrPng(target) => save(&client.qr_image(id).await?, &target.path_for(id)),
            Operation::Pair(phone) => Output::Code {
                code: client.request_code(id, phone).await?,
                phone: phone.clone(),
            },
            Operation::Me => Output::Me(client.me(id).await?),
            Operation::Link(LinkAction::Show) => Output::Link(client.temp_link(id).await?),
            Operation::Link(LinkAction::New) => Output::Link(Some(client.new_temp_link(id).await?)),
            Operation::Link(LinkAction::Revoke) => {
                Output::Done(client.revoke_temp_links(id).await?)
            }
            Operation::Policy => Output::Policies(client.rate_limits(id).await?),
            Operation::SetPolicy(slug) => {
                let known = client.rate_limits(id).await?;
                Output::Done(client.set_policy_checked(id, slug, &known).await?)
            }
            Operation::Webhooks => Output::Webhooks(client.webhooks(id).await?),
            Operation::SetWebhooks(hooks) => {
                Output::Done(client.set_webhooks(id, hooks.to_vec()).await?)
            }
            Operation::Create => {
                let name = SessionName::new(id.as_str()).map_err(wawp::Error::from)?;
                Output::Created(client.create(&name).await?)
            }
        })
    }
}

/// Writes `image` to `path` (whole or not at all): [`Output::Saved`], or
/// [`Output::Unsaved`] saying why not.
fn save(image: &Image, path: &Path) -> Output {
    let Some(png) = image.png() else {
        return Output::Unsaved {
            path: path.to_owned(),
            reason: format!(
                "the server sent a {} image, not a PNG",
                crate::output::sanitize(&image.mime_type)
            ),
        };
    };
    match crate::files::write_whole(path, png) {
        Ok(()) => Output::Saved {
            path: path.to_owned(),
            bytes: png.len(),
        },
        Err(e) => Output::Unsaved {
            path: PathBuf::from(path),
            reason: e.to_string(),
        },
    }
}

#[cfg(test)]
#[path = "tests/op.rs"]
mod tests;
