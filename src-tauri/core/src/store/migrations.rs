//! The schema, as numbered forward-only steps. Step N brings a file to `user_version` N.
//! Never edit a step that has shipped: add a new one.

pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: the database's identity, the people with access, and the audit trail.
    r#"
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

    CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        full_name TEXT NOT NULL,
        username TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN
            ('administrator', 'chair', 'secretariat', 'steering_lead', 'panel_member')),
        must_change_passphrase INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        removed_at TEXT
    ) STRICT;
    -- A removed person's row stays so that the audit trail keeps naming them.
    CREATE UNIQUE INDEX people_active_username ON people (username) WHERE removed_at IS NULL;

    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    ) STRICT;
    CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    "#,
    // 2: settings an administrator can change.
    r#"
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
    INSERT INTO settings (key, value) VALUES ('idle_lock_minutes', '10'), ('retention_years', '6');
    "#,
    // 3: casework. Reference data are rows (categories change between years; a record keeps
    // the code it was given, and a retired code stays readable).
    r#"
    CREATE TABLE reference_items (
        kind TEXT NOT NULL,
        code TEXT NOT NULL,
        label TEXT NOT NULL,
        grouping TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL,
        retired_at TEXT,
        PRIMARY KEY (kind, code)
    ) STRICT;

    CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        reference TEXT NOT NULL UNIQUE,
        episode INTEGER NOT NULL DEFAULT 1,
        stage TEXT NOT NULL,
        stage_since TEXT NOT NULL,
        received_on TEXT NOT NULL,
        referrer_name TEXT NOT NULL,
        referrer_organisation TEXT NOT NULL,
        referrer_sector TEXT NOT NULL,
        full_name TEXT NOT NULL,
        other_names TEXT NOT NULL,
        date_of_birth TEXT,
        approximate_age INTEGER,
        gender TEXT NOT NULL,
        address TEXT NOT NULL,
        postcode TEXT NOT NULL,
        school_or_employer TEXT NOT NULL,
        languages TEXT NOT NULL,
        ethnicity TEXT NOT NULL,
        concern_type TEXT NOT NULL,
        concern TEXT NOT NULL,
        needs_mental_health INTEGER NOT NULL,
        needs_neurodiversity INTEGER NOT NULL,
        needs_sen INTEGER NOT NULL,
        other_agencies TEXT NOT NULL,
        mash_informed INTEGER,
        screened_out INTEGER NOT NULL DEFAULT 0,
        exit_date TEXT,
        exit_reason TEXT,
        created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX cases_received ON cases (received_on, id);
    CREATE INDEX cases_stage ON cases (stage, received_on);
    CREATE INDEX cases_concern ON cases (concern_type, received_on);
    CREATE INDEX cases_sector ON cases (referrer_sector, received_on);
    CREATE INDEX cases_birth ON cases (date_of_birth);
    CREATE INDEX cases_name ON cases (full_name COLLATE NOCASE);
    CREATE INDEX cases_stage_concern ON cases (stage, concern_type);

    -- Names, other names and reference, lower-cased without accents, for substring search.
    CREATE VIRTUAL TABLE case_search USING fts5 (folded, tokenize = 'trigram');

    CREATE TABLE case_events (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        episode INTEGER NOT NULL,
        happened_on TEXT NOT NULL,
        kind TEXT NOT NULL,
        summary TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX case_events_case ON case_events (case_id, id);

    CREATE TABLE screenings (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        episode INTEGER NOT NULL,
        screened_on TEXT NOT NULL,
        outcome TEXT NOT NULL,
        information_gathering TEXT NOT NULL
    ) STRICT;

    CREATE TABLE vaf_assessments (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        episode INTEGER NOT NULL,
        assessed_on TEXT NOT NULL,
        assessor TEXT NOT NULL,
        engagement_summary TEXT NOT NULL,
        intent_summary TEXT NOT NULL,
        capability_summary TEXT NOT NULL,
        conclusion TEXT NOT NULL
    ) STRICT;
    CREATE TABLE vaf_factors (
        assessment_id INTEGER NOT NULL REFERENCES vaf_assessments (id),
        factor TEXT NOT NULL,
        applies INTEGER NOT NULL,
        notes TEXT NOT NULL,
        PRIMARY KEY (assessment_id, factor)
    ) STRICT;

    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        episode INTEGER NOT NULL,
        decided_on TEXT NOT NULL,
        kind TEXT NOT NULL,
        rationale TEXT NOT NULL,
        how_reached TEXT NOT NULL,
        signposted_to TEXT NOT NULL,
        exit_reason TEXT NOT NULL,
        recorded_by TEXT NOT NULL
    ) STRICT;
    CREATE INDEX decisions_case ON decisions (case_id);

    CREATE TABLE consents (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        episode INTEGER NOT NULL,
        sought_on TEXT NOT NULL,
        sought_by TEXT NOT NULL,
        status TEXT NOT NULL,
        status_on TEXT NOT NULL,
        given_by TEXT NOT NULL,
        guardian_name TEXT NOT NULL,
        guardian_relationship TEXT NOT NULL,
        capacity_notes TEXT NOT NULL
    ) STRICT;
    CREATE INDEX consents_case ON consents (case_id);

    CREATE TABLE interventions (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        episode INTEGER NOT NULL,
        kind TEXT NOT NULL,
        provider TEXT NOT NULL,
        start_on TEXT NOT NULL,
        planned_end_on TEXT NOT NULL,
        funding TEXT NOT NULL,
        sessions_planned INTEGER NOT NULL,
        sessions_delivered INTEGER NOT NULL DEFAULT 0,
        last_session_on TEXT,
        status TEXT NOT NULL,
        outcome TEXT NOT NULL
    ) STRICT;
    CREATE INDEX interventions_case ON interventions (case_id);
    CREATE INDEX interventions_status ON interventions (status, start_on);

    CREATE TABLE case_notes (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases (id),
        written_on TEXT NOT NULL,
        author TEXT NOT NULL,
        text TEXT NOT NULL
    ) STRICT;

    -- Home Office categories (Prevent statistics) and the VAF's 22 factors.
    INSERT INTO reference_items (kind, code, label, grouping, position) VALUES
        ('sector', 'education', 'Education', '', 1),
        ('sector', 'police', 'Police', '', 2),
        ('sector', 'local_authority', 'Local Authority', '', 3),
        ('sector', 'health', 'Health', '', 4),
        ('sector', 'community', 'Community', '', 5),
        ('sector', 'friends_family', 'Friends and family', '', 6),
        ('sector', 'prisons', 'Prisons', '', 7),
        ('sector', 'probation', 'Probation', '', 8),
        ('sector', 'other', 'Other', '', 9),
        ('concern_type', 'islamist', 'Islamist', '', 1),
        ('concern_type', 'extreme_right_wing', 'Extreme Right-Wing', '', 2),
        ('concern_type', 'left_anarchist_single_issue', 'Left-wing, anarchist or single-issue', '', 3),
        ('concern_type', 'conflicted', 'Conflicted', '', 4),
        ('concern_type', 'school_massacre', 'School massacre', '', 5),
        ('concern_type', 'incel', 'Incel', '', 6),
        ('concern_type', 'vulnerability_no_ideology', 'Vulnerability present but no ideology or CT risk', '', 7),
        ('concern_type', 'no_risk', 'No risk, vulnerability or ideology present', '', 8),
        ('concern_type', 'other_unclear', 'Other or unclear', '', 9),
        ('concern_type', 'no_ideology_susceptibility', 'No ideology identified / other susceptibility to radicalisation', '', 10),
        ('concern_type', 'fascination_mass_violence', 'Fascination with extreme violence or mass casualty attacks', '', 11),
        ('intervention_type', 'intervention_provider', 'Intervention Provider (ideological or theological mentoring)', '', 1),
        ('intervention_type', 'education', 'Education', '', 2),
        ('intervention_type', 'careers', 'Careers', '', 3),
        ('intervention_type', 'employment', 'Employment', '', 4),
        ('intervention_type', 'housing', 'Housing', '', 5),
        ('intervention_type', 'health', 'Health', '', 6),
        ('intervention_type', 'mental_health', 'Mental health', '', 7),
        ('intervention_type', 'substance_misuse', 'Substance misuse', '', 8),
        ('intervention_type', 'family_support', 'Family support and parenting', '', 9),
        ('intervention_type', 'diversionary', 'Diversionary activity', '', 10),
        ('intervention_type', 'other', 'Other', '', 11),
        ('vaf_factor', 'grievance', 'Feelings of grievance and injustice', 'engagement', 1),
        ('vaf_factor', 'threat', 'Feeling under threat', 'engagement', 2),
        ('vaf_factor', 'identity', 'Need for identity, meaning and belonging', 'engagement', 3),
        ('vaf_factor', 'status', 'Desire for status', 'engagement', 4),
        ('vaf_factor', 'excitement', 'Desire for excitement and adventure', 'engagement', 5),
        ('vaf_factor', 'dominate', 'Need to dominate and control others', 'engagement', 6),
        ('vaf_factor', 'indoctrination', 'Susceptibility to indoctrination', 'engagement', 7),
        ('vaf_factor', 'change', 'Desire for political or moral change', 'engagement', 8),
        ('vaf_factor', 'opportunistic', 'Opportunistic involvement', 'engagement', 9),
        ('vaf_factor', 'family_friends', 'Family or friends involved in extremism', 'engagement', 10),
        ('vaf_factor', 'transitional', 'Being at a transitional time of life', 'engagement', 11),
        ('vaf_factor', 'group_influence', 'Being influenced or controlled by a group', 'engagement', 12),
        ('vaf_factor', 'mental_health', 'Relevant mental health issues', 'engagement', 13),
        ('vaf_factor', 'over_identification', 'Over-identification with a group or ideology', 'intent', 14),
        ('vaf_factor', 'them_and_us', '"Them and us" thinking', 'intent', 15),
        ('vaf_factor', 'dehumanisation', 'Dehumanisation of the enemy', 'intent', 16),
        ('vaf_factor', 'justify_offending', 'Attitudes that justify offending', 'intent', 17),
        ('vaf_factor', 'harmful_means', 'Harmful means to an end', 'intent', 18),
        ('vaf_factor', 'harmful_objectives', 'Harmful objectives', 'intent', 19),
        ('vaf_factor', 'knowledge_skills', 'Individual knowledge, skills and competencies', 'capability', 20),
        ('vaf_factor', 'access', 'Access to networks, funding or equipment', 'capability', 21),
        ('vaf_factor', 'criminal_capability', 'Criminal capability', 'capability', 22);
    "#,
    // 4: panel meetings. Attendance copies a member's name, organisation and role so the
    // minutes of a past meeting do not change when a member's details do. Approved minutes
    // are locked by triggers: corrections go into `minutes_amendments` and never overwrite.
    r#"
    CREATE TABLE panel_members (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        organisation TEXT NOT NULL,
        role TEXT NOT NULL,
        police INTEGER NOT NULL,
        retired_at TEXT
    ) STRICT;

    CREATE TABLE meetings (
        id INTEGER PRIMARY KEY,
        held_on TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        place TEXT NOT NULL,
        chair TEXT NOT NULL,
        approved_on TEXT,
        approved_by TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX meetings_held ON meetings (held_on);

    CREATE TABLE agenda_items (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings (id),
        position INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('new_case', 'in_channel', 'post_exit_review', 'action', 'other')),
        case_id INTEGER REFERENCES cases (id),
        action_id INTEGER,
        title TEXT NOT NULL,
        reason TEXT NOT NULL,
        -- The case's stage when it was put on the agenda: the minutes keep it.
        stage TEXT NOT NULL DEFAULT '',
        discussion TEXT NOT NULL DEFAULT '',
        decision_id INTEGER REFERENCES decisions (id),
        removed_reason TEXT
    ) STRICT;
    CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, position);

    CREATE TABLE attendance (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings (id),
        member_id INTEGER REFERENCES panel_members (id),
        name TEXT NOT NULL,
        organisation TEXT NOT NULL,
        role TEXT NOT NULL,
        police INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('present', 'apologies', 'for_item')),
        agenda_item_id INTEGER REFERENCES agenda_items (id)
    ) STRICT;
    CREATE INDEX attendance_meeting ON attendance (meeting_id);

    CREATE TABLE actions (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings (id),
        agenda_item_id INTEGER REFERENCES agenda_items (id),
        case_id INTEGER REFERENCES cases (id),
        what TEXT NOT NULL,
        owner TEXT NOT NULL,
        due_on TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
        status_on TEXT,
        dropped_reason TEXT NOT NULL DEFAULT '',
        created_by TEXT NOT NULL
    ) STRICT;
    CREATE INDEX actions_status ON actions (status, due_on);
    CREATE INDEX actions_meeting ON actions (meeting_id);

    CREATE TABLE minutes_amendments (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings (id),
        made_on TEXT NOT NULL,
        made_by TEXT NOT NULL,
        text TEXT NOT NULL
    ) STRICT;
    CREATE TRIGGER minutes_amendments_append_only BEFORE UPDATE ON minutes_amendments
        BEGIN SELECT RAISE(ABORT, 'amendments are never changed'); END;
    CREATE TRIGGER minutes_amendments_never_deleted BEFORE DELETE ON minutes_amendments
        BEGIN SELECT RAISE(ABORT, 'amendments are never deleted'); END;

    CREATE TRIGGER approved_meeting_locked BEFORE UPDATE ON meetings
        WHEN OLD.approved_on IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'approved minutes are locked'); END;
    CREATE TRIGGER approved_agenda_locked BEFORE UPDATE ON agenda_items
        WHEN (SELECT approved_on FROM meetings WHERE id = OLD.meeting_id) IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'approved minutes are locked'); END;
    CREATE TRIGGER approved_agenda_no_insert BEFORE INSERT ON agenda_items
        WHEN (SELECT approved_on FROM meetings WHERE id = NEW.meeting_id) IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'approved minutes are locked'); END;
    CREATE TRIGGER approved_attendance_no_insert BEFORE INSERT ON attendance
        WHEN (SELECT approved_on FROM meetings WHERE id = NEW.meeting_id) IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'approved minutes are locked'); END;
    CREATE TRIGGER approved_attendance_no_delete BEFORE DELETE ON attendance
        WHEN (SELECT approved_on FROM meetings WHERE id = OLD.meeting_id) IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'approved minutes are locked'); END;
    -- An action's status moves on after approval; what was agreed does not.
    CREATE TRIGGER approved_action_wording_locked BEFORE UPDATE OF what, owner, due_on, meeting_id ON actions
        WHEN (SELECT approved_on FROM meetings WHERE id = OLD.meeting_id) IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'approved minutes are locked'); END;
    CREATE TRIGGER approved_action_no_insert BEFORE INSERT ON actions
        WHEN (SELECT approved_on FROM meetings WHERE id = NEW.meeting_id) IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'approved minutes are locked'); END;
    "#,
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;
