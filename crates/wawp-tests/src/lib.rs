//! Cross-transport tests of wawp-rs (see `tests/`). This library has no
//! API. (The top-level README's Rust examples are compiled as doc-tests of
//! the `wawp` crate, whose README it is.)
