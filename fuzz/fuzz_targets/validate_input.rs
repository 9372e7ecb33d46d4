//! Any string through input validation and request building: typed errors,
//! never a panic; an accepted id always yields a request.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wawp_core::{AccessToken, BaseUrl, Config, Endpoint, InstanceId, Logout, ParamLocation};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut middle = text.len() / 2;
    while !text.is_char_boundary(middle) {
        middle -= 1;
    }
    let (a, b) = text.split_at(middle);
    let _ = BaseUrl::parse(&text);
    let (Ok(id), Ok(token)) = (InstanceId::new(a), AccessToken::new(format!("t{}", b.len()))) else {
        let _ = AccessToken::new(b);
        return;
    };
    for params in [ParamLocation::Query, ParamLocation::JsonBody] {
        let mut config = Config::default();
        config.params = params;
        Logout::new(id.clone()).build(&config, &token).expect("a valid id always builds");
    }
});
