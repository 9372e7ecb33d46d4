//! Cross-transport tests of wawp-rs (see `tests/`). This library has no API:
//! it exists so that the top-level README's Rust examples are compiled as
//! doc-tests, and so stay true.
#![doc = include_str!("../../../README.md")]
