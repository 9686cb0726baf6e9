//! Outcomes and events dated in a period: screening, panel decisions and where people were
//! signposted, exits, reviews, consent, support, and meetings held.

use channel_desk_pdf::Colour;

use crate::casework::consent::{ConsentBy, ConsentStatus};
use crate::casework::support::InterventionStatus;
use crate::casework::workflow::{ExitReason, ScreeningOutcome};
use crate::common::dates::today;
use crate::common::vocabulary::Vocabulary;
use crate::error::Result;

use super::compute::{choices, Compute};
use super::table::{Builder, StatTable, Totals};
use super::MeetingFigures;

impl Compute<'_> {
    /// Outcomes and events dated in each period.
    pub(super) fn event_tables(&self) -> Result<Vec<StatTable>> {
        let mut tables = Vec::new();
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

    pub(super) fn meetings(&self) -> Result<MeetingFigures> {
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
}
