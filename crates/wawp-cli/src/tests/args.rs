use super::*;
use clap::CommandFactory;

fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
    Cli::try_parse_from(std::iter::once("wawp").chain(args.iter().copied()))
}

fn logout(args: &[&str]) -> ConfirmedArgs {
    match parse(args).unwrap().command {
        Command::Logout(a) => *a,
        _ => panic!("not logout"),
    }
}

#[test]
fn clap_model_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn defaults() {
    let cli = parse(&["logout", "A"]).unwrap();
    let c = &cli.connection;
    let Command::Logout(a) = cli.command else {
        panic!("not logout")
    };
    let t = &a.run.targets;
    assert_eq!(t.ids, ["A"]);
    assert_eq!(c.params, Params::Query);
    assert_eq!(c.retries, 0);
    assert_eq!(t.concurrency, 4);
    assert!(!a.yes && !t.json && !c.allow_insecure_http);
    assert_eq!(Some(a.run.timeout.0), wawp::Config::default().timeout);
    assert!(t.from_file.is_none());
}

#[test]
fn every_option() {
    let cli = parse(&[
        "logout",
        "-y",
        "--json",
        "--timeout",
        "2.5",
        "--retries",
        "3",
        "--params",
        "body",
        "--concurrency",
        "8",
        "--base-url",
        "http://127.0.0.1:1",
        "--from-file",
        "-",
        "--access-token-file",
        "/tmp/t",
        "--allow-insecure-http",
    ])
    .unwrap();
    let c = &cli.connection;
    let Command::Logout(a) = cli.command else {
        panic!("not logout")
    };
    let t = &a.run.targets;
    assert!(a.yes && t.json && c.allow_insecure_http);
    assert_eq!(a.run.timeout, Secs(Duration::from_millis(2500)));
    assert_eq!(c.retries, 3);
    assert_eq!(c.params, Params::Body);
    assert_eq!(t.concurrency, 8);
    assert_eq!(c.base_url, "http://127.0.0.1:1");
    assert_eq!(t.from_file.as_deref(), Some("-".as_ref()));
    assert!(t.ids.is_empty());
}

#[test]
fn every_lifecycle_command_takes_ids_lists_and_json() {
    for cmd in [
        "info", "start", "stop", "restart", "logout", "delete", "qr", "pair",
    ] {
        let mut args = vec![cmd, "--json", "--from-file", "ids.txt", "A", "B"];
        if cmd == "pair" {
            args.extend(["--phone", "+20 114"]);
        }
        let cli = parse(&args).unwrap_or_else(|e| panic!("{cmd}: {e}"));
        assert_eq!(cli.command.name(), cmd);
        // An id or a list is required.
        let bare: &[&str] = if cmd == "pair" {
            &["pair", "--phone", "1"]
        } else {
            &[cmd]
        };
        let e = parse(bare).unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::MissingRequiredArgument);
        assert_eq!(e.exit_code(), 2, "{cmd}");
    }
}

#[test]
fn only_commands_that_ask_take_yes() {
    for cmd in ["stop", "restart", "logout", "delete"] {
        assert!(parse(&[cmd, "--yes", "A"]).is_ok(), "{cmd}");
    }
    for cmd in ["info", "start", "qr"] {
        assert!(parse(&[cmd, "--yes", "A"]).is_err(), "{cmd}");
    }
    assert!(parse(&["relink", "--yes", "A"]).is_ok());
}

#[test]
fn qr_and_relink_options() {
    let Command::Qr(q) = parse(&["qr", "A"]).unwrap().command else {
        panic!("not qr")
    };
    assert_eq!(q.waiting.timeout, Secs(Duration::from_secs(300)));
    assert_eq!(q.waiting.interval, Secs(Duration::from_secs(2)));
    assert_eq!(
        Some(q.waiting.request_timeout.0),
        wawp::Config::default().timeout
    );
    assert!(!q.once && q.png.is_none() && !q.waiting.drawing.invert);
    let Command::Qr(q) = parse(&[
        "qr",
        "--png",
        "x.png",
        "--once",
        "--timeout",
        "5",
        "--interval",
        "0.2",
        "--invert",
        "A",
    ])
    .unwrap()
    .command
    else {
        panic!("not qr")
    };
    assert_eq!(q.png.as_deref(), Some("x.png".as_ref()));
    assert!(q.once && q.waiting.drawing.invert);
    assert_eq!(q.waiting.interval, Secs(Duration::from_millis(200)));
    let Command::Relink(r) = parse(&["relink", "--phone", "+20 1", "A"]).unwrap().command else {
        panic!("not relink")
    };
    assert_eq!(r.id, "A");
    assert_eq!(r.phone.as_deref(), Some("+20 1"));
    // relink is for one instance.
    assert!(parse(&["relink", "A", "B"]).is_err());
    assert!(parse(&["relink"]).is_err());
    assert!(parse(&["pair", "A"]).is_err(), "pair needs --phone");
    for bad in ["0", "0.05", "61", "x"] {
        assert!(parse(&["qr", "--interval", bad, "A"]).is_err(), "{bad}");
    }
}

#[test]
fn connection_options_may_come_before_the_subcommand() {
    for args in [
        &["-v", "info", "A"][..],
        &["info", "-v", "A"],
        &[
            "--base-url",
            "http://127.0.0.1:1",
            "-vv",
            "logout",
            "-y",
            "A",
        ],
        &["qr", "--no-proxy", "-v", "A"],
        &["-v", "relink", "--retries", "2", "A"],
    ] {
        let cli = parse(args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert!(
            cli.connection.verbose >= 1 || cli.connection.no_proxy,
            "{args:?}"
        );
    }
    let cli = parse(&["--retries", "3", "-vv", "info", "A"]).unwrap();
    assert_eq!((cli.connection.retries, cli.connection.verbose), (3, 2));
}

#[test]
fn ids_or_from_file_are_required() {
    let e = parse(&["logout"]).unwrap_err();
    assert_eq!(e.kind(), clap::error::ErrorKind::MissingRequiredArgument);
    assert_eq!(e.exit_code(), 2);
}

#[test]
fn bad_values_are_usage_errors() {
    for args in [
        &["logout", "--timeout", "0", "A"][..],
        &["logout", "--timeout", "-1", "A"],
        &["logout", "--timeout", "NaN", "A"],
        &["logout", "--retries", "11", "A"],
        &["logout", "--concurrency", "0", "A"],
        &["logout", "--transport", "hyper", "A"],
        &["logout", "--params", "header", "A"],
    ] {
        let e = parse(args).unwrap_err();
        assert_eq!(e.exit_code(), 2, "{args:?}");
    }
}

#[test]
fn secret_debug_is_redacted_and_parse_never_fails() {
    let s: SecretArg = "tok en\u{7}".parse().unwrap();
    assert_eq!(format!("{s:?}"), "[redacted]");
    assert_eq!(s.into_inner(), "tok en\u{7}");
}

#[test]
fn ids_may_look_like_anything_after_double_dash() {
    let a = logout(&["logout", "--", "-weird id", "a&b=c?d#e"]);
    assert_eq!(a.run.targets.ids, ["-weird id", "a&b=c?d#e"]);
}

#[test]
fn params_map_onto_core() {
    assert_eq!(
        wawp::ParamLocation::from(Params::Body),
        wawp::ParamLocation::JsonBody
    );
    assert_eq!(
        wawp::ParamLocation::from(Params::Query),
        wawp::ParamLocation::Query
    );
}
