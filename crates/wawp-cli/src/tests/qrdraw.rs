use super::*;

const VALUE: &str = "2@XQyq6vrYd9QvBWa0ZJ3n5LHvQ1sXG0c6K2oCzQ2b7mWv4n1FqJ8,Kc3Sx4N0Y1z2PlV9mJ3w=,b9pQ2L1xYh0=,Q2xzT1Y3b0k=";

/// Reads the modules back from a drawing.
fn modules(drawing: &str, style: Style) -> Vec<Vec<bool>> {
    let mut rows = Vec::new();
    for line in drawing.lines() {
        let line = line
            .trim_start_matches("\x1b[97;40m")
            .trim_end_matches("\x1b[0m");
        let (mut top, mut bottom) = (Vec::new(), Vec::new());
        for c in line.chars() {
            let (t, b) = match c {
                '█' => (true, true),
                '▀' => (true, false),
                '▄' => (false, true),
                ' ' => (false, false),
                other => panic!("unexpected {other:?}"),
            };
            top.push(t);
            bottom.push(b);
        }
        rows.push(top);
        rows.push(bottom);
    }
    let dark_is_ink = style.invert && !style.color;
    rows.into_iter()
        .map(|r| r.into_iter().map(|ink| ink == dark_is_ink).collect())
        .collect()
}

#[test]
fn the_drawing_holds_every_module_and_a_light_margin() {
    let code = QrCode::new(VALUE).unwrap();
    let w = code.width();
    let colors = code.to_colors();
    for style in [
        Style::default(),
        Style {
            invert: true,
            color: false,
        },
        Style {
            invert: false,
            color: true,
        },
        Style {
            invert: true,
            color: true,
        },
    ] {
        let drawing = draw(VALUE, style).unwrap();
        assert_eq!(drawing.lines().count(), (w + 2 * QUIET).div_ceil(2));
        let dark = modules(&drawing, style);
        for (y, row) in dark.iter().enumerate().take(w + 2 * QUIET) {
            assert_eq!(row.len(), w + 2 * QUIET);
            for (x, &d) in row.iter().enumerate() {
                let inside = (QUIET..QUIET + w).contains(&x) && (QUIET..QUIET + w).contains(&y);
                let expected = inside && colors[(y - QUIET) * w + (x - QUIET)] == Color::Dark;
                assert_eq!(d, expected, "{style:?} at {x},{y}");
            }
        }
        assert_eq!(drawing.contains("\x1b["), style.color);
    }
}

#[test]
fn without_colours_the_margin_is_ink_on_a_dark_terminal() {
    let drawing = draw("hello", Style::default()).unwrap();
    let first = drawing.lines().next().unwrap();
    assert!(first.chars().all(|c| c == '█'), "{first}");
    let inverted = draw(
        "hello",
        Style {
            invert: true,
            color: false,
        },
    )
    .unwrap();
    assert!(inverted.lines().next().unwrap().chars().all(|c| c == ' '));
}

#[test]
fn too_long_a_value_is_an_error_not_a_panic() {
    let e = draw(&"x".repeat(8000), Style::default()).unwrap_err();
    assert!(e.contains("--png"), "{e}");
}
