//! PEM text from outside (an `SSL_CERT_FILE`, `--ca-cert`, `add_root_pem`)
//! through `Trust::with_pem`, and bytes through `Trust::with_der`: never a
//! panic; accepted PEM adds at least one root, and the roots read back as
//! themselves from the PEM they make.
#![no_main]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use libfuzzer_sys::fuzz_target;
use wawp_core::Trust;

fn pem(roots: &Trust) -> String {
    let mut out = String::new();
    for der in roots.extra_roots() {
        out.push_str("-----BEGIN CERTIFICATE-----\n");
        let text = STANDARD.encode(der.as_ref());
        for line in text.as_bytes().chunks(64) {
            out.push_str(std::str::from_utf8(line).expect("Base64 is ASCII"));
            out.push('\n');
        }
        out.push_str("-----END CERTIFICATE-----\n");
    }
    out
}

fuzz_target!(|data: &[u8]| {
    if let Ok(trust) = Trust::default().with_pem(data) {
        assert!(!trust.is_default());
        let roots: Vec<Vec<u8>> = trust.extra_roots().map(|d| d.to_vec()).collect();
        assert!(!roots.is_empty());
        let again = Trust::default()
            .with_pem(pem(&trust).as_bytes())
            .expect("its own PEM parses");
        assert_eq!(again, trust);
    }
    if let Ok(trust) = Trust::default().with_der(data) {
        assert_eq!(
            trust.extra_roots().map(|d| d.to_vec()).collect::<Vec<_>>(),
            [data.to_vec()]
        );
    }
});
