//! Every command the window may call, once: what it needs of the person, valid arguments on
//! the proofs' database as the window sends them, and where the window shows again what it
//! stores. The permission proof, the README's permissions table and the hostile-input proof
//! all read this table; a test fails while a command in `bindings.rs` has no entry.

use serde_json::{json, Value};

use channel_desk_core::Role;

use super::{day, passphrase, Ids};

/// What a command needs of the person calling it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Callable while locked: starting, unlocking, locking, the fixed vocabularies.
    Nothing,
    /// Anyone with the database unlocked.
    Unlocked,
    /// A permission of the person's role: a field of `Permissions` (security/people.rs).
    May(&'static str),
}

/// Given a command's answer, the command and arguments that read back what it stored.
pub type Read = fn(&Ids, &Value) -> (&'static str, Value);

pub struct Command {
    pub name: &'static str,
    pub need: Need,
    /// Valid arguments, as the window sends them (keys in camelCase).
    pub args: fn(&Ids) -> Value,
    /// The command and arguments whose answer shows again the text this command stored,
    /// given this command's own answer (a new record's id).
    pub shown_by: Option<Read>,
    /// Why the proofs cannot call it where it is allowed: it opens a system dialog.
    pub not_called: Option<&'static str>,
    /// Called anyway for the roles it refuses, because it refuses before any dialog.
    pub refuses_first: bool,
    /// Also callable while locked (restoring a backup on a new laptop).
    pub also_while_locked: bool,
}

const fn command(name: &'static str, need: Need, args: fn(&Ids) -> Value) -> Command {
    Command {
        name,
        need,
        args,
        shown_by: None,
        not_called: None,
        refuses_first: false,
        also_while_locked: false,
    }
}

impl Command {
    const fn shown_by(mut self, read: Read) -> Self {
        self.shown_by = Some(read);
        self
    }

    const fn not_called(mut self, why: &'static str) -> Self {
        self.not_called = Some(why);
        self
    }

    const fn refuses_first(mut self) -> Self {
        self.refuses_first = true;
        self
    }

    const fn also_while_locked(mut self) -> Self {
        self.also_while_locked = true;
        self
    }
}

use Need::{May, Nothing, Unlocked};

const CASEWORK: Need = May("record_casework");
const READ_CASES: Need = May("read_cases");
const READ_PLAN: Need = May("read_plan");
const EDIT_PLAN: Need = May("edit_plan");
const STATISTICS: Need = May("read_statistics");
const ADMIN: Need = May("administer");

fn none(_: &Ids) -> Value {
    json!({})
}

/// The case record of the case at `stage`, where casework on it is shown.
macro_rules! record_of {
    ($stage:literal) => {
        |f: &Ids, _: &Value| ("case_record", json!({ "caseId": f.case($stage) }))
    };
}

fn minutes(f: &Ids, _: &Value) -> (&'static str, Value) {
    ("minutes", json!({ "meetingId": f.meeting }))
}

fn steering(f: &Ids, _: &Value) -> (&'static str, Value) {
    (
        "steering_meeting",
        json!({ "meetingId": f.steering_meeting }),
    )
}

fn plan_action(f: &Ids, _: &Value) -> (&'static str, Value) {
    ("plan_action", json!({ "actionId": f.plan_action }))
}

/// A channel the window made for a command's progress reports.
const CHANNEL: &str = "__CHANNEL__:1";

/// A new passphrase: a person's after `change_passphrase`, or someone new's.
pub const PHRASE: &str = "a new proofs passphrase 93";

/// A meeting `days` from today (before it, if negative).
pub fn meeting(days: i64) -> Value {
    json!({ "held_on": day(days), "starts_at": "14:00", "place": "Committee Room 2",
            "chair": "Priya Raman" })
}

pub fn attendance(police: bool) -> Value {
    let (name, organisation) = if police {
        ("PC Yusuf Demir", "Metropolitan Police")
    } else {
        ("Dr Nkechi Obi", "Children's Services")
    };
    json!({ "member": { "name": name, "organisation": organisation, "role": "Member",
                        "police": police },
            "status": "present" })
}

pub fn action(f: &Ids) -> Value {
    json!({ "agenda_item_id": f.agenda_item, "what": "Ask the school for attendance figures",
            "owner": "Zhang Wei", "due_on": day(14) })
}

pub fn measure(f: &Ids) -> Value {
    json!({ "action_id": f.plan_action, "name": "Schools trained", "unit": "count",
            "target": "12", "direction": "at_least" })
}

fn referral() -> Value {
    json!({ "received_on": day(-3), "referrer_name": "Designated safeguarding lead",
            "referrer_organisation": "Riverside Academy", "referrer_sector": "education",
            "full_name": "Kwame Asante", "other_names": "", "date_of_birth": "14/3/2016",
            "approximate_age": "", "address": "1 Synthetic Street", "postcode": "E1 6AN",
            "school_or_employer": "Riverside Academy", "languages": "English, Twi",
            "concern_type": "extreme_right_wing", "concern": "Sharing extremist material",
            "categories": { "gender": "male", "ethnicity": "not_known", "needs": [] },
            "other_agencies": "", "mash_informed": "yes" })
}

fn decision(kind: &str) -> Value {
    json!({ "decided_on": day(0), "kind": kind, "rationale": "Agreed by the panel",
            "how_reached": "consensus", "signposted_to": "", "exit_reason": "" })
}

/// Every command in `bindings.rs`, in its order.
pub fn commands() -> Vec<Command> {
    vec![
        command("app_status", Nothing, none),
        command("create_database", Nothing, |_| {
            json!({ "form": { "full_name": "Mei Lin", "username": "mei",
                              "passphrase": PHRASE, "passphrase_confirm": PHRASE } })
        }),
        command("unlock_database", Nothing, |_| {
            json!({ "username": "spare", "passphrase": super::TEMPORARY })
        }),
        command("unlock_with_recovery", Nothing, |f| json!({ "recoveryKey": f.recovery_key })),
        command("set_up_administrator", Nothing, |_| {
            json!({ "form": { "full_name": "Mei Lin", "username": "mei",
                              "passphrase": PHRASE, "passphrase_confirm": PHRASE } })
        }),
        command("lock", Nothing, none),
        command("activity", Nothing, none),
        command("change_passphrase", Unlocked, |_| {
            // The administrator's (the proofs unlock with either afterwards).
            json!({ "currentPassphrase": passphrase(Role::Administrator), "passphrase": PHRASE,
                    "passphraseConfirm": PHRASE })
        }),
        command("confirm_recovery_key", ADMIN, |f| json!({ "recoveryKey": f.recovery_key })),
        command("rotate_data_key", ADMIN, |_| {
            json!({ "passphrase": passphrase(Role::Administrator) })
        }),
        command("vocabularies", Nothing, none),
        command("list_people", ADMIN, none),
        command("add_person", ADMIN, |_| {
            json!({ "fullName": "Mei Lin", "username": "mei", "role": "secretariat",
                    "passphrase": PHRASE, "passphraseConfirm": PHRASE })
        })
        .shown_by(|_, _| ("list_people", json!({}))),
        command("remove_person", ADMIN, |f| json!({ "personId": f.spare_person })),
        command("reset_passphrase", ADMIN, |f| {
            json!({ "personId": f.spare_person, "passphrase": PHRASE, "passphraseConfirm": PHRASE })
        }),
        command("get_settings", Unlocked, none),
        command("set_idle_lock_minutes", ADMIN, |_| json!({ "minutes": "15" })),
        command("set_retention_years", ADMIN, |_| json!({ "years": "7" })),
        command("set_report_settings", ADMIN, |_| {
            json!({ "borough": "London Borough of Synthetica", "threshold": "5" })
        })
        .shown_by(|_, _| ("get_settings", json!({}))),
        command("audit_log", ADMIN, |_| json!({ "query": { "action": "", "page": 1 } })),
        command("export_audit", ADMIN, |_| {
            json!({ "query": { "action": "", "person": "", "case_reference": "",
                               "from": "1/1/2025", "to": day(0), "page": 1 } })
        }),
        command("verify_database", ADMIN, none),
        command("integrity_status", ADMIN, none),
        command("reference_items", Unlocked, |_| json!({ "kind": "sector" })),
        command("add_reference_item", ADMIN, |_| {
            json!({ "kind": "ethnicity", "label": "Roma", "grouping": "White" })
        })
        .shown_by(|_, _| ("reference_items", json!({ "kind": "ethnicity" }))),
        command("retire_reference_item", ADMIN, |_| json!({ "kind": "sector", "code": "health" })),
        command("list_cases", READ_CASES, |_| {
            json!({ "query": { "search": "", "stage": "", "sort": "received", "page": 1 } })
        }),
        command("case_record", READ_CASES, |f| json!({ "caseId": f.case("support") })),
        command("support_flags", READ_CASES, none),
        command("today", READ_CASES, none),
        command("record_referral", CASEWORK, |_| json!({ "referral": referral() }))
            .shown_by(|_, id| ("case_record", json!({ "caseId": id }))),
        command("set_categories", CASEWORK, |f| {
            json!({ "caseId": f.case("referral_received"),
                    "categories": { "gender": "female", "ethnicity": "not_known", "needs": [] } })
        }),
        command("start_screening", CASEWORK, |f| json!({ "caseId": f.case("referral_received") })),
        command("record_screening", CASEWORK, |f| {
            json!({ "caseId": f.case("screening"),
                    "screening": { "screened_on": day(0), "outcome": "suitable_for_channel",
                                   "information_gathering": "Partners shared information" } })
        })
        .shown_by(record_of!("screening")),
        command("record_assessment", CASEWORK, |f| {
            json!({ "caseId": f.case("assessment"),
                    "assessment": { "assessed_on": day(0), "assessor": "Channel coordinator",
                                    "factors": [{ "factor": "grievance", "applies": true, "notes": "" }],
                                    "engagement_summary": "Seeking belonging online",
                                    "intent_summary": "No intent seen", "capability_summary": "None",
                                    "conclusion": "Suitable for Channel support" } })
        })
        .shown_by(record_of!("assessment")),
        command("send_to_panel", CASEWORK, |f| json!({ "caseId": f.case("assessment") })),
        command("record_decision", May("decide_outside_meeting"), |f| {
            json!({ "caseId": f.case("awaiting_panel"), "decision": decision("adopt"),
                    "urgentReason": "The family moves away before the next meeting" })
        })
        .shown_by(record_of!("awaiting_panel")),
        command("record_consent", CASEWORK, |f| {
            json!({ "caseId": f.case("adopted"),
                    "consent": { "sought_on": day(0), "sought_by": "Channel coordinator",
                                 "status": "given", "status_on": day(0),
                                 "given_by": "parent_guardian", "guardian_name": "Ama Asante",
                                 "guardian_relationship": "Mother",
                                 "capacity_notes": "" } })
        }),
        command("add_intervention", CASEWORK, |f| {
            json!({ "caseId": f.case("support"),
                    "intervention": { "kind": "intervention_provider", "provider": "Approved provider",
                                      "start_on": day(0), "planned_end_on": day(90),
                                      "funding": "", "sessions_planned": "6" } })
        })
        .shown_by(record_of!("support")),
        command("update_intervention", CASEWORK, |f| {
            json!({ "interventionId": f.intervention,
                    "update": { "status": "active", "outcome": "" } })
        }),
        command("record_session", CASEWORK, |f| {
            json!({ "interventionId": f.intervention, "sessionOn": day(0) })
        }),
        command("record_review", CASEWORK, |f| {
            json!({ "caseId": f.case("exited"),
                    "review": { "months": 6, "reviewed_on": day(0), "notes": "No concerns",
                                "early_reason": "The family moves away next month" } })
        })
        .shown_by(record_of!("exited")),
        command("re_refer", CASEWORK, |f| {
            json!({ "caseId": f.case("closed"), "receivedOn": day(0),
                    "concern": "A new concern from the school" })
        })
        .shown_by(record_of!("closed")),
        command("add_note", CASEWORK, |f| {
            json!({ "caseId": f.case("adopted"), "note": "Spoke to the school" })
        })
        .shown_by(record_of!("adopted")),
        command("list_meetings", READ_CASES, none),
        command("minutes", READ_CASES, |f| json!({ "meetingId": f.meeting })),
        command("members", READ_CASES, none),
        command("schedule_meeting", CASEWORK, |_| json!({ "meeting": meeting(7) }))
            .shown_by(|_, id| ("minutes", json!({ "meetingId": id }))),
        command("record_attendance", CASEWORK, |f| {
            json!({ "meetingId": f.meeting, "attendance": attendance(false) })
        })
        .shown_by(minutes),
        command("remove_attendance", CASEWORK, |f| json!({ "attendanceId": f.attendance })),
        command("add_agenda_item", CASEWORK, |f| {
            json!({ "meetingId": f.meeting, "caseId": null, "topic": "Training for schools" })
        })
        .shown_by(minutes),
        command("move_agenda_item", CASEWORK, |f| json!({ "itemId": f.agenda_item, "by": 1 })),
        command("remove_agenda_item", CASEWORK, |f| {
            json!({ "itemId": f.agenda_item, "reason": "Discussed at the last meeting" })
        }),
        command("save_discussion", CASEWORK, |f| {
            json!({ "itemId": f.agenda_item, "discussion": "The panel heard from the school" })
        })
        .shown_by(minutes),
        command("record_item_decision", CASEWORK, |f| {
            // Dated by the meeting: no date of its own.
            let mut decision = decision("adopt");
            if let Some(fields) = decision.as_object_mut() {
                fields.remove("decided_on");
            }
            json!({ "itemId": f.agenda_item, "decision": decision })
        })
        .shown_by(minutes),
        command("add_action", CASEWORK, |f| json!({ "meetingId": f.meeting, "action": action(f) }))
            .shown_by(minutes),
        command("approve_minutes", May("approve_minutes"), |f| {
            json!({ "meetingId": f.held_meeting })
        }),
        command("amend_minutes", CASEWORK, |f| {
            json!({ "meetingId": f.approved_meeting, "amendment": "The date of the next meeting" })
        })
        .shown_by(|f, _| ("minutes", json!({ "meetingId": f.approved_meeting }))),
        command("list_actions", READ_CASES, |_| json!({ "filter": { "status": "open", "page": 1 } })),
        command("set_action_status", CASEWORK, |f| {
            json!({ "actionId": f.action, "status": "dropped", "reason": "No longer needed" })
        })
        .shown_by(minutes),
        command("export_minutes", CASEWORK, |f| {
            json!({ "meetingId": f.approved_meeting, "version": "full" })
        }),
        command("minutes_exports", READ_CASES, |f| json!({ "meetingId": f.approved_meeting })),
        command("save_export_again", CASEWORK, |f| json!({ "exportId": f.export })),
        command("check_export_file", READ_CASES, none)
            .not_called("it asks for the file in the system's dialog")
            .refuses_first(),
        command("open_export", Unlocked, none)
            .not_called("it opens the file in the system's PDF viewer"),
        command("load_seed_plan", EDIT_PLAN, none),
        command("plan", READ_PLAN, |_| json!({ "filter": {} })),
        command("plan_action", READ_PLAN, |f| json!({ "actionId": f.plan_action })),
        command("track_plan_action", EDIT_PLAN, |f| {
            json!({ "actionId": f.plan_action,
                    "tracking": { "lead": "Prevent Coordinator", "partners": "Schools",
                                  "target_on": day(60), "status": "on_track", "status_reason": "",
                                  "rag": "green", "rag_reason": "" } })
        })
        .shown_by(plan_action),
        command("add_progress_update", EDIT_PLAN, |f| {
            json!({ "actionId": f.plan_action,
                    "progress": { "made_on": day(0), "text": "Two schools trained",
                                  "evidence": "Attendance sheets" } })
        })
        .shown_by(plan_action),
        command("add_plan_action", EDIT_PLAN, |f| {
            json!({ "action": { "heading_id": f.heading, "number": "9.9",
                                "text": "Train every school's safeguarding lead",
                                "owners": "Prevent Coordinator", "target_on": day(90) } })
        })
        .shown_by(|_, id| ("plan_action", json!({ "actionId": id }))),
        command("retire_plan_action", EDIT_PLAN, |f| {
            json!({ "actionId": f.plan_action, "reason": "Merged into another action" })
        }),
        command("renumber_plan_action", EDIT_PLAN, |f| {
            json!({ "actionId": f.plan_action, "number": "9.8" })
        }),
        command("correct_plan_heading", EDIT_PLAN, |f| {
            json!({ "headingId": f.heading, "text": "Working with schools" })
        })
        .shown_by(|_, _| ("plan", json!({ "filter": {} }))),
        command("start_plan_period", EDIT_PLAN, |_| {
            json!({ "period": { "key": "2031", "title": "Prevent delivery plan 2031 to 2032",
                                "starts_on": "1/4/2031", "ends_on": "31/3/2032",
                                "vision": "Safer communities", "carry": [] } })
        }),
        command("add_measure", EDIT_PLAN, |f| json!({ "measure": measure(f) }))
            .shown_by(|f, _| ("measures", json!({ "periodId": f.period }))),
        command("record_measure_value", EDIT_PLAN, |f| {
            json!({ "measureId": f.measure,
                    "value": { "measured_on": day(0), "value": "4", "numerator": "",
                               "denominator": "", "source": "Training records" } })
        })
        .shown_by(|f, _| ("measures", json!({ "periodId": f.period }))),
        command("measures", READ_PLAN, |f| json!({ "periodId": f.period })),
        command("record_training_session", EDIT_PLAN, |_| {
            json!({ "session": { "held_on": day(0), "product": "wrap",
                                 "deliverer": "Prevent Coordinator",
                                 "organisation": "Riverside Academy", "sector": "education",
                                 "role_group": "Teachers", "attended": "20", "action_id": null } })
        }),
        command("record_training_baseline", EDIT_PLAN, |_| {
            json!({ "baseline": { "as_of": day(0), "product": "wrap", "sector": "education",
                                  "people": "1400",
                                  "note": "Staff counted by the school" } })
        }),
        command("record_cohort", EDIT_PLAN, |_| {
            json!({ "cohort": { "counted_on": day(0), "product": "wrap", "sector": "education",
                                "role_group": "Teachers", "headcount": "40", "completed": "20",
                                "measure_id": null } })
        }),
        command("training", READ_PLAN, |_| json!({ "from": "1/4/2025", "to": day(0) })),
        command("plan_dashboard", READ_PLAN, none),
        command("set_plan_settings", EDIT_PLAN, |_| {
            json!({ "staleDays": "45", "refresherYears": "3" })
        }),
        command("steering_meetings", READ_PLAN, none),
        command("steering_meeting", READ_PLAN, |f| json!({ "meetingId": f.steering_meeting })),
        command("schedule_steering_meeting", EDIT_PLAN, |_| json!({ "meeting": meeting(7) }))
            .shown_by(|_, id| ("steering_meeting", json!({ "meetingId": id }))),
        command("record_steering_attendance", EDIT_PLAN, |f| {
            json!({ "meetingId": f.steering_meeting,
                    "attendee": { "name": "Imam Yusuf Demir", "organisation": "Central Mosque",
                                  "sector": "other", "faith_or_community": true,
                                  "status": "present" } })
        })
        .shown_by(steering),
        command("record_steering_item", EDIT_PLAN, |f| {
            json!({ "itemId": f.steering_item,
                    "item": { "discussion": "Schools asked for more sessions",
                              "progress": "", "evidence": "" } })
        })
        .shown_by(steering),
        command("add_steering_agreed", EDIT_PLAN, |f| {
            json!({ "meetingId": f.steering_meeting,
                    "agreed": { "what": "Write to every head teacher", "owner": "Prevent Coordinator",
                                "due_on": day(30) } })
        })
        .shown_by(steering),
        command("approve_steering_minutes", EDIT_PLAN, |f| {
            json!({ "meetingId": f.steering_meeting })
        }),
        command("export_steering_minutes", READ_PLAN, |f| {
            json!({ "meetingId": f.steering_meeting })
        }),
        command("statistics", STATISTICS, |_| {
            json!({ "from": "1/4/2025", "to": day(0), "exact": false })
        }),
        command("report_narratives", STATISTICS, |_| json!({ "from": "1/4/2025", "to": "31/3/2026" })),
        command("set_report_narrative", EDIT_PLAN, |_| {
            json!({ "from": "1/4/2025", "to": "31/3/2026", "priority": 1,
                    "text": "Referrals from schools rose" })
        })
        .shown_by(|_, _| ("report_narratives", json!({ "from": "1/4/2025", "to": "31/3/2026" }))),
        command("national_figures", STATISTICS, none),
        command("set_national_figures", EDIT_PLAN, |_| {
            json!({ "figures": { "year_start": "2024", "referrals": "6922", "discussed": "1419",
                                 "adopted": "1000", "source": "Home Office statistics" } })
        })
        .shown_by(|_, _| ("national_figures", json!({}))),
        command("export_report", STATISTICS, |_| {
            json!({ "from": "1/4/2025", "to": "31/3/2026", "withCsv": true })
        }),
        command("backup_status", ADMIN, none),
        command("set_backup_reminder_days", ADMIN, |_| json!({ "days": "14" })),
        command("back_up", ADMIN, |_| json!({ "progress": CHANNEL })),
        command("open_backup", ADMIN, |_| {
            json!({ "form": { "with": "recovery_key", "username": "",
                              "passphrase": null, "recovery_key": "not the backup's key" },
                    "progress": CHANNEL })
        })
        .also_while_locked(),
        // What `open_backup` opened, where the role was checked.
        command("restore_backup", Nothing, none),
        command("cancel_restore", Nothing, none),
        command("cases_past_retention", ADMIN, none),
        command("erase_cases", ADMIN, |f| json!({ "caseIds": [f.case("closed")] })),
        command("export_subject_access", ADMIN, |f| json!({ "caseId": f.case("support") })),
    ]
}
