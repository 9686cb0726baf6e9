-- The Prevent steering group's side: delivery plan periods with their vision, objectives,
-- priorities, headings and actions; each action's tracking (status and RAG history, dated
-- progress updates); success measures and their values; training delivered and cohorts; and
-- the steering group's own meetings. No table here refers to a case: steering work holds
-- no case data.

CREATE TABLE plan_periods (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    vision TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE plan_objectives (
    id INTEGER PRIMARY KEY,
    period_id INTEGER NOT NULL REFERENCES plan_periods (id),
    position INTEGER NOT NULL,
    text TEXT NOT NULL
) STRICT;

CREATE TABLE plan_priorities (
    id INTEGER PRIMARY KEY,
    period_id INTEGER NOT NULL REFERENCES plan_periods (id),
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    UNIQUE (period_id, number)
) STRICT;

-- The objective headings under each priority, as printed; the steering group corrects
-- wording the conversion lost (audited, with the printed text kept).
CREATE TABLE plan_headings (
    id INTEGER PRIMARY KEY,
    priority_id INTEGER NOT NULL REFERENCES plan_priorities (id),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    printed TEXT NOT NULL
) STRICT;

CREATE TABLE plan_actions (
    id INTEGER PRIMARY KEY,
    period_id INTEGER NOT NULL REFERENCES plan_periods (id),
    heading_id INTEGER NOT NULL REFERENCES plan_headings (id),
    -- Stable across edits and renumbering; the printed number may repeat ("36" twice).
    key TEXT NOT NULL,
    number TEXT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    owners TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    lead TEXT NOT NULL DEFAULT '',
    partners TEXT NOT NULL DEFAULT '',
    target_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN
        ('not_started', 'on_track', 'at_risk', 'off_track', 'complete', 'dropped')),
    status_reason TEXT NOT NULL DEFAULT '',
    rag TEXT NOT NULL DEFAULT 'none' CHECK (rag IN ('none', 'green', 'amber', 'red')),
    rag_reason TEXT NOT NULL DEFAULT '',
    -- The action of an earlier period this one continues, whose history it shows.
    carried_from INTEGER REFERENCES plan_actions (id),
    retired_on TEXT,
    retired_reason TEXT NOT NULL DEFAULT '',
    added_on TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (status <> 'dropped' OR status_reason <> ''),
    UNIQUE (period_id, key)
) STRICT;
CREATE INDEX plan_actions_period ON plan_actions (period_id, position);

-- Each change of status or RAG, so the dashboard can compare with an earlier date.
CREATE TABLE plan_action_states (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES plan_actions (id),
    since TEXT NOT NULL,
    status TEXT NOT NULL,
    rag TEXT NOT NULL
) STRICT;
CREATE INDEX plan_action_states_action ON plan_action_states (action_id, since);

CREATE TABLE plan_updates (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES plan_actions (id),
    made_on TEXT NOT NULL,
    made_by TEXT NOT NULL,
    text TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '',
    steering_meeting_id INTEGER REFERENCES steering_meetings (id),
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX plan_updates_action ON plan_updates (action_id, made_on);

CREATE TABLE plan_measures (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES plan_actions (id),
    name TEXT NOT NULL,
    unit TEXT NOT NULL CHECK (unit IN ('percent', 'count')),
    target REAL NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('at_least', 'at_most'))
) STRICT;

CREATE TABLE measure_values (
    id INTEGER PRIMARY KEY,
    measure_id INTEGER NOT NULL REFERENCES plan_measures (id),
    measured_on TEXT NOT NULL,
    value REAL NOT NULL,
    numerator INTEGER,
    denominator INTEGER,
    source TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    CHECK ((numerator IS NULL) = (denominator IS NULL)),
    CHECK (denominator IS NULL OR (denominator > 0 AND numerator BETWEEN 0 AND denominator))
) STRICT;
CREATE INDEX measure_values_measure ON measure_values (measure_id, measured_on);

CREATE TABLE training_sessions (
    id INTEGER PRIMARY KEY,
    held_on TEXT NOT NULL,
    product TEXT NOT NULL,
    deliverer TEXT NOT NULL,
    organisation TEXT NOT NULL,
    sector TEXT NOT NULL,
    role_group TEXT NOT NULL,
    attended INTEGER NOT NULL CHECK (attended > 0),
    action_id INTEGER REFERENCES plan_actions (id),
    recorded_by TEXT NOT NULL
) STRICT;
CREATE INDEX training_sessions_held ON training_sessions (held_on);

-- A role group's headcount and how many have completed a product, as counted on a date;
-- the percentage is recorded as a value of the measure it feeds.
CREATE TABLE training_cohorts (
    id INTEGER PRIMARY KEY,
    counted_on TEXT NOT NULL,
    product TEXT NOT NULL,
    sector TEXT NOT NULL,
    role_group TEXT NOT NULL,
    headcount INTEGER NOT NULL CHECK (headcount > 0),
    completed INTEGER NOT NULL CHECK (completed BETWEEN 0 AND headcount),
    measure_value_id INTEGER REFERENCES measure_values (id),
    recorded_by TEXT NOT NULL
) STRICT;

-- People trained before records were kept here (the plan's "over 1,400 school staff").
CREATE TABLE training_baselines (
    id INTEGER PRIMARY KEY,
    as_of TEXT NOT NULL,
    product TEXT NOT NULL,
    sector TEXT NOT NULL,
    people INTEGER NOT NULL CHECK (people > 0),
    note TEXT NOT NULL
) STRICT;

CREATE TABLE steering_meetings (
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

CREATE TABLE steering_attendance (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES steering_meetings (id),
    name TEXT NOT NULL,
    organisation TEXT NOT NULL,
    sector TEXT NOT NULL,
    faith_or_community INTEGER NOT NULL CHECK (faith_or_community IN (0, 1)),
    status TEXT NOT NULL CHECK (status IN ('present', 'apologies'))
) STRICT;

CREATE TABLE steering_agenda (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES steering_meetings (id),
    position INTEGER NOT NULL,
    action_id INTEGER REFERENCES plan_actions (id),
    measure_id INTEGER REFERENCES plan_measures (id),
    title TEXT NOT NULL,
    reason TEXT NOT NULL,
    discussion TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE steering_agreed (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES steering_meetings (id),
    what TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_on TEXT NOT NULL
) STRICT;

-- Approved steering minutes are locked, as the panel's are.
CREATE TRIGGER steering_agenda_locked BEFORE UPDATE ON steering_agenda
WHEN (SELECT approved_on FROM steering_meetings WHERE id = OLD.meeting_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'approved minutes cannot change');
END;

INSERT INTO settings (key, value) VALUES ('plan_stale_days', '90'), ('training_refresher_years', '2');

INSERT INTO reference_items (kind, code, label, grouping, position) VALUES
    ('training_product', 'wrap', 'WRAP (Workshop to Raise Awareness of Prevent)', '', 1),
    ('training_product', 'prevent_elearning', 'Prevent e-learning', '', 2),
    ('training_product', 'channel_awareness', 'Channel awareness', '', 3),
    ('training_product', 'prevent_referrals', 'Prevent referrals', '', 4),
    ('training_product', 'hostile_reconnaissance', 'Hostile reconnaissance', '', 5),
    ('training_product', 'leaflets_stalls', 'Leaflets and stalls', '', 6),
    ('training_product', 'briefings_inductions', 'Briefings and inductions', '', 7),
    ('training_product', 'other', 'Other', '', 8);
