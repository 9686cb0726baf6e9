//! Referrals of a period by category, by month, and as a funnel.

use channel_desk_pdf::Colour;

use crate::casework::age::{age_band_of, AGE_BANDS, NOT_KNOWN};
use crate::error::Result;
use crate::reference;

use super::compute::{drop_empty_unknowns, Compute};
use super::facts::Referral;
use super::table::{Builder, StatTable, Totals};

impl Compute<'_> {
    pub(super) fn funnel(&self) -> StatTable {
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

    /// Referrals of each period by each category, and of this period by month.
    pub(super) fn referral_tables(&self) -> Result<Vec<StatTable>> {
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
}
