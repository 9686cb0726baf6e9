//! The borough's rates beside England and Wales's, year by year.

use crate::error::Result;

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
        let mut stmt = self.conn.prepare_cached(
            "SELECT year_start, referrals, discussed, adopted, source FROM national_figures ORDER BY year_start DESC",
        )?;
        let national = stmt.query_map([], |r| {
            let year: i32 = r.get(0)?;
            Ok(comparator(
                "England and Wales".into(),
                format!("{}/{:02}", year, (year + 1) % 100),
                Cell::shown(r.get(1)?),
                r.get::<_, Option<u32>>(2)?.map(Cell::shown),
                r.get::<_, Option<u32>>(3)?.map(Cell::shown),
                r.get(4)?,
            ))
        })?;
        for row in national {
            out.push(row?);
        }
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
