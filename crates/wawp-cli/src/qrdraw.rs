//! A QR code drawn with Unicode half blocks (`▀ ▄ █`), two module rows per
//! text line, so that a phone can scan it off the terminal.
//!
//! A scanner wants dark modules on a light background. Without colours the
//! drawing assumes light text on a dark background (the usual terminal)
//! and draws the *light* modules and the quiet zone as blocks; `--invert`
//! draws the dark ones instead, for dark text on light. With colours (a
//! terminal, `NO_COLOR` unset, `TERM` not `dumb`) each line is drawn white
//! on black, which is right whatever the terminal's theme.

use qrcode::{Color, QrCode};

/// Modules of light margin around the code (the standard asks for 4; 2 is
/// what terminal renderers use and phones read).
const QUIET: usize = 2;

/// How to draw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Style {
    /// Draw dark modules as blocks (dark text on a light background).
    pub(crate) invert: bool,
    /// Set the colours explicitly (ANSI white on black).
    pub(crate) color: bool,
}

impl Style {
    /// The style for `--invert`, with colours when standard output is a
    /// terminal that wants them.
    pub(crate) fn for_terminal(invert: bool, stdout_is_terminal: bool) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        Self {
            invert,
            color: stdout_is_terminal && !no_color && !dumb,
        }
    }
}

/// The drawing of `value`'s QR code, lines ending with `\n`; an error if
/// the value is too long for a QR code.
pub(crate) fn draw(value: &str, style: Style) -> Result<String, String> {
    let code = QrCode::new(value.as_bytes())
        .map_err(|e| format!("cannot draw this QR code ({e}): use --json or --png"))?;
    let width = code.width();
    let colors = code.to_colors();
    let side = width + 2 * QUIET;
    // Whether the module at (x, y) of the drawing, margin included, is inked.
    let ink = |x: usize, y: usize| -> bool {
        let dark = x >= QUIET
            && y >= QUIET
            && x < QUIET + width
            && y < QUIET + width
            && colors[(y - QUIET) * width + (x - QUIET)] == Color::Dark;
        // With colours the foreground is white: ink the light modules.
        dark == (style.invert && !style.color)
    };
    let mut out = String::with_capacity((side * 3 + 16) * side.div_ceil(2));
    for row in (0..side).step_by(2) {
        if style.color {
            out.push_str("\x1b[97;40m");
        }
        for x in 0..side {
            let top = ink(x, row);
            // The last row of an odd side is drawn above an empty half.
            let bottom = row + 1 < side && ink(x, row + 1);
            out.push(match (top, bottom) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        if style.color {
            out.push_str("\x1b[0m");
        }
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
#[path = "tests/qrdraw.rs"]
mod tests;
