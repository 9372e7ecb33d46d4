//! Any status, headers and body through the parsers of the five lifecycle
//! endpoints (Start, Stop, Restart, Logout, Delete): a typed result, never a
//! panic, no piece of the token in any error, and a session whose status
//! reads back as itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wawp_core::{Delete, Endpoint, Error, Logout, Restart, Session, SessionStatus, Start, Stop};
use wawp_fuzz::{instance, parse};

fn check(result: Option<Result<Session, Error>>) {
    if let Some(Ok(session)) = result {
        assert_eq!(
            SessionStatus::from_wire(session.status.as_str()),
            session.status
        );
        assert!(
            !session.instance_id.is_empty(),
            "the instance id asked about fills a gap"
        );
        let json = serde_json::to_vec(&session).expect("a session serializes");
        let back: Session = serde_json::from_slice(&json).expect("and reads back");
        assert_eq!(back, session);
    }
}

fn run<E: Endpoint<Output = Session>>(endpoint: E, data: &[u8]) {
    check(parse(&endpoint, data));
}

fuzz_target!(|data: &[u8]| {
    let Some((which, data)) = data.split_first() else {
        return;
    };
    match which % 5 {
        0 => run(Start::new(instance()), data),
        1 => run(Stop::new(instance()), data),
        2 => run(Restart::new(instance()), data),
        3 => run(Logout::new(instance()), data),
        _ => run(Delete::new(instance()), data),
    }
});
