//! Plain-text tables: a title, a header row, aligned columns (first column
//! left-aligned, the others right-aligned), in the Markdown pipe syntax so
//! they paste into `docs/performance.md` as they are.

/// A table being filled.
#[derive(Debug)]
pub(crate) struct Table {
    title: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub(crate) fn new(title: impl Into<String>, header: &[&str]) -> Self {
        Self {
            title: title.into(),
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub(crate) fn render(&self) -> String {
        let columns = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |cells: &[String]| {
            let mut out = String::from("|");
            for (i, w) in widths.iter().enumerate() {
                let cell = cells.get(i).map_or("", String::as_str);
                let pad = w - cell.chars().count().min(*w);
                if i == 0 {
                    out.push_str(&format!(" {cell}{} |", " ".repeat(pad)));
                } else {
                    out.push_str(&format!(" {}{cell} |", " ".repeat(pad)));
                }
            }
            out
        };
        let mut out = format!("{}\n\n{}\n|", self.title, line(&self.header));
        for (i, w) in widths.iter().enumerate().take(columns) {
            let dashes = "-".repeat(*w);
            if i == 0 {
                out.push_str(&format!(" {dashes} |"));
            } else {
                out.push_str(&format!(" {}: |", &dashes[1..]));
            }
        }
        out.push('\n');
        for row in &self.rows {
            out.push_str(&line(row));
            out.push('\n');
        }
        out
    }
}

/// `12.3` (one decimal).
pub(crate) fn us(value: f64) -> String {
    format!("{value:.1}")
}

/// `1.013` (three decimals).
pub(crate) fn ratio(value: f64) -> String {
    format!("{value:.3}")
}

/// `0.98–1.03` (quartiles of per-block ratios).
pub(crate) fn spread(low: f64, high: f64) -> String {
    format!("{low:.3}–{high:.3}")
}
