//! A year of synthetic monthly panel meetings: standing members (police among them), the
//! cases decided at each, discussion, actions, and approved minutes but for the latest.

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use rusqlite::params;

use crate::casework::DecisionInput;
use crate::error::Result;
use crate::meetings::actions::ActionInput;
use crate::meetings::{AttendanceInput, MeetingInput, MemberInput};
use crate::security::session::Session;

use super::dmy;

/// (name, organisation, role, police). Invented people.
const MEMBERS: &[(&str, &str, &str, bool)] = &[
    (
        "Hannah Clarke",
        "Council, Community Safety",
        "Panel chair",
        false,
    ),
    (
        "DS Marek Nowak",
        "Metropolitan Police",
        "Channel Police Practitioner",
        true,
    ),
    ("Fatou Diallo", "Children's Services", "Team manager", false),
    (
        "Dr Anjali Mehta",
        "NHS mental health trust",
        "Consultant psychologist",
        false,
    ),
    ("Grace Owusu", "Education", "Safeguarding adviser", false),
    (
        "Tomasz Zieliński",
        "Probation Service",
        "Senior probation officer",
        false,
    ),
    ("Li Na", "Housing", "Housing needs officer", false),
];

const DISCUSSION: &[&str] = &[
    "Partners shared what they hold. School reports better attendance; the family is engaging with Early Help.",
    "The VAF was updated. The mentor sees steady progress and the person has joined a local sports club.",
    "Concerns about online contacts remain. Police have no new information. Partners agree support should continue.",
    "The person has not attended two sessions. The coordinator will meet the family before the next panel.",
];

pub(super) struct Panel {
    /// (meeting id, date), oldest first.
    meetings: Vec<(i64, NaiveDate)>,
    decisions: usize,
}

/// The second Tuesday of the month containing `day`.
fn second_tuesday(day: NaiveDate) -> NaiveDate {
    let first = day.with_day(1).unwrap_or(day);
    let to_tuesday = (7 + Weekday::Tue.num_days_from_monday() as i64
        - first.weekday().num_days_from_monday() as i64)
        % 7;
    first + Duration::days(to_tuesday + 7)
}

impl Panel {
    /// Schedules the last twelve monthly meetings with their attendance.
    pub(super) fn new(session: &mut Session, now: NaiveDate) -> Result<Panel> {
        let mut dates: Vec<NaiveDate> = (0..13)
            .filter_map(|back| now.checked_sub_months(Months::new(back)))
            .map(second_tuesday)
            .filter(|d| *d < now)
            .take(12)
            .collect();
        dates.reverse();
        let mut member_ids: Vec<i64> = Vec::new();
        let mut meetings = Vec::new();
        for (n, held_on) in dates.into_iter().enumerate() {
            let id = session.schedule_meeting(&MeetingInput {
                held_on: dmy(held_on),
                starts_at: "14:00".into(),
                place: "Committee Room 2, Town Hall".into(),
                chair: MEMBERS[0].0.into(),
            })?;
            for (m, (name, organisation, role, police)) in MEMBERS.iter().enumerate() {
                // One member other than the chair and police sends apologies each month.
                let status = if m >= 2 && m == 2 + n % (MEMBERS.len() - 2) {
                    "apologies"
                } else {
                    "present"
                };
                let input = AttendanceInput {
                    member_id: member_ids.get(m).copied(),
                    member: MemberInput {
                        name: (*name).into(),
                        organisation: (*organisation).into(),
                        role: (*role).into(),
                        police: *police,
                    },
                    status: status.into(),
                    agenda_item_id: None,
                };
                session.record_attendance(id, &input)?;
                if member_ids.len() <= m {
                    member_ids.push(
                        session
                            .members()?
                            .iter()
                            .find(|x| x.name == *name)
                            .map_or(0, |x| x.id),
                    );
                }
            }
            meetings.push((id, held_on));
        }
        Ok(Panel {
            meetings,
            decisions: 0,
        })
    }

    /// Takes `kind` at the first meeting on or after `ready`, with a discussion and an
    /// action; `None` if no meeting has been held since.
    pub(super) fn decide(
        &mut self,
        session: &mut Session,
        case_id: i64,
        kind: &str,
        ready: NaiveDate,
    ) -> Result<Option<NaiveDate>> {
        let Some(&(meeting, held_on)) = self.meetings.iter().find(|(_, d)| *d >= ready) else {
            return Ok(None);
        };
        self.decisions += 1;
        let item = session.add_agenda_item(meeting, Some(case_id), "")?;
        session.save_discussion(item, DISCUSSION[self.decisions % DISCUSSION.len()])?;
        session.record_item_decision(
            item,
            &DecisionInput {
                kind: kind.into(),
                rationale: "Discussed at panel; partners agreed on the evidence in the VAF.".into(),
                how_reached: if self.decisions % 9 == 0 {
                    "majority"
                } else {
                    "consensus"
                }
                .into(),
                signposted_to: if kind == "not_adopt" {
                    "Early Help".into()
                } else {
                    String::new()
                },
                exit_reason: if kind == "exit" {
                    "risk_removed_or_reduced".into()
                } else {
                    String::new()
                },
                ..Default::default()
            },
        )?;
        let (what, owner) = match kind {
            "adopt" => (
                "Seek consent and agree the support plan",
                "Channel coordinator",
            ),
            "not_adopt" => ("Confirm Early Help has made contact", "Fatou Diallo"),
            "remain" => (
                "Bring the mentor's progress report",
                "Intervention provider",
            ),
            _ => ("Diary the 6-month review after exit", "Channel coordinator"),
        };
        session.add_action(
            meeting,
            &ActionInput {
                agenda_item_id: Some(item),
                what: what.into(),
                owner: owner.into(),
                due_on: dmy(held_on + Duration::days(21)),
            },
        )?;
        Ok(Some(held_on))
    }

    /// Closes most past actions and approves every meeting's minutes at the next meeting,
    /// leaving the latest as a draft.
    pub(super) fn finish(self, session: &mut Session, now: NaiveDate) -> Result<()> {
        let cutoff = now - Duration::days(30);
        let old: Vec<i64> = session
            .conn
            .prepare("SELECT id FROM actions WHERE due_on < ?1 ORDER BY id")?
            .query_map([cutoff.to_string()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for (n, id) in old.into_iter().enumerate() {
            match n % 8 {
                0 => session.set_action_status(id, "dropped", "Family moved out of the borough")?,
                1 => {} // still open: overdue
                _ => session.set_action_status(id, "done", "")?,
            }
        }
        for pair in self.meetings.windows(2) {
            let ((id, _), (_, next)) = (pair[0], pair[1]);
            session.conn.execute(
                "UPDATE meetings SET approved_on = ?2, approved_by = ?3 WHERE id = ?1",
                params![id, next.to_string(), MEMBERS[0].0],
            )?;
        }
        Ok(())
    }
}
