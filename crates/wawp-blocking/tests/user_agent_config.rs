//! A user-supplied `ureq::Agent` is tamed per request: statuses come back
//! as responses, redirects are not followed, the agent's own proxy is
//! replaced by the transport's rules; and the default agent adds no header
//! of its own.

use std::time::Duration;

use wawp_blocking::UreqTransport;
use wawp_conformance::{TOKEN, post};
use wawp_core::http::Response;
use wawp_core::{BlockingTransport, Limits, Proxy, TransportError};
use wawp_mock::MockServer;
use wawp_mock::raw::{closed_port, respond};

fn send(transport: &UreqTransport, url: String) -> Result<Response<Vec<u8>>, TransportError> {
    transport.send(post(&url), &Limits::new(Some(Duration::from_secs(5)), 1024))
}

#[test]
fn a_default_agent_returns_statuses_and_follows_no_redirect() {
    let server = MockServer::raw(|req, out| {
        let target = req
            .request_line()
            .split(' ')
            .nth(1)
            .unwrap_or("/")
            .to_owned();
        match target.as_str() {
            "/redirect" => respond(out, 302, &[("location", "/moved")], b""),
            "/error" => respond(out, 500, &[], b"boom"),
            _ => respond(out, 200, &[], b"followed!"),
        }
    });
    // ureq's defaults: 4xx/5xx are errors, up to 10 redirects are followed.
    let transport = UreqTransport::from_agent(wawp_blocking::ureq::Agent::new_with_defaults())
        .with_proxy(Proxy::none());
    let r = send(&transport, format!("{}/redirect", server.base_url())).unwrap();
    assert_eq!(r.status().as_u16(), 302);
    let r = send(&transport, format!("{}/error", server.base_url())).unwrap();
    assert_eq!(r.status().as_u16(), 500);
    assert_eq!(r.body(), b"boom");
    let targets: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.request_line().to_owned())
        .collect();
    assert_eq!(targets, ["POST /redirect HTTP/1.1", "POST /error HTTP/1.1"]);
}

#[test]
fn the_default_transport_adds_no_header_of_its_own() {
    let server = MockServer::raw(|_, out| respond(out, 200, &[], b"ok"));
    let transport = UreqTransport::new().with_proxy(Proxy::none());
    send(&transport, format!("{}/", server.base_url())).unwrap();
    let seen = &server.requests()[0];
    assert_eq!(
        seen.header_names(),
        ["host", "content-length"],
        "{}",
        seen.head()
    );
}

#[test]
fn ureq_errors_that_embed_the_url_are_scrubbed() {
    // ureq's RequireHttpsOnly error text is the full request URL.
    let agent = wawp_blocking::ureq::Agent::config_builder()
        .https_only(true)
        .build()
        .new_agent();
    let transport = UreqTransport::from_agent(agent).with_proxy(Proxy::none());
    let url = format!(
        "http://127.0.0.1:{}/v2/session/logout?instance_id=x&access_token={}",
        closed_port(),
        TOKEN
    );
    let err = send(&transport, url).unwrap_err();
    assert!(err.message().contains("127.0.0.1"), "{err}");
    for text in [format!("{err}"), format!("{err:?}")] {
        assert!(!text.contains(TOKEN), "{text}");
        assert!(!text.contains("instance_id=x"), "{text}");
    }
}

#[test]
fn an_agents_own_proxy_is_replaced_by_the_transports_rules() {
    // An agent with a proxy of its own (ureq would tunnel plain http through
    // it, in clear): the transport's rules never proxy plain http.
    let server = MockServer::raw(|_, out| respond(out, 200, &[], b"ok"));
    let unreachable = format!("http://127.0.0.1:{}", closed_port());
    let agent = wawp_blocking::ureq::Agent::config_builder()
        .proxy(Some(wawp_blocking::ureq::Proxy::new(&unreachable).unwrap()))
        .build()
        .new_agent();
    let transport = UreqTransport::from_agent(agent);
    let r = send(&transport, format!("{}/", server.base_url())).unwrap();
    assert_eq!(r.status().as_u16(), 200);
    // And https goes through the explicit proxy of the transport's rules.
    let transport = transport.with_proxy(Proxy::url(&unreachable).unwrap());
    let err = send(
        &transport,
        format!("https://127.0.0.1:{}/", server.addr().port()),
    )
    .unwrap_err();
    assert_eq!(err.kind(), wawp_core::TransportErrorKind::Connect, "{err}");
}
