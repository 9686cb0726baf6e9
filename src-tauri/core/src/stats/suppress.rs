//! Small numbers in anything circulated: a count from 1 to threshold − 1 is hidden as
//! "fewer than N", and where a total is shown, one more cell of its row or column is hidden
//! ("suppressed") so that the hidden one cannot be worked out by subtraction.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    No,
    /// A count from 1 to threshold − 1.
    Small,
    /// Hidden so that a small count beside it cannot be worked out from a total.
    Secondary,
}

/// One figure as shown: the count, or why it is not shown.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, specta::Type)]
pub struct Cell {
    /// `None` when hidden.
    pub value: Option<u32>,
    /// What the table prints: "12", "fewer than 5" or "suppressed".
    pub text: String,
    /// Hidden in anything circulated (shown on the chair's exact screen with this mark).
    pub hidden: bool,
}

impl Cell {
    pub fn shown(value: u32) -> Cell {
        Cell {
            value: Some(value),
            text: value.to_string(),
            hidden: false,
        }
    }

    pub fn new(value: u32, hidden: Hidden, threshold: u32, exact: bool) -> Cell {
        match (hidden, exact) {
            (Hidden::No, _) => Cell::shown(value),
            (_, true) => Cell {
                hidden: true,
                ..Cell::shown(value)
            },
            (Hidden::Small, false) => Cell {
                value: None,
                text: format!("fewer than {threshold}"),
                hidden: true,
            },
            (Hidden::Secondary, false) => Cell {
                value: None,
                text: "suppressed".into(),
                hidden: true,
            },
        }
    }
}

/// Cells `(row, column)` whose sum is shown in `total`.
#[derive(Debug, Clone)]
pub struct Line {
    pub cells: Vec<(usize, usize)>,
    pub total: (usize, usize),
}

/// Lines of a grid whose last row holds each column's total.
pub fn column_totals(rows: usize, columns: usize) -> Vec<Line> {
    (0..columns)
        .map(|c| Line {
            cells: (0..rows - 1).map(|r| (r, c)).collect(),
            total: (rows - 1, c),
        })
        .collect()
}

/// Lines of a grid whose last row holds column totals and last column row totals.
pub fn row_and_column_totals(rows: usize, columns: usize) -> Vec<Line> {
    let mut lines = column_totals(rows, columns);
    lines.extend((0..rows).map(|r| Line {
        cells: (0..columns - 1).map(|c| (r, c)).collect(),
        total: (r, columns - 1),
    }));
    lines
}

/// What to hide in `values` (totals included) so that no count from 1 to threshold − 1
/// can be read or worked out from the `lines` whose totals are shown.
pub fn suppress(values: &[Vec<u32>], lines: &[Line], threshold: u32) -> Vec<Vec<Hidden>> {
    let mut hidden: Vec<Vec<Hidden>> = values
        .iter()
        .map(|row| {
            row.iter()
                .map(|&v| {
                    if v > 0 && v < threshold {
                        Hidden::Small
                    } else {
                        Hidden::No
                    }
                })
                .collect()
        })
        .collect();
    let is_hidden = |h: &Vec<Vec<Hidden>>, (r, c): (usize, usize)| h[r][c] != Hidden::No;
    loop {
        let mut changed = false;
        for line in lines {
            let members = line.cells.iter().chain(std::iter::once(&line.total));
            if members.filter(|&&at| is_hidden(&hidden, at)).count() != 1 {
                continue;
            }
            // One hidden member and the rest shown: hide the smallest other count too.
            let next = line
                .cells
                .iter()
                .filter(|&&(r, c)| !is_hidden(&hidden, (r, c)) && values[r][c] > 0)
                .min_by_key(|&&(r, c)| values[r][c]);
            if let Some(&(r, c)) = next {
                hidden[r][c] = Hidden::Secondary;
                changed = true;
            }
        }
        if !changed {
            return hidden;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether any hidden cell of a line can be worked out from the shown ones.
    fn derivable(values: &[Vec<u32>], hidden: &[Vec<Hidden>], lines: &[Line]) -> bool {
        lines.iter().any(|line| {
            let members: Vec<_> = line.cells.iter().chain([&line.total]).collect();
            members
                .iter()
                .filter(|&&&(r, c)| hidden[r][c] != Hidden::No)
                .count()
                == 1
                && members
                    .iter()
                    .any(|&&(r, c)| hidden[r][c] != Hidden::No && values[r][c] > 0)
        })
    }

    #[test]
    fn a_small_count_beside_a_shown_total_takes_the_next_smallest_with_it() {
        // Categories 20, 3, 9, 0; total 32.
        let values = vec![vec![20], vec![3], vec![9], vec![0], vec![32]];
        let lines = column_totals(5, 1);
        let hidden = suppress(&values, &lines, 5);
        assert_eq!(hidden[1][0], Hidden::Small);
        assert_eq!(
            hidden[2][0],
            Hidden::Secondary,
            "9 goes: 32 − 20 − 0 would give 12, not 3"
        );
        assert_eq!(hidden[0][0], Hidden::No);
        assert_eq!(hidden[3][0], Hidden::No, "zero is shown");
        assert_eq!(hidden[4][0], Hidden::No);
        assert!(!derivable(&values, &hidden, &lines));
    }

    #[test]
    fn two_small_counts_need_nothing_more_and_a_small_total_is_hidden() {
        let values = vec![vec![2, 0], vec![3, 1], vec![10, 0], vec![15, 1]];
        let hidden = suppress(&values, &column_totals(4, 2), 5);
        assert_eq!(hidden[2][0], Hidden::No);
        assert_eq!(hidden[1][1], Hidden::Small);
        assert_eq!(hidden[3][1], Hidden::Small, "the total 1 is itself small");
    }

    #[test]
    fn secondary_suppression_follows_rows_and_columns_until_nothing_can_be_worked_out() {
        // Intervention type × delivered as planned, with row and column totals.
        let values = vec![
            vec![2, 7, 9],
            vec![8, 6, 14],
            vec![12, 15, 27],
            vec![22, 28, 50],
        ];
        let lines = row_and_column_totals(4, 3);
        let hidden = suppress(&values, &lines, 5);
        assert_eq!(hidden[0][0], Hidden::Small);
        assert!(!derivable(&values, &hidden, &lines), "{hidden:?}");
        let count = hidden
            .iter()
            .flatten()
            .filter(|h| **h != Hidden::No)
            .count();
        assert!(
            count >= 4,
            "a small cell in a two-way table needs a rectangle of four"
        );
    }

    #[test]
    fn cells_show_their_count_or_why_not() {
        assert_eq!(Cell::new(3, Hidden::Small, 5, false).text, "fewer than 5");
        assert_eq!(Cell::new(9, Hidden::Secondary, 5, false).text, "suppressed");
        let exact = Cell::new(3, Hidden::Small, 5, true);
        assert_eq!((exact.value, exact.hidden), (Some(3), true));
        assert_eq!(Cell::new(0, Hidden::No, 5, false).text, "0");
    }
}
