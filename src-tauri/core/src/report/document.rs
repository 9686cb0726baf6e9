//! The annual report laid out: cover, contents, narratives, plan progress, measures,
//! training, Channel statistics with charts, meetings and every action, marked and
//! numbered as the minutes are.

use channel_desk_pdf::{render, Block, Document, Pdf};
use chrono::{Months, NaiveDate};
use rusqlite::Connection;

use crate::common::dates;
use crate::common::vocabulary::Vocabulary;
use crate::error::Result;
use crate::meetings::minutes::{exported_note, table, MARKING};
use crate::plan::dashboard::rag_at;
use crate::plan::measures;
use crate::plan::period::actions_of;
use crate::plan::training;
use crate::plan::Rag;
use crate::stats::{Period, StatTable, Statistics};

use super::{borough, narratives, plan_period};

fn heading(level: u8, text: &str) -> Block {
    Block::Heading {
        level,
        text: text.to_owned(),
    }
}

/// A statistics table as the PDF prints it, its chart after it.
pub(crate) fn stat_blocks(t: &StatTable) -> Vec<Block> {
    let mut headers = vec![t.category.as_str()];
    headers.extend(t.columns.iter().map(String::as_str));
    let mut widths = vec![2.2];
    widths.extend(t.columns.iter().map(|_| 1.0));
    let mut blocks = vec![heading(3, &t.title)];
    if !t.note.is_empty() {
        blocks.push(Block::Paragraph(t.note.clone()));
    }
    blocks.push(table(
        &headers,
        &widths,
        t.rows.iter().map(|r| {
            let mut row = vec![r.category.clone()];
            row.extend(r.cells.iter().map(|c| c.text.clone()));
            row
        }),
    ));
    if let Some(chart) = &t.chart {
        blocks.push(Block::Chart(chart.chart.clone()));
    }
    blocks
}

/// RAG counts of the plan's actions by priority, as at a day.
fn rag_counts(conn: &Connection, plan_id: i64, on: NaiveDate) -> Result<Vec<(u32, [u32; 4])>> {
    let mut counts: Vec<(u32, [u32; 4])> = conn
        .prepare_cached("SELECT number FROM plan_priorities WHERE period_id = ?1 ORDER BY number")?
        .query_map([plan_id], |r| Ok((r.get(0)?, [0; 4])))?
        .collect::<rusqlite::Result<_>>()?;
    for a in actions_of(conn, plan_id)? {
        let Some(rag) = rag_at(conn, a.id, on)? else {
            continue;
        };
        let slot = match Rag::parse("rag", &rag) {
            Ok(Rag::Red) => 0,
            Ok(Rag::Amber) => 1,
            Ok(Rag::Green) => 2,
            _ => 3,
        };
        if let Some((_, c)) = counts.iter_mut().find(|(p, _)| *p == a.priority) {
            c[slot] += 1;
        }
    }
    Ok(counts)
}

fn change(now: [u32; 4], then: [u32; 4]) -> String {
    let names = ["red", "amber", "green", "not rated"];
    let parts: Vec<String> = (0..4)
        .filter(|&i| now[i] != then[i])
        .map(|i| format!("{} {:+}", names[i], i64::from(now[i]) - i64::from(then[i])))
        .collect();
    if parts.is_empty() {
        "No change".into()
    } else {
        parts.join(", ")
    }
}

/// The report's document, without its contents page numbers (see `render_with_contents`).
pub(crate) fn report(
    conn: &Connection,
    period: Period,
    stats: &Statistics,
    exporter: &str,
) -> Result<Document> {
    let borough = borough(conn)?;
    let plan = plan_period(conn, period)?;
    let year_before = period
        .to
        .checked_sub_months(Months::new(12))
        .unwrap_or(period.to);
    let mut blocks = vec![
        heading(1, "Prevent annual report to the Community Safety Partnership"),
        Block::Fields(vec![
            ("Borough".into(), borough.clone()),
            ("Period".into(), stats.period.label.clone()),
            (
                "Delivery plan".into(),
                plan.as_ref().map_or("No delivery plan covers this period".into(), |p| p.title.clone()),
            ),
            ("Handling".into(), format!("{MARKING}: for the Community Safety Partnership. Counts from 1 to {} are shown as \"fewer than {}\"; a count that would let one be worked out is shown as \"suppressed\".", stats.threshold - 1, stats.threshold)),
        ]),
        heading(2, "Contents"),
        // Replaced by `render_with_contents` once the pages are known.
        Block::Paragraph(String::new()),
        heading(2, "1. The priorities in the steering group's words"),
    ];
    for n in narratives(conn, period)? {
        blocks.push(heading(3, &format!("Priority {}: {}", n.priority, n.title)));
        blocks.push(Block::Paragraph(if n.text.is_empty() {
            "No narrative has been written for this priority.".into()
        } else {
            n.text
        }));
    }
    blocks.push(heading(2, "2. Delivery plan progress by priority"));
    let mut appendix = Vec::new();
    match &plan {
        None => blocks.push(Block::Paragraph(
            "No delivery plan covers this period.".into(),
        )),
        Some(plan) => {
            let now = rag_counts(conn, plan.id, period.to)?;
            let then = rag_counts(conn, plan.id, year_before)?;
            blocks.push(Block::Paragraph(format!(
                "Actions by RAG rating on {}, and the change since {}. An action added to the plan after {0} is not counted.",
                dates::long(period.to),
                dates::long(year_before)
            )));
            blocks.push(table(
                &[
                    "Priority",
                    "Red",
                    "Amber",
                    "Green",
                    "Not rated",
                    "Change in the year",
                ],
                &[0.8, 0.6, 0.6, 0.6, 0.8, 2.0],
                now.iter().map(|(p, c)| {
                    let before = then
                        .iter()
                        .find(|(q, _)| q == p)
                        .map_or([0; 4], |(_, c)| *c);
                    let mut row = vec![format!("Priority {p}")];
                    row.extend(c.iter().map(u32::to_string));
                    row.push(change(*c, before));
                    row
                }),
            ));
            blocks.push(heading(2, "3. Success measures against their targets"));
            let measures = measures::of_period(conn, plan.id)?;
            blocks.push(if measures.is_empty() {
                Block::Paragraph("No success measures are recorded.".into())
            } else {
                table(
                    &["Action", "Measure", "Target", "Value", "Measured on"],
                    &[0.6, 2.4, 0.7, 0.7, 1.1],
                    measures.iter().map(|m| {
                        let latest = m
                            .values
                            .iter()
                            .find(|v| v.measured_on <= period.to.to_string());
                        vec![
                            m.action_number.clone(),
                            m.name.clone(),
                            format!("{} {}", m.target, m.unit_label),
                            latest.map_or("No value recorded".into(), |v| v.value.to_string()),
                            latest.map_or(String::new(), |v| dates::long_text(&v.measured_on)),
                        ]
                    }),
                )
            });
            let actions = actions_of(conn, plan.id)?;
            appendix.push(table(
                &["No.", "Action", "Lead", "Target", "Status", "RAG"],
                &[0.5, 3.2, 1.2, 1.0, 0.9, 0.7],
                actions.iter().map(|a| {
                    vec![
                        a.number.clone(),
                        a.text.clone(),
                        if a.lead.is_empty() {
                            a.owners.clone()
                        } else {
                            a.lead.clone()
                        },
                        dates::long_text(&a.target_on),
                        a.status_label.clone(),
                        a.rag_label.clone(),
                    ]
                }),
            ));
        }
    }
    blocks.push(heading(2, "4. Training"));
    // The training screen's totals, for the report's dates.
    let sessions = training::sessions(conn, period.from, period.to)?;
    let people: u32 = sessions.iter().map(|s| s.attended).sum();
    blocks.push(Block::Paragraph(format!(
        "{} training sessions were held, attended by {people} people.",
        sessions.len()
    )));
    let by_sector = training::totals(&sessions, |s| (&s.sector, &s.sector_label));
    if !by_sector.is_empty() {
        blocks.push(table(
            &["Sector", "Sessions", "People"],
            &[2.0, 1.0, 1.0],
            by_sector.iter().map(|t| {
                vec![
                    t.label.clone(),
                    t.sessions.to_string(),
                    t.people.to_string(),
                ]
            }),
        ));
    }
    blocks.push(heading(2, "5. Channel statistics"));
    blocks.push(Block::Paragraph(format!(
        "Referrals received from {}: {}. Figures are compared with {}.",
        stats.period.label, stats.referrals.text, stats.previous.label
    )));
    blocks.extend(stat_blocks(&stats.funnel));
    for t in &stats.tables {
        blocks.extend(stat_blocks(t));
    }
    blocks.push(heading(3, "Time from referral"));
    blocks.push(table(
        &[
            "From referral to",
            "Referrals",
            "Median days",
            "90th percentile days",
        ],
        &[2.2, 1.0, 1.0, 1.0],
        stats.timings.iter().map(|t| {
            let days = |d: Option<u32>| d.map_or("not shown".to_owned(), |d| d.to_string());
            vec![
                t.what.clone(),
                t.referrals.text.clone(),
                days(t.median_days),
                days(t.p90_days),
            ]
        }),
    ));
    blocks.push(heading(3, "Compared with England and Wales"));
    blocks.push(table(
        &[
            "Area",
            "Year",
            "Referrals",
            "Discussed at panel",
            "Adopted",
            "Discussed",
            "Adopted",
        ],
        &[1.3, 1.4, 0.9, 0.9, 0.8, 0.8, 0.8],
        stats.comparators.iter().map(|c| {
            let cell = |c: &Option<crate::stats::suppress::Cell>| {
                c.as_ref()
                    .map_or("not published".to_owned(), |c| c.text.clone())
            };
            vec![
                c.area.clone(),
                c.period.clone(),
                c.referrals.text.clone(),
                cell(&c.discussed),
                cell(&c.adopted),
                c.discussed_rate.clone(),
                c.adopted_rate.clone(),
            ]
        }),
    ));
    blocks.push(heading(2, "6. Meetings held"));
    let m = &stats.meetings;
    blocks.push(Block::Fields(vec![
        ("Channel Panel meetings".into(), m.panel_held.to_string()),
        (
            "With a police member present".into(),
            match m.police_rate {
                Some(rate) => format!("{} ({rate}%)", m.panel_with_police),
                None => "No meetings".into(),
            },
        ),
        (
            "Steering group meetings".into(),
            m.steering_held.to_string(),
        ),
    ]));
    blocks.push(heading(2, "Appendix: every action of the delivery plan"));
    if appendix.is_empty() {
        blocks.push(Block::Paragraph(
            "No delivery plan covers this period.".into(),
        ));
    }
    blocks.extend(appendix);
    Ok(Document {
        title: format!("Prevent annual report, {}", stats.period.label),
        marking: MARKING.into(),
        footer_note: format!(
            "{borough}: Prevent annual report, {}. {}.",
            stats.period.label,
            exported_note(conn, Some(exporter))?
        ),
        subject: String::new(),
        blocks,
    })
}

/// Renders twice: the first time to learn the page of each section, the second with the
/// contents filled in (the contents block keeps its size, so no page moves).
pub(crate) fn render_with_contents(mut doc: Document) -> Result<Pdf> {
    let at = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Heading { text, .. } if text == "Contents"))
        .map(|i| i + 1);
    let sections = |pdf: &Pdf| -> Vec<Vec<String>> {
        pdf.outline
            .iter()
            .filter(|e| e.level == 2 && e.text != "Contents")
            .map(|e| vec![e.text.clone(), e.page.to_string()])
            .collect()
    };
    let Some(at) = at else {
        return Ok(render(&doc)?);
    };
    doc.blocks[at] = table(&["Section", "Page"], &[5.0, 0.6], Vec::<Vec<String>>::new());
    let first = render(&doc)?;
    let placeholder: Vec<Vec<String>> = sections(&first)
        .into_iter()
        .map(|r| vec![r[0].clone(), "0".into()])
        .collect();
    doc.blocks[at] = table(&["Section", "Page"], &[5.0, 0.6], placeholder);
    let second = render(&doc)?;
    doc.blocks[at] = table(&["Section", "Page"], &[5.0, 0.6], sections(&second));
    Ok(render(&doc)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_change_in_the_year_names_each_rating_that_moved() {
        assert_eq!(change([1, 2, 3, 0], [1, 2, 3, 0]), "No change");
        assert_eq!(
            change([0, 2, 5, 0], [1, 3, 3, 0]),
            "red -1, amber -1, green +2"
        );
    }
}
