//! Channel statistics for a period in the Home Office categories, beside the previous
//! period of the same length: referrals by sector, concern, age band, gender, ethnicity and
//! needs; the journey as a funnel; outcomes, consent, support and timings; panel meetings;
//! national figures to compare with. Small numbers are suppressed in everything circulated;
//! the chair may see exact figures on screen.

pub mod facts;
pub mod period;
pub mod suppress;
pub mod table;

use channel_desk_pdf::Colour;
use rusqlite::Connection;
use serde::Serialize;

use crate::casework::age::{age_band_of, AGE_BANDS, NOT_KNOWN};
use crate::casework::consent::{ConsentBy, ConsentStatus};
use crate::casework::support::InterventionStatus;
use crate::casework::workflow::{ExitReason, ScreeningOutcome};
use crate::common::dates::today;
use crate::common::vocabulary::Vocabulary;
use crate::error::{CoreError, Result};
use crate::reference::{self, ReferenceItem};
use crate::security::session::Session;
use crate::store::audit::{self, AuditAction};

use facts::{grouped, grouped2, Referral};
pub use period::{Period, PeriodView};
use suppress::Cell;
use table::{Builder, Totals};
pub use table::{StatRow, StatTable};

/// Days from referral to a step: the median and 90th percentile, over the referrals of the
/// period that reached it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Timing {
    pub what: String,
    pub referrals: Cell,
    /// Whole days; `None` when too few referrals reached the step to show it.
    pub median_days: Option<u32>,
    pub p90_days: Option<u32>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct MeetingFigures {
    pub panel_held: u32,
    pub panel_with_police: u32,
    /// Percentage of panel meetings a police member attended, to the nearest whole number.
    pub police_rate: Option<u32>,
    pub steering_held: u32,
}

/// Local or national figures side by side.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Comparator {
    pub area: String,
    pub period: String,
    pub referrals: Cell,
    pub discussed: Option<Cell>,
    pub adopted: Option<Cell>,
    /// "12.9%" or "" when a figure is hidden or missing.
    pub discussed_rate: String,
    pub adopted_rate: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Statistics {
    pub period: PeriodView,
    pub previous: PeriodView,
    /// Exact figures (the chair's screen); otherwise small numbers are suppressed.
    pub exact: bool,
    pub threshold: u32,
    pub referrals: Cell,
    pub funnel: StatTable,
    pub tables: Vec<StatTable>,
    pub timings: Vec<Timing>,
    pub meetings: MeetingFigures,
    pub comparators: Vec<Comparator>,
}

/// The headings of a table's two columns of periods (their dates are in `Statistics`).
pub const THIS_PERIOD: &str = "This period";
pub const PREVIOUS_PERIOD: &str = "Previous period";

/// The suppression threshold setting: counts from 1 to one less are hidden.
pub(crate) fn threshold(conn: &Connection) -> Result<u32> {
    let text: String = conn.query_row(
        "SELECT value FROM settings WHERE key = 'suppression_threshold'",
        [],
        |r| r.get(0),
    )?;
    Ok(text.parse().unwrap_or(5))
}

struct Compute<'a> {
    conn: &'a Connection,
    period: Period,
    previous: Period,
    now: Vec<Referral>,
    before: Vec<Referral>,
    threshold: u32,
    exact: bool,
}

impl Compute<'_> {
    fn builder(
        &self,
        id: &'static str,
        title: &str,
        category: &'static str,
        note: &str,
    ) -> Builder {
        Builder {
            id,
            title: title.to_owned(),
            category,
            columns: vec![THIS_PERIOD.into(), PREVIOUS_PERIOD.into()],
            note: note.to_owned(),
            threshold: self.threshold,
            exact: self.exact,
        }
    }

    /// Referrals of each period by a category of the referral, in the order of `rows`
    /// (code, label); codes met but not listed are added at the end under their own name.
    fn by(
        &self,
        rows: Vec<(String, String)>,
        key: impl Fn(&Referral) -> Vec<String>,
    ) -> Vec<(String, Vec<u32>)> {
        let mut rows: Vec<(String, String, [u32; 2])> =
            rows.into_iter().map(|(c, l)| (c, l, [0, 0])).collect();
        for (i, set) in [&self.now, &self.before].into_iter().enumerate() {
            for r in set {
                for code in key(r) {
                    match rows.iter_mut().find(|row| row.0 == code) {
                        Some(row) => row.2[i] += 1,
                        None => {
                            let mut counts = [0, 0];
                            counts[i] = 1;
                            rows.push((code.clone(), code, counts));
                        }
                    }
                }
            }
        }
        rows.into_iter().map(|(_, l, c)| (l, c.to_vec())).collect()
    }

    /// Reference data of a kind as rows: current items, and retired ones still counted.
    fn reference_rows(&self, kind: &str) -> Result<Vec<(String, String)>> {
        Ok(reference::list(self.conn, kind)?
            .into_iter()
            .map(|ReferenceItem { code, label, .. }| (code, label))
            .collect())
    }

    fn drop_unused_retired(
        &self,
        kind: &str,
        rows: Vec<(String, Vec<u32>)>,
    ) -> Result<Vec<(String, Vec<u32>)>> {
        let retired: Vec<String> = reference::list(self.conn, kind)?
            .into_iter()
            .filter(|i| i.retired)
            .map(|i| i.label)
            .collect();
        Ok(rows
            .into_iter()
            .filter(|(label, v)| !retired.contains(label) || v.iter().any(|n| *n > 0))
            .collect())
    }

    fn category_table(
        &self,
        id: &'static str,
        title: &str,
        category: &'static str,
        kind: &str,
        key: impl Fn(&Referral) -> Vec<String>,
    ) -> Result<StatTable> {
        let rows = self.by(self.reference_rows(kind)?, key);
        let rows = self.drop_unused_retired(kind, rows)?;
        Ok(self
            .builder(id, title, category, "")
            .build(rows, Totals::Columns)
            .with_chart(&[("Referrals", Colour::Blue)]))
    }

    fn funnel(&self) -> StatTable {
        type Step = (&'static str, fn(&Referral) -> bool);
        let steps: [Step; 9] = [
            ("Referred", |_| true),
            ("Screened by police", |r| r.screened_on.is_some()),
            ("Suitable for Channel", |r| r.suitable),
            ("Discussed at panel", |r| r.discussed_on.is_some()),
            ("Adopted", |r| r.adopted_on.is_some()),
            ("Support started", |r| r.support_on.is_some()),
            ("Exited", |r| r.exited_on.is_some()),
            ("6-month review done", |r| r.review6_on.is_some()),
            ("12-month review done", |r| r.review12_on.is_some()),
        ];
        // Each step counts referrals that reached it and every step before it.
        let reached = |set: &[Referral], n: usize| -> u32 {
            set.iter()
                .filter(|r| steps[..=n].iter().all(|(_, f)| f(r)))
                .count() as u32
        };
        let rows = steps
            .iter()
            .enumerate()
            .map(|(n, (label, _))| {
                (
                    (*label).to_owned(),
                    vec![reached(&self.now, n), reached(&self.before, n)],
                )
            })
            .collect();
        self.builder(
            "journey_funnel",
            "The journey: how far the referrals of the period had gone by its last day",
            "Step",
            "Each step counts the referrals received in the period that had reached it, and every step before it, by the period's last day; a case that exited without support starting is counted up to adoption.",
        )
        .build(rows, Totals::None)
        .with_chart(&[("Referrals", Colour::Blue)])
    }

    /// Counts dated in each period from `sql` (`?1`, `?2` the period), labelled by `label`.
    fn events(&self, sql: &str, order: Vec<(String, String)>) -> Result<Vec<(String, Vec<u32>)>> {
        let mut rows: Vec<(String, String, Vec<u32>)> =
            order.into_iter().map(|(c, l)| (c, l, vec![0, 0])).collect();
        for (i, period) in [self.period, self.previous].into_iter().enumerate() {
            for (code, n) in grouped(self.conn, sql, period)? {
                match rows.iter_mut().find(|r| r.0 == code) {
                    Some(r) => r.2[i] += n,
                    None => {
                        let mut v = vec![0, 0];
                        v[i] = n;
                        rows.push((code.clone(), code, v));
                    }
                }
            }
        }
        Ok(rows.into_iter().map(|(_, l, v)| (l, v)).collect())
    }

    fn two_way(
        &self,
        sql: &str,
        rows: Vec<(String, String)>,
        columns: &[(&str, &str)],
    ) -> Result<Vec<(String, Vec<u32>)>> {
        let mut out: Vec<(String, String, Vec<u32>)> = rows
            .into_iter()
            .map(|(c, l)| (c, l, vec![0; columns.len()]))
            .collect();
        for (row, column, n) in grouped2(self.conn, sql, self.period)? {
            let Some(c) = columns.iter().position(|(code, _)| *code == column) else {
                continue;
            };
            match out.iter_mut().find(|r| r.0 == row) {
                Some(r) => r.2[c] += n,
                None => {
                    let mut v = vec![0; columns.len()];
                    v[c] = n;
                    out.push((row.clone(), row, v));
                }
            }
        }
        Ok(out.into_iter().map(|(_, l, v)| (l, v)).collect())
    }

    fn tables(&self) -> Result<Vec<StatTable>> {
        let gender_rows = {
            let mut rows = self.reference_rows("gender")?;
            rows.push((String::new(), "Not recorded".into()));
            rows.push(("?".into(), "To be categorised".into()));
            rows
        };
        let categorised = |code: &str, typed: bool| match (code, typed) {
            ("", true) => "?".to_owned(),
            (code, _) => code.to_owned(),
        };
        let groups = {
            let mut groups: Vec<(String, String)> = Vec::new();
            for item in reference::list(self.conn, "ethnicity")? {
                let g = if item.grouping.is_empty() {
                    item.label.clone()
                } else {
                    item.grouping.clone()
                };
                if !groups.iter().any(|(c, _)| *c == g) {
                    groups.push((g.clone(), g));
                }
            }
            groups.push((String::new(), "Not recorded".into()));
            groups.push(("?".into(), "To be categorised".into()));
            groups
        };
        let ethnic_group: std::collections::HashMap<String, String> =
            reference::list(self.conn, "ethnicity")?
                .into_iter()
                .map(|i| {
                    (
                        i.code,
                        if i.grouping.is_empty() {
                            i.label
                        } else {
                            i.grouping
                        },
                    )
                })
                .collect();
        let mut tables = vec![
            self.category_table(
                "referrals_by_sector",
                "Referrals by referrer sector",
                "Sector",
                "sector",
                |r| vec![r.sector.clone()],
            )?,
            self.category_table(
                "referrals_by_concern",
                "Referrals by type of concern",
                "Type of concern",
                "concern_type",
                |r| vec![r.concern_type.clone()],
            )?,
        ];
        let mut bands: Vec<(String, String)> = AGE_BANDS
            .iter()
            .map(|(b, ..)| ((*b).to_owned(), (*b).to_owned()))
            .collect();
        bands.push((NOT_KNOWN.into(), NOT_KNOWN.into()));
        tables.push(
            self.builder(
                "referrals_by_age",
                "Referrals by age on the day of referral",
                "Age band",
                "",
            )
            .build(
                self.by(bands, |r| vec![age_band_of(r.age).to_owned()]),
                Totals::Columns,
            )
            .with_chart(&[("Referrals", Colour::Blue)]),
        );
        let gender = self.by(gender_rows, |r| {
            vec![categorised(&r.gender, r.gender_typed)]
        });
        tables.push(
            self.builder(
                "referrals_by_gender",
                "Referrals by sex or gender",
                "Sex or gender",
                "",
            )
            .build(
                self.drop_unused_retired("gender", drop_empty_unknowns(gender))?,
                Totals::Columns,
            )
            .with_chart(&[("Referrals", Colour::Blue)]),
        );
        let by_group = self.by(groups, |r| {
            vec![
                match categorised(&r.ethnicity, r.ethnicity_typed).as_str() {
                    c @ ("" | "?") => c.to_owned(),
                    code => ethnic_group
                        .get(code)
                        .cloned()
                        .unwrap_or_else(|| code.to_owned()),
                },
            ]
        });
        tables.push(
            self.builder(
                "referrals_by_ethnic_group",
                "Referrals by ethnic group (ONS 2021 census groups)",
                "Ethnic group",
                "",
            )
            .build(drop_empty_unknowns(by_group), Totals::Columns)
            .with_chart(&[("Referrals", Colour::Blue)]),
        );
        let mut ethnicity_rows = self.reference_rows("ethnicity")?;
        ethnicity_rows.push((String::new(), "Not recorded".into()));
        ethnicity_rows.push(("?".into(), "To be categorised".into()));
        let detail = self.by(ethnicity_rows, |r| {
            vec![categorised(&r.ethnicity, r.ethnicity_typed)]
        });
        tables.push(
            self.builder(
                "referrals_by_ethnicity",
                "Referrals by ethnicity (ONS 2021 census categories)",
                "Ethnicity",
                "",
            )
            .build(
                self.drop_unused_retired("ethnicity", drop_empty_unknowns(detail))?,
                Totals::Columns,
            ),
        );
        let mut need_rows = self.reference_rows("need")?;
        need_rows.push((String::new(), "None recorded".into()));
        let needs = self.by(need_rows, |r| {
            if r.needs.is_empty() {
                vec![String::new()]
            } else {
                r.needs.clone()
            }
        });
        tables.push(
            self.builder(
                "referrals_by_need",
                "Referrals by mental health and neurodiversity needs",
                "Need",
                "A person can have more than one need, so the figures do not add up to the referrals.",
            )
            .build(self.drop_unused_retired("need", needs)?, Totals::None)
            .with_chart(&[("Referrals", Colour::Blue)]),
        );
        let screening = self.events(
            "SELECT outcome, count(*) FROM screenings WHERE screened_on BETWEEN ?1 AND ?2 GROUP BY outcome",
            choices::<ScreeningOutcome>(),
        )?;
        tables.push(
            self.builder(
                "screening_outcomes",
                "Outcomes of police screening",
                "Outcome",
                "Screenings recorded in the period, whenever the referral was received.",
            )
            .build(screening, Totals::Columns),
        );
        let panel = self.events(
            "SELECT kind, count(*) FROM decisions WHERE kind IN ('adopt', 'not_adopt') AND decided_on BETWEEN ?1 AND ?2 GROUP BY kind",
            vec![("adopt".into(), "Adopted".into()), ("not_adopt".into(), "Not adopted".into())],
        )?;
        tables.push(
            self.builder(
                "panel_outcomes",
                "Panel decisions on adoption",
                "Decision",
                "Decisions made in the period.",
            )
            .build(panel, Totals::Columns),
        );
        let signposted = self.events(
            "SELECT trim(signposted_to), count(*) FROM decisions WHERE kind = 'not_adopt' AND decided_on BETWEEN ?1 AND ?2 GROUP BY fold(trim(signposted_to))",
            Vec::new(),
        )?;
        tables.push(
            self.builder(
                "not_adopted_signposted",
                "Not adopted: where the person was signposted",
                "Signposted to",
                "Where a service was named for fewer people than the threshold in both periods, it is counted under \"Other services\" in anything circulated: the words are typed, and a rare one could point to a person.",
            )
            .build(self.rare_merged(signposted), Totals::Columns),
        );
        let exits = self.events(
            "SELECT exit_reason, count(*) FROM decisions WHERE kind = 'exit' AND decided_on BETWEEN ?1 AND ?2 GROUP BY exit_reason",
            choices::<ExitReason>(),
        )?;
        tables.push(
            self.builder(
                "exit_reasons",
                "Exits from Channel by reason",
                "Reason",
                "Exits decided in the period.",
            )
            .build(exits, Totals::Columns),
        );
        let reviews = self.events(
            "SELECT months || '-month review', count(*) FROM reviews WHERE reviewed_on BETWEEN ?1 AND ?2 GROUP BY months",
            vec![("6-month review".into(), "6-month review".into()), ("12-month review".into(), "12-month review".into())],
        )?;
        tables.push(
            self.builder(
                "reviews_after_exit",
                "Reviews after exit done",
                "Review",
                "Reviews done in the period, whenever the case exited.",
            )
            .build(reviews, Totals::Columns),
        );
        let by: Vec<(&str, &str)> = ConsentBy::ALL
            .iter()
            .map(|b| (b.code(), b.label()))
            .collect();
        let consent = self.two_way(
            "SELECT status, given_by, count(*) FROM consents WHERE status_on BETWEEN ?1 AND ?2 GROUP BY status, given_by",
            choices::<ConsentStatus>(),
            &by,
        )?;
        let mut consent_table = Builder {
            columns: by.iter().map(|(_, l)| (*l).to_owned()).collect(),
            ..self.builder("consent", "Consent to Channel support", "Consent", "Answers recorded in the period; a parent or guardian answers for a person under 18.")
        }
        .build(consent, Totals::RowsAndColumns);
        consent_table =
            consent_table.with_chart(&[(by[0].1, Colour::Blue), (by[1].1, Colour::Amber)]);
        tables.push(consent_table);
        let as_at = self.period.to.min(today()).to_string();
        let support_sql = format!(
            "SELECT kind, CASE
                WHEN status = '{completed}' AND sessions_delivered >= sessions_planned THEN 'as_planned'
                WHEN status = '{stopped}' OR status = '{completed}' OR planned_end_on < '{as_at}' THEN 'not_as_planned'
                ELSE 'in_progress' END, count(*)
             FROM interventions WHERE status <> '{planned}' AND start_on BETWEEN ?1 AND ?2 GROUP BY 1, 2",
            completed = InterventionStatus::Completed.code(),
            stopped = InterventionStatus::Stopped.code(),
            planned = InterventionStatus::Planned.code(),
        );
        let delivery = [
            ("as_planned", "Delivered as planned"),
            ("in_progress", "Under way"),
            ("not_as_planned", "Not delivered as planned"),
        ];
        let support = self.two_way(
            &support_sql,
            self.reference_rows("intervention_type")?,
            &delivery,
        )?;
        let support = self.drop_unused_retired("intervention_type", support)?;
        tables.push(
            Builder {
                columns: delivery.iter().map(|(_, l)| (*l).to_owned()).collect(),
                ..self.builder(
                    "support_by_type",
                    "Support started, by type and whether delivered as planned",
                    "Type of support",
                    "Interventions started in the period. Delivered as planned: completed with every planned session; not delivered as planned: stopped, completed with fewer sessions, or past its planned end.",
                )
            }
            .build(support, Totals::RowsAndColumns)
            .with_chart(&[
                (delivery[0].1, Colour::Green),
                (delivery[1].1, Colour::Blue),
                (delivery[2].1, Colour::Red),
            ]),
        );
        let months = self.period.months();
        let trend = months
            .iter()
            .map(|m| {
                let n = self
                    .now
                    .iter()
                    .filter(|r| {
                        r.received_on >= *m
                            && r.received_on
                                < m.checked_add_months(chrono::Months::new(1)).unwrap_or(*m)
                    })
                    .count() as u32;
                (m.format("%B %Y").to_string(), vec![n])
            })
            .collect();
        tables.push(
            Builder {
                columns: vec!["Referrals".into()],
                ..self.builder("referrals_by_month", "Referrals by month", "Month", "")
            }
            .build(trend, Totals::Columns)
            .with_chart(&[("Referrals", Colour::Blue)]),
        );
        Ok(tables)
    }

    /// Rows typed by people (not chosen from a list), for circulation: those under the
    /// threshold in every column are counted together as "Other services".
    fn rare_merged(&self, rows: Vec<(String, Vec<u32>)>) -> Vec<(String, Vec<u32>)> {
        if self.exact {
            return rows;
        }
        let (common, rare): (Vec<_>, Vec<_>) = rows
            .into_iter()
            .partition(|(_, v)| v.iter().any(|n| *n >= self.threshold));
        let mut merged = common;
        if let Some(width) = rare.first().map(|(_, v)| v.len()) {
            let sums = (0..width)
                .map(|c| rare.iter().map(|r| r.1[c]).sum())
                .collect();
            merged.push(("Other services".to_owned(), sums));
        }
        merged
    }

    fn timings(&self) -> Vec<Timing> {
        type Step = (&'static str, fn(&Referral) -> Option<chrono::NaiveDate>);
        let steps: [Step; 3] = [
            ("Referral to police screening", |r| r.screened_on),
            ("Referral to first panel discussion", |r| r.discussed_on),
            ("Referral to support starting", |r| r.support_on),
        ];
        steps
            .iter()
            .map(|(what, step)| {
                let mut days: Vec<u32> = self
                    .now
                    .iter()
                    .filter_map(|r| step(r).map(|d| (d - r.received_on).num_days().max(0) as u32))
                    .collect();
                days.sort_unstable();
                let n = days.len() as u32;
                let shown = self.exact || n >= self.threshold;
                let at = |p: f64| days[((p * n as f64).ceil() as usize).clamp(1, days.len()) - 1];
                Timing {
                    what: (*what).to_owned(),
                    referrals: Cell::new(
                        n,
                        if n > 0 && n < self.threshold {
                            suppress::Hidden::Small
                        } else {
                            suppress::Hidden::No
                        },
                        self.threshold,
                        self.exact,
                    ),
                    median_days: (shown && n > 0).then(|| median(&days)),
                    p90_days: (shown && n > 0).then(|| at(0.9)),
                }
            })
            .collect()
    }

    fn meetings(&self) -> Result<MeetingFigures> {
        let last = self.period.to.min(today()).to_string();
        let from = self.period.from.to_string();
        let (panel_held, panel_with_police): (u32, u32) = self.conn.query_row(
            "SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = m.id
                AND a.police = 1 AND a.status = 'present')), 0)
             FROM meetings m WHERE held_on BETWEEN ?1 AND ?2",
            [&from, &last],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let steering_held = self.conn.query_row(
            "SELECT count(*) FROM steering_meetings WHERE held_on BETWEEN ?1 AND ?2",
            [&from, &last],
            |r| r.get(0),
        )?;
        Ok(MeetingFigures {
            panel_held,
            panel_with_police,
            police_rate: (panel_held > 0).then(|| {
                (100.0 * f64::from(panel_with_police) / f64::from(panel_held)).round() as u32
            }),
            steering_held,
        })
    }

    fn comparators(&self, funnel: &StatTable) -> Result<Vec<Comparator>> {
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

/// A category's unknowns ("Not recorded", "To be categorised") are listed only when used.
fn drop_empty_unknowns(rows: Vec<(String, Vec<u32>)>) -> Vec<(String, Vec<u32>)> {
    rows.into_iter()
        .filter(|(label, v)| {
            !(matches!(label.as_str(), "Not recorded" | "To be categorised")
                && v.iter().all(|n| *n == 0))
        })
        .collect()
}

fn choices<V: Vocabulary>() -> Vec<(String, String)> {
    V::ALL
        .iter()
        .map(|v| (v.code().to_owned(), v.label().to_owned()))
        .collect()
}

fn median(sorted: &[u32]) -> u32 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]).div_ceil(2)
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

/// The statistics of a period, exact or suppressed.
pub(crate) fn compute(conn: &Connection, period: Period, exact: bool) -> Result<Statistics> {
    let previous = period.previous();
    let threshold = threshold(conn)?;
    let c = Compute {
        conn,
        period,
        previous,
        now: facts::referrals(conn, period)?,
        before: facts::referrals(conn, previous)?,
        threshold,
        exact,
    };
    let funnel = c.funnel();
    let n = c.now.len() as u32;
    Ok(Statistics {
        period: period.view(),
        previous: previous.view(),
        exact,
        threshold,
        referrals: Cell::new(
            n,
            if n > 0 && n < threshold {
                suppress::Hidden::Small
            } else {
                suppress::Hidden::No
            },
            threshold,
            exact,
        ),
        tables: c.tables()?,
        timings: c.timings(),
        meetings: c.meetings()?,
        comparators: c.comparators(&funnel)?,
        funnel,
    })
}

impl Session {
    /// The statistics of a period (dates as typed). `exact` shows small numbers: the chair's
    /// screen only. Viewing is audited with the period and whether it was exact.
    pub fn statistics(&mut self, from: &str, to: &str, exact: bool) -> Result<Statistics> {
        self.require_statistics()?;
        if exact && !self.person.may.exact_statistics {
            return Err(CoreError::Forbidden(
                "see the statistics without suppression",
            ));
        }
        let period = Period::read(from, to)?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let stats = compute(&tx, period, exact)?;
        let detail = serde_json::json!({ "period": period.key(), "exact": exact }).to_string();
        audit::append(
            &tx,
            &actor,
            AuditAction::StatisticsViewed,
            "statistics",
            &detail,
        )?;
        tx.commit()?;
        Ok(stats)
    }
}
