//! `cargo xtask demo`.

pub(crate) fn run() -> Result<(), String> {
    Err("the demo arrives with the transports (issue 3); run `cargo xtask ci` meanwhile".to_owned())
}
