-- casework. Reference data are rows (categories change between years; a record keeps the code
-- it was given, and a retired code stays readable).

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
