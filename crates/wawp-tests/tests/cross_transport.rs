//! The three transports put the same request on the wire: method, path,
//! query, `Content-Type`, `Accept`, `User-Agent`, `Content-Length`, no
//! `Transfer-Encoding`, and body, in both parameter modes.

use wawp_blocking::UreqTransport;
use wawp_conformance::{AsyncSubject, BOTH_MODES, WireRequest, recorded_request};
use wawp_core::{BlockingClient, Client, ParamLocation};
use wawp_hyper::HyperTransport;
use wawp_reqwest::ReqwestTransport;

/// What `transport` sent, with `Host` reduced to its count (each run talks to
/// a simulator on another port).
fn sent(transport: &str, params: ParamLocation) -> WireRequest {
    let recorded = match transport {
        "hyper" => recorded_request(
            |config, token| {
                AsyncSubject::build(|| Client::with_config(HyperTransport::new(), token, config))
            },
            params,
        ),
        "reqwest" => recorded_request(
            |config, token| {
                AsyncSubject::build(|| Client::with_config(ReqwestTransport::new(), token, config))
            },
            params,
        ),
        _ => recorded_request(
            |config, token| BlockingClient::with_config(UreqTransport::new(), token, config),
            params,
        ),
    };
    let mut wire = WireRequest::recorded(&recorded.expect("the simulator recorded a request"));
    assert_eq!(wire.host.len(), 1, "{transport}: Host {:?}", wire.host);
    wire.host.clear();
    wire
}

#[test]
fn all_transports_send_the_same_bytes() {
    for params in BOTH_MODES {
        let hyper = sent("hyper", params);
        assert!(hyper.transfer_encoding.is_empty());
        for name in ["content_type", "accept", "user_agent", "content_length"] {
            let count = match name {
                "content_type" => hyper.content_type.len(),
                "accept" => hyper.accept.len(),
                "user_agent" => hyper.user_agent.len(),
                _ => hyper.content_length.len(),
            };
            // A bodyless request (query mode) carries no Content-Type.
            let expected = match name {
                "content_type" => usize::from(params == ParamLocation::JsonBody),
                _ => 1,
            };
            assert_eq!(count, expected, "{name} ({params:?})");
        }
        assert_eq!(
            sent("reqwest", params),
            hyper,
            "reqwest vs hyper ({params:?})"
        );
        assert_eq!(
            sent("blocking", params),
            hyper,
            "ureq vs hyper ({params:?})"
        );
    }
}
