// The shapes the Rust commands take and return, as serde writes them (snake_case fields).
// Written by hand from the structs in src-tauri/core/src and src-tauri/src/commands, and kept
// all here so that types generated from Rust can replace this one file. Inputs are structs
// with #[serde(default)], so their fields are optional; outputs always carry every field.

// Errors (src-tauri/src/error.rs)

/**
 * @typedef {object} CommandError
 * @property {string} code
 * @property {string} message
 * @property {string | null} field the form field it belongs beside
 * @property {string | null} [rule] the journey rule broken
 */

// People and the session (core people.rs, session.rs; commands/session.rs, people.rs)

/** @typedef {"administrator" | "chair" | "secretariat" | "steering_lead" | "panel_member"} Role */

/**
 * @typedef {object} Person
 * @property {number} id
 * @property {string} full_name
 * @property {string} username
 * @property {Role} role
 * @property {string} role_label
 * @property {boolean} must_change_passphrase
 * @property {string} created_at
 */

/**
 * @typedef {object} RoleOption
 * @property {Role} value
 * @property {string} label
 */

/**
 * What the start screen should offer for the database file.
 * @typedef {{state: "missing"} | {state: "ready"} | {state: "needs_recovery", message: string}}
 *   DatabaseState
 */

/**
 * @typedef {object} Status
 * @property {string} database its display name
 * @property {string} path
 * @property {DatabaseState} state
 * @property {Person | null} person who has it open, if anyone
 * @property {boolean} recovery open with the recovery key, waiting for an administrator
 * @property {boolean} demo
 */

/**
 * The create and set-up-administrator forms.
 * @typedef {object} AdministratorForm
 * @property {string} full_name
 * @property {string} username
 * @property {string} passphrase
 * @property {string} passphrase_confirm
 */

/**
 * @typedef {object} Created
 * @property {string} recovery_key
 * @property {Person} person
 */

/**
 * @typedef {object} UnlockedView
 * @property {Person} person
 * @property {string | null} last_failed_attempt
 */

/**
 * @typedef {object} Settings
 * @property {number} idle_lock_minutes
 * @property {number} retention_years
 */

// Audit (core audit.rs, session.rs)

/**
 * @typedef {object} AuditEntry
 * @property {number} id
 * @property {string} at
 * @property {string} actor
 * @property {string} action
 * @property {string} subject
 * @property {string} detail
 */

/**
 * @typedef {object} Verification
 * @property {string} integrity
 * @property {string[]} cipher_integrity
 * @property {number} audit_rows
 */

// Reference data (core reference.rs)

/** @typedef {"sector" | "concern_type" | "intervention_type" | "vaf_factor"} ReferenceKind */

/**
 * @typedef {object} ReferenceItem
 * @property {ReferenceKind} kind
 * @property {string} code
 * @property {string} label
 * @property {string} grouping
 * @property {boolean} retired
 */

// Cases (core workflow.rs, caseview.rs, casework.rs)

/**
 * @typedef {"referral_received" | "screening" | "assessment" | "awaiting_panel" | "adopted"
 *   | "not_adopted" | "support" | "exited" | "six_month_review_done" | "closed"} Stage
 */

/**
 * @typedef {object} CaseQuery
 * @property {string} [search]
 * @property {string} [stage]
 * @property {string} [concern_type]
 * @property {string} [sector]
 * @property {string} [age_band]
 * @property {boolean} [flagged]
 * @property {"received" | "reference" | "name" | "stage"} [sort]
 * @property {boolean} [descending]
 * @property {number} [page]
 */

/**
 * @typedef {object} CaseRow
 * @property {number} id
 * @property {string} reference
 * @property {string} full_name
 * @property {string} other_names
 * @property {number | null} age
 * @property {Stage} stage
 * @property {string} stage_label
 * @property {string} concern_type
 * @property {string} received_on
 * @property {boolean} flagged
 */

/**
 * @typedef {object} CasePage
 * @property {CaseRow[]} rows
 * @property {number} total
 * @property {number} page
 * @property {number} pages
 */

/**
 * @typedef {object} Flag
 * @property {number} case_id
 * @property {string} reference
 * @property {string} full_name
 * @property {number | null} intervention_id
 * @property {string} problem
 */

/**
 * @typedef {object} CaseEvent
 * @property {string} happened_on
 * @property {number} episode
 * @property {string} kind
 * @property {string} summary
 * @property {string} recorded_by
 */

/**
 * @typedef {object} FactorView
 * @property {string} factor
 * @property {string} label
 * @property {string} dimension
 * @property {boolean} applies
 * @property {string} notes
 */

/**
 * @typedef {object} Assessment
 * @property {number} id
 * @property {number} episode
 * @property {string} assessed_on
 * @property {string} assessor
 * @property {string} engagement_summary
 * @property {string} intent_summary
 * @property {string} capability_summary
 * @property {string} conclusion
 * @property {FactorView[]} factors
 * @property {string[]} changes what changed since the assessment before it, in words
 */

/**
 * @typedef {object} InterventionView
 * @property {number} id
 * @property {string} kind
 * @property {string} provider
 * @property {string} start_on
 * @property {string} planned_end_on
 * @property {string} funding
 * @property {number} sessions_planned
 * @property {number} sessions_delivered
 * @property {string | null} last_session_on
 * @property {string} status
 * @property {string} outcome
 * @property {string | null} flag
 */

/**
 * The referral's columns of the cases table, as CaseRecord.referral sends them.
 * @typedef {object} ReferralRow
 * @property {string} reference
 * @property {string} received_on
 * @property {string} referrer_name
 * @property {string} referrer_organisation
 * @property {string} referrer_sector
 * @property {string} full_name
 * @property {string} other_names
 * @property {string | null} date_of_birth
 * @property {number | null} approximate_age
 * @property {string} gender
 * @property {string} address
 * @property {string} postcode
 * @property {string} school_or_employer
 * @property {string} languages
 * @property {string} ethnicity
 * @property {string} concern_type
 * @property {string} concern
 * @property {number} needs_mental_health 1 or 0
 * @property {number} needs_neurodiversity 1 or 0
 * @property {number} needs_sen 1 or 0
 * @property {string} other_agencies
 * @property {number | null} mash_informed 1, 0, or null when not recorded
 * @property {string} stage_since
 * @property {string | null} exit_date
 * @property {string | null} exit_reason
 */

/**
 * A row of the screenings table.
 * @typedef {object} ScreeningRow
 * @property {number} id
 * @property {number} case_id
 * @property {number} episode
 * @property {string} screened_on
 * @property {string} outcome
 * @property {string} information_gathering
 */

/**
 * A row of the consents table.
 * @typedef {object} ConsentRow
 * @property {number} id
 * @property {number} case_id
 * @property {number} episode
 * @property {string} sought_on
 * @property {string} sought_by
 * @property {"given" | "refused" | "withdrawn"} status
 * @property {string} status_on
 * @property {"individual" | "parent_guardian"} given_by
 * @property {string} guardian_name
 * @property {string} guardian_relationship
 * @property {string} capacity_notes
 */

/**
 * A row of the decisions table.
 * @typedef {object} DecisionRow
 * @property {number} id
 * @property {number} case_id
 * @property {number} episode
 * @property {string} decided_on
 * @property {string} kind
 * @property {string} rationale
 * @property {string} how_reached
 * @property {string} signposted_to
 * @property {string} exit_reason
 * @property {string} recorded_by
 */

/**
 * A row of the case_notes table.
 * @typedef {object} NoteRow
 * @property {number} id
 * @property {number} case_id
 * @property {string} written_on
 * @property {string} author
 * @property {string} text
 */

/**
 * @typedef {object} NextReview
 * @property {string} what
 * @property {string} due_on
 * @property {number | null} months_after_exit
 */

/**
 * @typedef {object} CaseRecord
 * @property {number} id
 * @property {string} reference
 * @property {number} episode
 * @property {Stage} stage
 * @property {string} stage_label
 * @property {number} days_in_stage
 * @property {number | null} age_today
 * @property {NextReview | null} next_review the next review and, after exit, which one
 * @property {ReferralRow} referral
 * @property {string} concern_type_label
 * @property {string} sector_label
 * @property {CaseEvent[]} timeline
 * @property {ScreeningRow[]} screenings
 * @property {Assessment[]} assessments
 * @property {ConsentRow[]} consents
 * @property {boolean} consent_withdrawn
 * @property {InterventionView[]} interventions
 * @property {DecisionRow[]} decisions
 * @property {NoteRow[]} notes
 */

/**
 * What needs attention today, for the home screen.
 * @typedef {object} Today
 * @property {number} new_referrals
 * @property {number} awaiting_screening
 * @property {number} awaiting_panel
 * @property {number} in_support
 * @property {number} flagged_support
 * @property {[number, string, string, string, string][]} reviews_due
 *   reviews after exit due within 30 days or overdue: case id, reference, name, review, due
 * @property {[number, string, number] | null} next_meeting id, date, agenda items
 * @property {number} overdue_actions
 */

/**
 * @typedef {object} ReferralInput
 * @property {string} [received_on]
 * @property {string} [referrer_name]
 * @property {string} [referrer_organisation]
 * @property {string} [referrer_sector]
 * @property {string} [full_name]
 * @property {string} [other_names]
 * @property {string} [date_of_birth]
 * @property {string} [approximate_age]
 * @property {string} [gender]
 * @property {string} [address]
 * @property {string} [postcode]
 * @property {string} [school_or_employer]
 * @property {string} [languages]
 * @property {string} [ethnicity]
 * @property {string} [concern_type]
 * @property {string} [concern]
 * @property {boolean} [needs_mental_health]
 * @property {boolean} [needs_neurodiversity]
 * @property {boolean} [needs_sen]
 * @property {string} [other_agencies]
 * @property {"yes" | "no" | ""} [mash_informed]
 */

/**
 * @typedef {object} ScreeningInput
 * @property {string} [screened_on]
 * @property {string} [outcome]
 * @property {string} [information_gathering]
 */

/**
 * @typedef {object} VafFactorInput
 * @property {string} [factor]
 * @property {boolean} [applies]
 * @property {string} [notes]
 */

/**
 * @typedef {object} VafInput
 * @property {string} [assessed_on]
 * @property {string} [assessor]
 * @property {VafFactorInput[]} [factors]
 * @property {string} [engagement_summary]
 * @property {string} [intent_summary]
 * @property {string} [capability_summary]
 * @property {string} [conclusion]
 */

/**
 * @typedef {object} DecisionInput
 * @property {string} [decided_on]
 * @property {string} [kind]
 * @property {string} [rationale]
 * @property {string} [how_reached]
 * @property {string} [signposted_to]
 * @property {string} [exit_reason]
 */

/**
 * @typedef {object} ConsentInput
 * @property {string} [sought_on]
 * @property {string} [sought_by]
 * @property {string} [status]
 * @property {string} [status_on]
 * @property {string} [given_by] "individual" or "parent_guardian"
 * @property {string} [guardian_name]
 * @property {string} [guardian_relationship]
 * @property {string} [capacity_notes]
 */

/**
 * @typedef {object} InterventionInput
 * @property {string} [kind]
 * @property {string} [provider]
 * @property {string} [start_on]
 * @property {string} [planned_end_on]
 * @property {string} [funding]
 * @property {string} [sessions_planned]
 */

/**
 * @typedef {object} InterventionUpdate
 * @property {string} [status]
 * @property {string} [outcome]
 */

/**
 * @typedef {object} ReviewInput
 * @property {number} [months]
 * @property {string} [reviewed_on]
 * @property {string} [notes]
 */

/**
 * What case_action's `data` holds for each action (commands/cases.rs).
 * @typedef {object} CaseActions
 * @property {Record<string, never>} start_screening
 * @property {ScreeningInput} screening
 * @property {VafInput} assessment
 * @property {Record<string, never>} send_to_panel
 * @property {DecisionInput} decision
 * @property {ConsentInput} consent
 * @property {InterventionInput} add_intervention
 * @property {InterventionUpdate} update_intervention
 * @property {{session_on?: string}} session
 * @property {ReviewInput} review
 * @property {{received_on?: string, concern?: string}} re_refer
 * @property {{note?: string}} note
 */

// Meetings, actions and minutes (core meetings.rs, actions.rs, minutes.rs)

/**
 * @typedef {object} MeetingInput
 * @property {string} [held_on]
 * @property {string} [starts_at] "HH:MM", 24-hour
 * @property {string} [place]
 * @property {string} [chair]
 */

/**
 * @typedef {object} MemberInput
 * @property {string} [name]
 * @property {string} [organisation]
 * @property {string} [role]
 * @property {boolean} [police]
 */

/** @typedef {"present" | "apologies" | "for_item"} AttendanceStatus */

/**
 * An existing member (`member_id`) or someone new (`member`).
 * @typedef {object} AttendanceInput
 * @property {number | null} [member_id]
 * @property {MemberInput} [member]
 * @property {AttendanceStatus | ""} [status]
 * @property {number | null} [agenda_item_id]
 */

/**
 * @typedef {object} MeetingSummary
 * @property {number} id
 * @property {string} held_on
 * @property {string} held_on_long
 * @property {string} starts_at
 * @property {string} place
 * @property {string} chair
 * @property {"draft" | "approved"} status
 * @property {string | null} approved_on
 * @property {string | null} approved_by
 * @property {number} cases
 * @property {number} decisions
 */

/**
 * @typedef {object} Member
 * @property {number} id
 * @property {string} name
 * @property {string} organisation
 * @property {string} role
 * @property {boolean} police
 */

/**
 * @typedef {object} Attendee
 * @property {number} id
 * @property {number | null} member_id
 * @property {string} name
 * @property {string} organisation
 * @property {string} role
 * @property {boolean} police
 * @property {AttendanceStatus} status
 * @property {number | null} agenda_item_id
 */

/**
 * @typedef {object} DecisionView
 * @property {string} kind
 * @property {string} kind_label
 * @property {string} rationale
 * @property {string} how_reached
 * @property {string} how_reached_label
 * @property {string} signposted_to
 * @property {string} exit_reason
 */

/**
 * @typedef {object} AgendaItem
 * @property {number} id
 * @property {number} position
 * @property {"new_case" | "in_channel" | "post_exit_review" | "action" | "other"} kind
 * @property {number | null} case_id
 * @property {number | null} action_id
 * @property {string} title
 * @property {string} reason
 * @property {string} stage
 * @property {string} stage_label
 * @property {string | null} reference
 * @property {string | null} full_name
 * @property {string | null} other_names
 * @property {number | null} age
 * @property {string} discussion
 * @property {DecisionView | null} decision
 * @property {string | null} removed_reason
 * @property {boolean} police_present whether a police representative is present for it
 */

/**
 * @typedef {object} Amendment
 * @property {number} id
 * @property {string} made_on
 * @property {string} made_by
 * @property {string} text
 */

/**
 * @typedef {object} Meeting
 * @property {MeetingSummary} summary
 * @property {AgendaItem[]} agenda
 * @property {Attendee[]} attendance
 * @property {Amendment[]} amendments
 * @property {boolean} can_approve the meeting has taken place (today or earlier)
 */

/** @typedef {"open" | "done" | "dropped"} ActionStatus */

/**
 * @typedef {object} ActionInput
 * @property {number | null} [agenda_item_id]
 * @property {string} [what]
 * @property {string} [owner]
 * @property {string} [due_on]
 */

/**
 * @typedef {object} ActionFilter
 * @property {string} [owner]
 * @property {number | null} [meeting_id]
 * @property {ActionStatus | ""} [status] "" for all
 */

/**
 * @typedef {object} Action
 * @property {number} id
 * @property {number} meeting_id
 * @property {string} meeting_held_on
 * @property {number | null} agenda_item_id
 * @property {string | null} case_reference
 * @property {string} what
 * @property {string} owner
 * @property {string} due_on
 * @property {ActionStatus} status
 * @property {string | null} status_on
 * @property {string} dropped_reason
 * @property {boolean} overdue
 */

/**
 * What was recorded at a meeting: the meeting and the actions agreed there.
 * @typedef {object} Minutes
 * @property {Meeting} meeting
 * @property {Action[]} actions
 */

/** @typedef {"full" | "redacted"} MinutesVersion */

/**
 * @typedef {object} Export
 * @property {string} path
 * @property {number} bytes
 */

/**
 * What meeting_action's `data` holds for each action (commands/meetings.rs).
 * @typedef {object} MeetingActions
 * @property {AttendanceInput} attendance
 * @property {Record<string, never>} remove_attendance
 * @property {{case_id?: number | string, topic?: string}} add_item
 * @property {{by?: number}} move_item
 * @property {{removed_reason?: string}} remove_item
 * @property {{discussion?: string}} discussion
 * @property {DecisionInput} decision
 * @property {ActionInput} action
 * @property {Record<string, never>} approve
 * @property {{amendment?: string}} amend
 */

export {};
