//! The borough's rates beside England and Wales's, year by year.

use crate::error::Result;
use crate::report::national_figures;

use super::compute::Compute;
use super::suppress::Cell;
use super::table::StatTable;
use super::Comparator;

impl Compute<'_> {
    pub(super) fn comparators(&self, funnel: &StatTable) -> Result<Vec<Comparator>> {
        let cell = |label: &str| {
            funnel
                .rows
                .iter()
                .find(|r| r.category == label)
                .map(|r| r.cells[0].clone())
        };
        let referrals = cell("Referred").unwrap_or_else(|| Cell::shown(0));
        let mut out = vec![comparator(
            "This borough".into(),
            self.period.view().label,
            referrals,
            cell("Discussed at panel"),
            cell("Adopted"),
            "This database".into(),
        )];
        out.extend(national_figures(self.conn)?.into_iter().map(|n| {
            comparator(
                "England and Wales".into(),
                n.year,
                Cell::shown(n.referrals),
                n.discussed.map(Cell::shown),
                n.adopted.map(Cell::shown),
                n.source,
            )
        }));
        Ok(out)
    }
}

fn rate(part: &Option<Cell>, whole: &Cell) -> String {
    match (part.as_ref().and_then(|c| c.value), whole.value) {
        (Some(p), Some(w)) if w > 0 => format!("{:.1}%", 100.0 * f64::from(p) / f64::from(w)),
        _ => String::new(),
    }
}

fn comparator(
    area: String,
    period: String,
    referrals: Cell,
    discussed: Option<Cell>,
    adopted: Option<Cell>,
    source: String,
) -> Comparator {
    Comparator {
        discussed_rate: rate(&discussed, &referrals),
        adopted_rate: rate(&adopted, &referrals),
        area,
        period,
        referrals,
        discussed,
        adopted,
        source,
    }
}
