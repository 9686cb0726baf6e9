//! Recording casework: referrals, screening, VAF assessments, decisions, consent, support
//! and reviews. Each command is one transaction: it asks the workflow whether the step is
//! allowed, checks its input, writes the change, a timeline event and an audit row, and
//! commits; any failure leaves nothing behind.

use chrono::{Months, NaiveDate};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Deserialize;

use crate::audit;
use crate::dates::{self, age_on, today};
use crate::error::{CoreError, Result};
use crate::reference;
use crate::session::Session;
use crate::text::fold;
use crate::workflow::{
    apply, ConsentState, DecisionKind, ExitReason, ScreeningOutcome, Stage, Step,
};

/// Free text a person typed: trimmed, with a length limit and a message naming the field.
pub(crate) fn text(
    field: &'static str,
    label: &str,
    value: &str,
    required: bool,
    max: usize,
) -> Result<String> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(CoreError::invalid(field, format!("Enter {label}")));
    }
    if value.chars().count() > max {
        return Err(CoreError::invalid(
            field,
            format!("{} must be {max} characters or fewer", capitalise(label)),
        ));
    }
    Ok(value.to_owned())
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn not_future(field: &'static str, label: &str, date: NaiveDate) -> Result<NaiveDate> {
    if date > today() {
        return Err(CoreError::invalid(
            field,
            format!("The {label} must be today or in the past"),
        ));
    }
    Ok(date)
}

fn choice<T: for<'de> Deserialize<'de>>(
    field: &'static str,
    message: &str,
    value: &str,
) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(value.to_owned()))
        .map_err(|_| CoreError::invalid(field, message))
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReferralInput {
    pub received_on: String,
    pub referrer_name: String,
    pub referrer_organisation: String,
    pub referrer_sector: String,
    pub full_name: String,
    pub other_names: String,
    pub date_of_birth: String,
    pub approximate_age: String,
    pub gender: String,
    pub address: String,
    pub postcode: String,
    pub school_or_employer: String,
    pub languages: String,
    pub ethnicity: String,
    pub concern_type: String,
    pub concern: String,
    pub needs_mental_health: bool,
    pub needs_neurodiversity: bool,
    pub needs_sen: bool,
    pub other_agencies: String,
    /// "yes", "no" or "" (not recorded): required for under-18s.
    pub mash_informed: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ScreeningInput {
    pub screened_on: String,
    pub outcome: String,
    pub information_gathering: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VafFactorInput {
    pub factor: String,
    pub applies: bool,
    pub notes: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VafInput {
    pub assessed_on: String,
    pub assessor: String,
    pub factors: Vec<VafFactorInput>,
    pub engagement_summary: String,
    pub intent_summary: String,
    pub capability_summary: String,
    pub conclusion: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DecisionInput {
    pub decided_on: String,
    pub kind: String,
    pub rationale: String,
    pub how_reached: String,
    pub signposted_to: String,
    pub exit_reason: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ConsentInput {
    pub sought_on: String,
    pub sought_by: String,
    pub status: String,
    pub status_on: String,
    /// "individual" or "parent_guardian".
    pub given_by: String,
    pub guardian_name: String,
    pub guardian_relationship: String,
    pub capacity_notes: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InterventionInput {
    pub kind: String,
    pub provider: String,
    pub start_on: String,
    pub planned_end_on: String,
    pub funding: String,
    pub sessions_planned: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InterventionUpdate {
    pub status: String,
    pub outcome: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReviewInput {
    pub months: u8,
    pub reviewed_on: String,
    pub notes: String,
}

/// What a command needs to know about the case it changes.
pub(crate) struct CaseState {
    pub id: i64,
    pub reference: String,
    pub episode: i64,
    pub stage: Stage,
    pub received_on: NaiveDate,
    pub date_of_birth: Option<NaiveDate>,
    pub approximate_age: Option<u32>,
    pub screened_out: bool,
    pub exit_date: Option<NaiveDate>,
}

impl CaseState {
    /// Age on a date: from the date of birth, else from the approximate age at referral.
    pub fn age_on(&self, on: NaiveDate) -> Option<u32> {
        match (self.date_of_birth, self.approximate_age) {
            (Some(born), _) => Some(age_on(born, on)),
            (None, Some(age)) => Some(age + age_on(self.received_on, on)),
            _ => None,
        }
    }
}

pub(crate) fn load_state(tx: &rusqlite::Connection, case_id: i64) -> Result<CaseState> {
    tx.query_row(
        "SELECT id, reference, episode, stage, received_on, date_of_birth, approximate_age, screened_out, exit_date
         FROM cases WHERE id = ?1",
        [case_id],
        |r| {
            let stage: String = r.get(3)?;
            Ok(CaseState {
                id: r.get(0)?,
                reference: r.get(1)?,
                episode: r.get(2)?,
                stage: Stage::parse(&stage).unwrap_or(Stage::ReferralReceived),
                received_on: dates::stored(&r.get::<_, String>(4)?),
                date_of_birth: r.get::<_, Option<String>>(5)?.map(|d| dates::stored(&d)),
                approximate_age: r.get(6)?,
                screened_out: r.get(7)?,
                exit_date: r.get::<_, Option<String>>(8)?.map(|d| dates::stored(&d)),
            })
        },
    )
    .optional()?
    .ok_or(CoreError::NotFound("That case"))
}

/// The latest consent of the case's current episode.
pub(crate) fn consent_state(tx: &rusqlite::Connection, case: &CaseState) -> Result<ConsentState> {
    let status: Option<String> = tx
        .query_row(
            "SELECT status FROM consents WHERE case_id = ?1 AND episode = ?2 ORDER BY status_on DESC, id DESC LIMIT 1",
            params![case.id, case.episode],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match status.as_deref() {
        Some("given") => ConsentState::Given,
        Some("refused") => ConsentState::Refused,
        Some("withdrawn") => ConsentState::Withdrawn,
        _ => ConsentState::None,
    })
}

/// Writes one casework change on `tx` with its timeline event and audit row.
fn change_in<T>(
    tx: &Transaction,
    actor: &str,
    case_id: i64,
    action: &str,
    f: impl FnOnce(&Transaction, &CaseState) -> Result<(T, NaiveDate, String)>,
) -> Result<T> {
    let case = load_state(tx, case_id)?;
    let (value, happened_on, summary) = f(tx, &case)?;
    let episode: i64 = tx.query_row("SELECT episode FROM cases WHERE id = ?1", [case_id], |r| {
        r.get(0)
    })?;
    tx.execute(
        "INSERT INTO case_events (case_id, episode, happened_on, kind, summary, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, datetime('now'))",
        params![case_id, episode, happened_on.to_string(), action, summary, actor],
    )?;
    audit::append(tx, actor, action, &format!("case:{}", case.reference), "{}")?;
    Ok(value)
}

/// Records a panel decision on `tx` under the same rules wherever it is taken (case record
/// or meeting). Returns the decision's id.
pub(crate) fn decide_in(
    tx: &Transaction,
    actor: &str,
    case_id: i64,
    input: &DecisionInput,
) -> Result<i64> {
    let kind: DecisionKind = choice("kind", "Choose the decision", &input.kind)?;
    let on = not_future(
        "decided_on",
        "decision date",
        dates::parse("decided_on", "decision date", &input.decided_on)?,
    )?;
    let rationale = text("rationale", "the rationale", &input.rationale, true, 20_000)?;
    if !["consensus", "majority", "chair_casting"].contains(&input.how_reached.as_str()) {
        return Err(CoreError::invalid(
            "how_reached",
            "Choose how the decision was reached",
        ));
    }
    let exit_reason: Option<ExitReason> = match (kind, input.exit_reason.as_str()) {
        (DecisionKind::Exit, "") => None,
        (DecisionKind::Exit, r) => Some(choice("exit_reason", "Choose why the case exits", r)?),
        _ => None,
    };
    let signposted_to = text(
        "signposted_to",
        "the service the person was signposted to",
        &input.signposted_to,
        kind == DecisionKind::NotAdopt,
        500,
    )?;
    change_in(tx, actor, case_id, "case.decision", |tx, case| {
        let next = apply(
            case.stage,
            Step::Decide {
                kind,
                exit_reason,
                screened_out: case.screened_out,
            },
        )
        .map_err(|e| match e {
            CoreError::RuleBroken {
                rule: "exit_needs_reason",
                message,
            } => CoreError::Invalid {
                field: "exit_reason",
                message,
            },
            other => other,
        })?;
        not_before(case, on, "decided_on", "decision")?;
        tx.execute(
            "INSERT INTO decisions (case_id, episode, decided_on, kind, rationale, how_reached, signposted_to, exit_reason, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![case.id, case.episode, on.to_string(), input.kind, rationale, input.how_reached, signposted_to, input.exit_reason, actor],
        )?;
        let id = tx.last_insert_rowid();
        if kind == DecisionKind::Exit {
            tx.execute(
                "UPDATE cases SET exit_date = ?2, exit_reason = ?3 WHERE id = ?1",
                params![case.id, on.to_string(), input.exit_reason],
            )?;
        }
        Session::set_stage(tx, case, next, on)?;
        Ok((id, on, format!("Panel decision: {}", decision_label(kind))))
    })
}

impl Session {
    /// Runs one casework change in its own transaction.
    fn change<T>(
        &mut self,
        case_id: i64,
        action: &str,
        f: impl FnOnce(&Transaction, &CaseState) -> Result<(T, NaiveDate, String)>,
    ) -> Result<T> {
        self.require_casework()?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        let value = change_in(&tx, &actor, case_id, action, f)?;
        tx.commit()?;
        Ok(value)
    }

    /// Moves the case to `next`, noting when it got there.
    fn set_stage(tx: &Transaction, case: &CaseState, next: Stage, on: NaiveDate) -> Result<()> {
        if next != case.stage {
            tx.execute(
                "UPDATE cases SET stage = ?2, stage_since = ?3 WHERE id = ?1",
                params![case.id, next.as_str(), on.to_string()],
            )?;
        }
        Ok(())
    }

    /// Records a new referral. Returns the new case's id.
    pub fn record_referral(&mut self, input: &ReferralInput) -> Result<i64> {
        self.require_casework()?;
        let received_on = not_future(
            "received_on",
            "date received",
            dates::parse(
                "received_on",
                "date the referral was received",
                &input.received_on,
            )?,
        )?;
        let referrer_name = text(
            "referrer_name",
            "the referrer's name",
            &input.referrer_name,
            true,
            200,
        )?;
        let referrer_organisation = text(
            "referrer_organisation",
            "the referrer's organisation",
            &input.referrer_organisation,
            false,
            200,
        )?;
        let full_name = text(
            "full_name",
            "the person's full name",
            &input.full_name,
            true,
            200,
        )?;
        let other_names = text("other_names", "other names", &input.other_names, false, 500)?;
        let date_of_birth =
            dates::parse_optional("date_of_birth", "date of birth", &input.date_of_birth)?;
        if let Some(born) = date_of_birth {
            not_future("date_of_birth", "date of birth", born)?;
            if age_on(born, today()) > 110 {
                return Err(CoreError::invalid(
                    "date_of_birth",
                    "The date of birth must be within the last 110 years",
                ));
            }
        }
        let approximate_age = match (date_of_birth, input.approximate_age.trim()) {
            (Some(_), _) => None,
            (None, "") => {
                return Err(CoreError::invalid(
                    "date_of_birth",
                    "Enter the date of birth, or an approximate age if it is not known",
                ))
            }
            (None, age) => Some(age.parse::<u32>().ok().filter(|a| *a <= 110).ok_or_else(
                || {
                    CoreError::invalid(
                        "approximate_age",
                        "Approximate age must be a whole number of years from 0 to 110",
                    )
                },
            )?),
        };
        let concern = text(
            "concern",
            "the concern in the referrer's words",
            &input.concern,
            true,
            20_000,
        )?;
        let mash_informed = match input.mash_informed.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        let age_at_referral = date_of_birth
            .map(|b| age_on(b, received_on))
            .or(approximate_age);
        if age_at_referral.is_some_and(|a| a < 18) && mash_informed.is_none() {
            return Err(CoreError::invalid(
                "mash_informed",
                "Record whether the children's safeguarding front door (MASH) was informed: the person is under 18",
            ));
        }
        let fields = [
            ("gender", &input.gender, 100),
            ("address", &input.address, 500),
            ("postcode", &input.postcode, 10),
            ("school_or_employer", &input.school_or_employer, 200),
            ("languages", &input.languages, 200),
            ("ethnicity", &input.ethnicity, 100),
            ("other_agencies", &input.other_agencies, 2_000),
        ];
        let mut optional = Vec::new();
        for (field, value, max) in fields {
            optional.push(text(field, &field.replace('_', " "), value, false, max)?);
        }
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        reference::check_current(
            &tx,
            "sector",
            &input.referrer_sector,
            "referrer_sector",
            "referrer's sector",
        )?;
        reference::check_current(
            &tx,
            "concern_type",
            &input.concern_type,
            "concern_type",
            "type of concern",
        )?;
        let year = received_on.format("%Y").to_string();
        let next: i64 = tx.query_row(
            "SELECT coalesce(max(CAST(substr(reference, 9) AS INTEGER)), 0) + 1 FROM cases WHERE reference LIKE ?1",
            [format!("CH-{year}-%")],
            |r| r.get(0),
        )?;
        let reference = format!("CH-{year}-{next:04}");
        tx.execute(
            "INSERT INTO cases (reference, stage, stage_since, received_on, referrer_name, referrer_organisation,
                referrer_sector, full_name, other_names, date_of_birth, approximate_age, gender, address, postcode,
                school_or_employer, languages, ethnicity, concern_type, concern, needs_mental_health,
                needs_neurodiversity, needs_sen, other_agencies, mash_informed, created_at)
             VALUES (?1, 'referral_received', ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                ?17, ?18, ?19, ?20, ?21, ?22, datetime('now'))",
            params![
                reference, received_on.to_string(), referrer_name, referrer_organisation, input.referrer_sector,
                full_name, other_names, date_of_birth.map(|d| d.to_string()), approximate_age,
                optional[0], optional[1], optional[2].to_uppercase(), optional[3], optional[4], optional[5],
                input.concern_type, concern, input.needs_mental_health, input.needs_neurodiversity,
                input.needs_sen, optional[6], mash_informed
            ],
        )?;
        let id = tx.last_insert_rowid();
        index_for_search(&tx, id, &reference, &full_name, &other_names)?;
        tx.execute(
            "INSERT INTO case_events (case_id, episode, happened_on, kind, summary, recorded_by, recorded_at)
             VALUES (?1, 1, ?2, 'case.referral', 'Referral received', ?3, datetime('now'))",
            params![id, received_on.to_string(), actor],
        )?;
        audit::append(
            &tx,
            &actor,
            "case.referral",
            &format!("case:{reference}"),
            "{}",
        )?;
        tx.commit()?;
        Ok(id)
    }

    pub fn start_screening(&mut self, case_id: i64) -> Result<()> {
        self.change(case_id, "case.screening_started", |tx, case| {
            let next = apply(case.stage, Step::StartScreening)?;
            Self::set_stage(tx, case, next, today())?;
            Ok(((), today(), "Sent for police screening".into()))
        })
    }

    pub fn record_screening(&mut self, case_id: i64, input: &ScreeningInput) -> Result<()> {
        let outcome: ScreeningOutcome =
            choice("outcome", "Choose the screening outcome", &input.outcome)?;
        let on = not_future(
            "screened_on",
            "screening date",
            dates::parse("screened_on", "screening date", &input.screened_on)?,
        )?;
        let gathering = text(
            "information_gathering",
            "information gathering notes",
            &input.information_gathering,
            false,
            20_000,
        )?;
        self.change(case_id, "case.screened", |tx, case| {
            let next = apply(case.stage, Step::Screen(outcome))?;
            not_before(case, on, "screened_on", "screening")?;
            tx.execute(
                "INSERT INTO screenings (case_id, episode, screened_on, outcome, information_gathering) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![case.id, case.episode, on.to_string(), input.outcome, gathering],
            )?;
            let screened_out = outcome != ScreeningOutcome::SuitableForChannel;
            tx.execute("UPDATE cases SET screened_out = ?2 WHERE id = ?1", params![case.id, screened_out])?;
            Self::set_stage(tx, case, next, on)?;
            Ok(((), on, format!("Police screening: {}", screening_label(outcome))))
        })
    }

    pub fn record_assessment(&mut self, case_id: i64, input: &VafInput) -> Result<i64> {
        let on = not_future(
            "assessed_on",
            "assessment date",
            dates::parse("assessed_on", "assessment date", &input.assessed_on)?,
        )?;
        let assessor = text(
            "assessor",
            "the assessor's name",
            &input.assessor,
            true,
            200,
        )?;
        let summaries = [
            text(
                "engagement_summary",
                "an engagement summary",
                &input.engagement_summary,
                true,
                20_000,
            )?,
            text(
                "intent_summary",
                "an intent summary",
                &input.intent_summary,
                true,
                20_000,
            )?,
            text(
                "capability_summary",
                "a capability summary",
                &input.capability_summary,
                true,
                20_000,
            )?,
        ];
        let conclusion = text(
            "conclusion",
            "a conclusion",
            &input.conclusion,
            true,
            20_000,
        )?;
        self.change(case_id, "case.vaf_assessed", |tx, case| {
            let next = apply(case.stage, Step::RecordAssessment)?;
            not_before(case, on, "assessed_on", "assessment")?;
            tx.execute(
                "INSERT INTO vaf_assessments (case_id, episode, assessed_on, assessor, engagement_summary, intent_summary,
                    capability_summary, conclusion) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![case.id, case.episode, on.to_string(), assessor, summaries[0], summaries[1], summaries[2], conclusion],
            )?;
            let id = tx.last_insert_rowid();
            let known = reference::list(tx, "vaf_factor")?;
            for factor in &known {
                let given = input.factors.iter().find(|f| f.factor == factor.code);
                let notes = text("factors", "factor notes", given.map(|f| f.notes.as_str()).unwrap_or(""), false, 5_000)?;
                tx.execute(
                    "INSERT INTO vaf_factors (assessment_id, factor, applies, notes) VALUES (?1, ?2, ?3, ?4)",
                    params![id, factor.code, given.is_some_and(|f| f.applies), notes],
                )?;
            }
            Self::set_stage(tx, case, next, on)?;
            Ok((id, on, "VAF assessment recorded".into()))
        })
    }

    pub fn send_to_panel(&mut self, case_id: i64) -> Result<()> {
        self.change(case_id, "case.sent_to_panel", |tx, case| {
            let has_assessment: bool = tx.query_row(
                "SELECT count(*) > 0 FROM vaf_assessments WHERE case_id = ?1 AND episode = ?2",
                params![case.id, case.episode],
                |r| r.get(0),
            )?;
            let next = apply(case.stage, Step::SendToPanel { has_assessment })?;
            Self::set_stage(tx, case, next, today())?;
            Ok(((), today(), "Ready for the panel".into()))
        })
    }

    pub fn record_decision(&mut self, case_id: i64, input: &DecisionInput) -> Result<()> {
        self.require_casework()?;
        let actor = self.actor().to_owned();
        let tx = self.conn.transaction()?;
        decide_in(&tx, &actor, case_id, input)?;
        tx.commit()?;
        Ok(())
    }

    pub fn record_consent(&mut self, case_id: i64, input: &ConsentInput) -> Result<()> {
        let status = input.status.as_str();
        if !["given", "refused", "withdrawn"].contains(&status) {
            return Err(CoreError::invalid(
                "status",
                "Choose whether consent was given, refused or withdrawn",
            ));
        }
        let sought_on = not_future(
            "sought_on",
            "date consent was sought",
            dates::parse("sought_on", "date consent was sought", &input.sought_on)?,
        )?;
        let status_on = not_future(
            "status_on",
            "date of the answer",
            dates::parse("status_on", "date of the answer", &input.status_on)?,
        )?;
        if status_on < sought_on {
            return Err(CoreError::invalid(
                "status_on",
                "The date of the answer cannot be before consent was sought",
            ));
        }
        let sought_by = text(
            "sought_by",
            "who sought consent",
            &input.sought_by,
            true,
            200,
        )?;
        let capacity_notes = text(
            "capacity_notes",
            "capacity notes",
            &input.capacity_notes,
            false,
            5_000,
        )?;
        self.change(case_id, "case.consent", |tx, case| {
            apply(case.stage, Step::RecordConsent)?;
            not_before(case, sought_on, "sought_on", "consent")?;
            let minor = case.age_on(status_on).is_none_or(|a| a < 18);
            let (guardian_name, guardian_relationship) = match input.given_by.as_str() {
                "parent_guardian" => (
                    text("guardian_name", "the parent or guardian's name", &input.guardian_name, true, 200)?,
                    text("guardian_relationship", "their relationship to the person", &input.guardian_relationship, true, 100)?,
                ),
                "individual" if minor && status == "given" => {
                    return Err(CoreError::RuleBroken {
                        rule: "under_18_needs_parent_consent",
                        message: "The person is under 18 on that date: consent must come from a parent or guardian".into(),
                    })
                }
                "individual" => (String::new(), String::new()),
                _ => return Err(CoreError::invalid("given_by", "Choose who answered: the person or a parent or guardian")),
            };
            tx.execute(
                "INSERT INTO consents (case_id, episode, sought_on, sought_by, status, status_on, given_by, guardian_name,
                    guardian_relationship, capacity_notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![case.id, case.episode, sought_on.to_string(), sought_by, status, status_on.to_string(), input.given_by, guardian_name, guardian_relationship, capacity_notes],
            )?;
            let by = if input.given_by == "parent_guardian" { format!("by {guardian_name} ({guardian_relationship})") } else { "by the person".into() };
            let mut summary = format!("Consent {status} {by}");
            if status == "withdrawn" {
                summary.push_str(": the chair should consider exit or other support");
            }
            Ok(((), status_on, summary))
        })
    }

    pub fn add_intervention(&mut self, case_id: i64, input: &InterventionInput) -> Result<i64> {
        let provider = text("provider", "the provider", &input.provider, true, 200)?;
        let start = dates::parse("start_on", "start date", &input.start_on)?;
        let end = dates::parse("planned_end_on", "planned end date", &input.planned_end_on)?;
        if end < start {
            return Err(CoreError::invalid(
                "planned_end_on",
                "The planned end date cannot be before the start date",
            ));
        }
        let funding = text("funding", "the funding source", &input.funding, false, 200)?;
        let sessions: u32 = input
            .sessions_planned
            .trim()
            .parse()
            .ok()
            .filter(|n| *n <= 1000)
            .ok_or_else(|| {
                CoreError::invalid(
                    "sessions_planned",
                    "Sessions planned must be a whole number from 0 to 1,000",
                )
            })?;
        self.change(case_id, "case.intervention_added", |tx, case| {
            if !case.stage.is_adopted() {
                return Err(CoreError::RuleBroken { rule: "support_needs_adopted", message: "Support is for adopted cases".into() });
            }
            reference::check_current(tx, "intervention_type", &input.kind, "kind", "type of support")?;
            tx.execute(
                "INSERT INTO interventions (case_id, episode, kind, provider, start_on, planned_end_on, funding, sessions_planned, status, outcome)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'planned', '')",
                params![case.id, case.episode, input.kind, provider, start.to_string(), end.to_string(), funding, sessions],
            )?;
            let id = tx.last_insert_rowid();
            let label = reference::label(tx, "intervention_type", &input.kind)?;
            Ok((id, today(), format!("Support planned: {label} with {provider}")))
        })
    }

    fn intervention_case(&self, intervention_id: i64) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT case_id FROM interventions WHERE id = ?1",
                [intervention_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(CoreError::NotFound("That support intervention"))
    }

    /// Changes an intervention's status. Making it active starts support and needs consent.
    pub fn update_intervention(
        &mut self,
        intervention_id: i64,
        input: &InterventionUpdate,
    ) -> Result<()> {
        let status = input.status.as_str();
        if !["planned", "active", "paused", "completed", "stopped"].contains(&status) {
            return Err(CoreError::invalid("status", "Choose the status"));
        }
        let outcome = text(
            "outcome",
            "the outcome",
            &input.outcome,
            matches!(status, "completed" | "stopped"),
            5_000,
        )?;
        let case_id = self.intervention_case(intervention_id)?;
        self.change(case_id, "case.intervention_updated", |tx, case| {
            if status == "active" {
                let consent = consent_state(tx, case)?;
                let next = apply(case.stage, Step::StartSupport { consent })?;
                Self::set_stage(tx, case, next, today())?;
            }
            tx.execute(
                "UPDATE interventions SET status = ?2, outcome = ?3 WHERE id = ?1",
                params![intervention_id, status, outcome],
            )?;
            Ok(((), today(), format!("Support {status}")))
        })
    }

    pub fn record_session(&mut self, intervention_id: i64, on: &str) -> Result<()> {
        let on = not_future(
            "session_on",
            "session date",
            dates::parse("session_on", "session date", on)?,
        )?;
        let case_id = self.intervention_case(intervention_id)?;
        self.change(case_id, "case.session", |tx, _case| {
            let status: String = tx.query_row(
                "SELECT status FROM interventions WHERE id = ?1",
                [intervention_id],
                |r| r.get(0),
            )?;
            if status != "active" {
                return Err(CoreError::RuleBroken {
                    rule: "sessions_need_active_support",
                    message: "Sessions are recorded for active support".into(),
                });
            }
            tx.execute(
                "UPDATE interventions SET sessions_delivered = sessions_delivered + 1,
                    last_session_on = max(coalesce(last_session_on, ''), ?2) WHERE id = ?1",
                params![intervention_id, on.to_string()],
            )?;
            Ok(((), on, "Support session delivered".into()))
        })
    }

    pub fn record_review(&mut self, case_id: i64, input: &ReviewInput) -> Result<()> {
        let on = not_future(
            "reviewed_on",
            "review date",
            dates::parse("reviewed_on", "review date", &input.reviewed_on)?,
        )?;
        let notes = text("notes", "review notes", &input.notes, true, 20_000)?;
        self.change(case_id, "case.review", |tx, case| {
            let next = apply(
                case.stage,
                Step::Review {
                    months: input.months,
                },
            )?;
            if case.exit_date.is_some_and(|exit| on < exit) {
                return Err(CoreError::invalid(
                    "reviewed_on",
                    "The review date cannot be before the exit",
                ));
            }
            Self::set_stage(tx, case, next, on)?;
            Ok((
                (),
                on,
                format!("{}-month review after exit: {notes}", input.months),
            ))
        })
    }

    /// Reopens a closed or not adopted case as a new episode; its history stays.
    pub fn re_refer(&mut self, case_id: i64, received_on: &str, concern: &str) -> Result<()> {
        let on = not_future(
            "received_on",
            "date received",
            dates::parse(
                "received_on",
                "date the new referral was received",
                received_on,
            )?,
        )?;
        let concern = text("concern", "the new concern", concern, true, 20_000)?;
        self.change(case_id, "case.rereferral", |tx, case| {
            let next = apply(case.stage, Step::ReRefer)?;
            tx.execute(
                "UPDATE cases SET episode = episode + 1, received_on = ?2, concern = ?3, screened_out = 0,
                    exit_date = NULL, exit_reason = NULL WHERE id = ?1",
                params![case.id, on.to_string(), concern],
            )?;
            Self::set_stage(tx, case, next, on)?;
            Ok(((), on, format!("Re-referred: episode {}", case.episode + 1)))
        })
    }

    pub fn add_note(&mut self, case_id: i64, note: &str) -> Result<()> {
        let note = text("note", "a note", note, true, 20_000)?;
        let author = self.person.full_name.clone();
        self.change(case_id, "case.note", |tx, case| {
            tx.execute(
                "INSERT INTO case_notes (case_id, written_on, author, text) VALUES (?1, ?2, ?3, ?4)",
                params![case.id, today().to_string(), author, note],
            )?;
            Ok(((), today(), "Note added".into()))
        })
    }
}

/// The 6- and 12-month reviews after an exit.
pub fn reviews_due(exit: NaiveDate) -> (NaiveDate, NaiveDate) {
    (
        exit.checked_add_months(Months::new(6)).unwrap_or(exit),
        exit.checked_add_months(Months::new(12)).unwrap_or(exit),
    )
}

fn not_before(case: &CaseState, on: NaiveDate, field: &'static str, what: &str) -> Result<()> {
    if on < case.received_on {
        return Err(CoreError::invalid(
            field,
            format!(
                "The {what} cannot be before the referral was received ({})",
                dates::long(case.received_on)
            ),
        ));
    }
    Ok(())
}

pub(crate) fn index_for_search(
    tx: &rusqlite::Connection,
    id: i64,
    reference: &str,
    full_name: &str,
    other_names: &str,
) -> Result<()> {
    tx.execute("DELETE FROM case_search WHERE rowid = ?1", [id])?;
    tx.execute(
        "INSERT INTO case_search (rowid, folded) VALUES (?1, ?2)",
        params![id, fold(&format!("{reference} {full_name} {other_names}"))],
    )?;
    Ok(())
}

pub fn screening_label(outcome: ScreeningOutcome) -> &'static str {
    match outcome {
        ScreeningOutcome::NotAppropriateNoFurtherAction => "not appropriate, no further action",
        ScreeningOutcome::PassedToOtherServices => "passed to other safeguarding services",
        ScreeningOutcome::PoliceLedCaseManagement => "police-led case management",
        ScreeningOutcome::SuitableForChannel => "suitable for Channel",
    }
}

pub fn decision_label(kind: DecisionKind) -> &'static str {
    match kind {
        DecisionKind::Adopt => "adopt (enter Channel)",
        DecisionKind::NotAdopt => "not adopt",
        DecisionKind::Remain => "remain in Channel",
        DecisionKind::Exit => "exit Channel",
    }
}
