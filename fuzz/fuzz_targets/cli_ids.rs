//! The command line's id lists (`wawp … --from-file`), compiled from the
//! CLI's own `ids.rs`: any list text and arguments give each valid id
//! once, in order of first appearance, or every bad id with its place;
//! never a panic.
//!
//! Layout: the text up to the first `\0` is the list, the rest are the
//! positional arguments, separated by `\0`.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use wawp_core::InstanceId;

#[allow(dead_code)]
#[path = "../../crates/wawp-cli/src/ids.rs"]
mod ids;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let list = parts.next().unwrap_or_default();
    let positional: Vec<String> = parts.map(str::to_owned).collect();

    let lines: Vec<(usize, &str)> = ids::parse_list(list).collect();
    for (n, line) in &lines {
        assert!(*n >= 1 && !line.is_empty() && !line.starts_with('#'));
        assert_eq!(line.trim(), *line);
    }
    let candidates: Vec<&str> = positional
        .iter()
        .map(String::as_str)
        .chain(lines.iter().map(|(_, line)| *line))
        .collect();

    match ids::collect(&positional, Some(("ids.txt", list))) {
        Ok(ids) => {
            // Every candidate was valid: each once, in order of first appearance.
            let mut seen = HashSet::new();
            let expected: Vec<&str> = candidates
                .iter()
                .copied()
                .filter(|c| seen.insert(*c))
                .collect();
            let got: Vec<&str> = ids.list.iter().map(InstanceId::as_str).collect();
            assert_eq!(got, expected);
            assert_eq!(ids.duplicates, candidates.len() - expected.len());
            assert_eq!(ids.first_duplicate.is_some(), ids.duplicates > 0);
        }
        Err(bad) => {
            assert!(!bad.is_empty());
            let invalid: HashSet<&str> = candidates
                .iter()
                .copied()
                .filter(|c| InstanceId::new(*c).is_err())
                .collect();
            assert_eq!(bad.len(), invalid.len(), "each bad id is reported once");
            for b in &bad {
                let _ = b.to_string();
            }
        }
    }
});
