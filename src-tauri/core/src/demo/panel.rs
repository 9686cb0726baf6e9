//! A year and a half of synthetic monthly panel meetings: standing members (police among
//! them), the cases decided at each, discussion, actions, and approved minutes but for the
//! latest. Every demo decision is the panel's, taken at one of them.

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

/// What the panel said about a case, by the decision it took, so that the discussion in the
/// minutes always agrees with the decision beside it; `remain` with missed sessions apart.
fn discussion(kind: &str, sessions_missed: bool, n: usize) -> &'static str {
    let choose = |texts: &[&'static str]| texts[n % texts.len()];
    match kind {
        "adopt" => choose(&[
            "Partners shared what they hold. The VAF shows a vulnerability to being drawn in that no other service meets. Partners agree to adopt the case and seek consent.",
            "School and the family describe growing isolation and time spent in extremist spaces online. Partners agree to adopt the case and seek consent.",
        ]),
        "not_adopt" => choose(&[
            "Partners shared what they hold. The concern is about family stress rather than radicalisation, and Early Help is already involved. Partners agree not to adopt the case.",
            "Police have no information of concern and the VAF finds no vulnerability to radicalisation. Partners agree not to adopt the case and to signpost the family to Early Help.",
        ]),
        "remain" if sessions_missed => "The person has not attended sessions for several weeks. The coordinator will meet the family before the next panel. Partners agree support should continue.",
        "remain" => choose(&[
            "The VAF was updated. The mentor sees steady progress, but concerns about online contacts remain. Partners agree support should continue.",
            "School reports better attendance and the person has joined a local sports club. Police have no new information. Partners agree support should continue.",
        ]),
        _ => choose(&[
            "The mentor reports the goals of the support plan are met and the VAF shows the vulnerability much reduced. Partners agree the case can leave Channel, with reviews at 6 and 12 months.",
            "The person is settled at college and no longer engages with extremist material. Police have no new information. Partners agree the case can leave Channel, with reviews at 6 and 12 months.",
        ]),
    }
}

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
    /// Schedules the last eighteen monthly meetings with their attendance: long enough ago
    /// for a case exited at one to have had its 12-month review.
    pub(super) fn new(session: &mut Session, now: NaiveDate) -> Result<Panel> {
        let mut dates: Vec<NaiveDate> = (0..19)
            .filter_map(|back| now.checked_sub_months(Months::new(back)))
            .map(second_tuesday)
            .filter(|d| *d < now)
            .take(18)
            .collect();
        dates.reverse();
        Panel::meeting_on(session, dates)
    }

    /// Schedules a meeting on each of `dates` with the standing members' attendance.
    pub(super) fn meeting_on(session: &mut Session, dates: Vec<NaiveDate>) -> Result<Panel> {
        // The standing members already on the file, by their place in MEMBERS.
        let member_id = |session: &mut Session, name: &str| -> Result<Option<i64>> {
            Ok(session
                .members()?
                .iter()
                .find(|x| x.name == name)
                .map(|x| x.id))
        };
        let mut member_ids = MEMBERS
            .iter()
            .map(|(name, ..)| member_id(session, name))
            .collect::<Result<Vec<_>>>()?;
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
                    member_id: member_ids[m],
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
                if member_ids[m].is_none() {
                    member_ids[m] = member_id(session, name)?;
                }
            }
            meetings.push((id, held_on));
        }
        Ok(Panel {
            meetings,
            decisions: 0,
        })
    }

    /// The `index`th meeting's id, oldest first.
    pub(super) fn meeting(&self, index: usize) -> i64 {
        self.meetings[index].0
    }

    /// The meetings' dates, oldest first.
    pub(super) fn dates(&self) -> Vec<NaiveDate> {
        self.meetings.iter().map(|(_, d)| *d).collect()
    }

    /// Takes `kind` on the case at the `index`th meeting, with a discussion that agrees with
    /// it and an action.
    pub(super) fn decide(
        &mut self,
        session: &mut Session,
        case_id: i64,
        kind: &str,
        index: usize,
        sessions_missed: bool,
    ) -> Result<()> {
        let (meeting, held_on) = self.meetings[index];
        self.decisions += 1;
        let item = session.add_agenda_item(meeting, Some(case_id), "")?;
        session.save_discussion(item, discussion(kind, sessions_missed, self.decisions))?;
        session.record_item_decision(
            item,
            &DecisionInput {
                kind: kind.into(),
                rationale: "Discussed at panel; partners agreed on the evidence in the VAF.".into(),
                how_reached: if self.decisions.is_multiple_of(9) {
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
            "remain" if sessions_missed => (
                "Meet the family about the missed sessions",
                "Channel coordinator",
            ),
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
        Ok(())
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
