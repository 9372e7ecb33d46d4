use super::*;

fn err(bytes: &[u8]) -> String {
    read(bytes, "ids.txt").unwrap_err().to_string()
}

#[test]
fn text_passes_through_without_a_bom() {
    assert_eq!(read(&b"A\r\nB\n"[..], "x").unwrap(), "A\r\nB\n");
    assert_eq!(read("\u{feff}A\n".as_bytes(), "x").unwrap(), "A\n");
    assert_eq!(read(&b""[..], "x").unwrap(), "");
}

#[test]
fn nul_bytes_are_binary() {
    assert_eq!(
        err(b"A\nB\0\n"),
        "ids.txt is not a list of instance ids: line 2 contains a NUL byte (binary data?)"
    );
}

#[test]
fn an_endless_stream_of_zeros_fails_on_its_first_chunk() {
    let zeros = io::repeat(0);
    let e = read(zeros, "/dev/zero").unwrap_err().to_string();
    assert!(e.contains("line 1 contains a NUL byte"), "{e}");
    // An endless line of text fails at the line limit, not at the end.
    let e = read(io::repeat(b'a'), "stdin").unwrap_err().to_string();
    assert!(e.contains("line 1 is longer than 4096 bytes"), "{e}");
}

#[test]
fn line_and_size_limits() {
    let ok = "x".repeat(MAX_LINE_BYTES);
    assert!(read(format!("A\n{ok}\r").as_bytes(), "x").is_err());
    assert!(read(format!("A\n{ok}\n").as_bytes(), "x").is_ok());
    let long = format!("A\nB\n{ok}y\n");
    assert_eq!(
        err(long.as_bytes()),
        "ids.txt is not a list of instance ids: line 3 is longer than 4096 bytes"
    );
    // Many short lines: the total limit.
    let e = read(io::repeat(b'\n'), "stdin").unwrap_err().to_string();
    assert!(e.contains("larger than 32 MiB"), "{e}");
}

#[test]
fn invalid_utf8_names_its_line() {
    assert_eq!(
        err(b"A\nB\nC\xff\n"),
        "ids.txt is not a list of instance ids: line 3 is not UTF-8 text"
    );
    assert!(err(b"\xef\xbb\xbfA\n\xc3").contains("line 2"));
}

#[test]
fn read_errors_name_the_source() {
    struct Broken;
    impl Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::other("disk on fire"))
        }
    }
    assert_eq!(
        read(Broken, "ids.txt").unwrap_err().to_string(),
        "cannot read instance ids from ids.txt: disk on fire"
    );
}
