-- Statistics in the Home Office categories: sex and gender, ethnicity (ONS 2021 census
-- groups) and mental health and neurodiversity needs as reference data; every referral
-- episode and review after exit as rows to count; national figures to compare with;
-- the annual report's narratives; the suppression threshold.

INSERT INTO reference_items (kind, code, label, grouping, position) VALUES
    ('gender', 'female', 'Female', '', 1),
    ('gender', 'male', 'Male', '', 2),
    ('gender', 'non_binary_other', 'Non-binary or another gender', '', 3),
    ('gender', 'not_known', 'Not known', '', 4),
    ('gender', 'prefer_not_to_say', 'Prefer not to say', '', 5),
    ('ethnicity', 'asian_bangladeshi', 'Asian: Bangladeshi', 'Asian, Asian British or Asian Welsh', 1),
    ('ethnicity', 'asian_chinese', 'Asian: Chinese', 'Asian, Asian British or Asian Welsh', 2),
    ('ethnicity', 'asian_indian', 'Asian: Indian', 'Asian, Asian British or Asian Welsh', 3),
    ('ethnicity', 'asian_pakistani', 'Asian: Pakistani', 'Asian, Asian British or Asian Welsh', 4),
    ('ethnicity', 'asian_other', 'Asian: any other Asian background', 'Asian, Asian British or Asian Welsh', 5),
    ('ethnicity', 'black_african', 'Black: African', 'Black, Black British, Black Welsh, Caribbean or African', 6),
    ('ethnicity', 'black_caribbean', 'Black: Caribbean', 'Black, Black British, Black Welsh, Caribbean or African', 7),
    ('ethnicity', 'black_other', 'Black: any other Black, Black British or Caribbean background', 'Black, Black British, Black Welsh, Caribbean or African', 8),
    ('ethnicity', 'mixed_white_asian', 'Mixed: White and Asian', 'Mixed or Multiple ethnic groups', 9),
    ('ethnicity', 'mixed_white_black_african', 'Mixed: White and Black African', 'Mixed or Multiple ethnic groups', 10),
    ('ethnicity', 'mixed_white_black_caribbean', 'Mixed: White and Black Caribbean', 'Mixed or Multiple ethnic groups', 11),
    ('ethnicity', 'mixed_other', 'Mixed: any other Mixed or Multiple ethnic background', 'Mixed or Multiple ethnic groups', 12),
    ('ethnicity', 'white_british', 'White: English, Welsh, Scottish, Northern Irish or British', 'White', 13),
    ('ethnicity', 'white_irish', 'White: Irish', 'White', 14),
    ('ethnicity', 'white_gypsy_irish_traveller', 'White: Gypsy or Irish Traveller', 'White', 15),
    ('ethnicity', 'white_roma', 'White: Roma', 'White', 16),
    ('ethnicity', 'white_other', 'White: any other White background', 'White', 17),
    ('ethnicity', 'other_arab', 'Other ethnic group: Arab', 'Other ethnic group', 18),
    ('ethnicity', 'other_any', 'Other ethnic group: any other ethnic group', 'Other ethnic group', 19),
    ('ethnicity', 'not_known', 'Not known', '', 20),
    ('ethnicity', 'prefer_not_to_say', 'Prefer not to say', '', 21),
    ('need', 'mh_anxiety', 'Anxiety', 'Mental health', 1),
    ('need', 'mh_depression', 'Depression', 'Mental health', 2),
    ('need', 'mh_psychosis', 'Psychosis or a psychotic disorder', 'Mental health', 3),
    ('need', 'mh_personality', 'Personality disorder', 'Mental health', 4),
    ('need', 'mh_trauma', 'Post-traumatic stress or trauma', 'Mental health', 5),
    ('need', 'mh_self_harm', 'Self-harm or suicidal thoughts', 'Mental health', 6),
    ('need', 'mh_eating', 'Eating disorder', 'Mental health', 7),
    ('need', 'mh_other', 'Another mental health need', 'Mental health', 8),
    ('need', 'mh_unspecified', 'Mental health need (condition not recorded)', 'Mental health', 9),
    ('need', 'nd_autism', 'Autism', 'Neurodiversity', 10),
    ('need', 'nd_adhd', 'ADHD', 'Neurodiversity', 11),
    ('need', 'nd_learning_disability', 'Learning disability', 'Neurodiversity', 12),
    ('need', 'nd_other', 'Another neurodivergence', 'Neurodiversity', 13),
    ('need', 'nd_unspecified', 'Neurodivergence (condition not recorded)', 'Neurodiversity', 14),
    ('need', 'sen', 'Special educational needs', 'Other needs', 15),
    ('need', 'none', 'None identified', '', 16),
    ('need', 'not_known', 'Not known', '', 17),
    ('need', 'prefer_not_to_say', 'Prefer not to say', '', 18);

-- A case's categories. The old free-text columns `gender` and `ethnicity` now keep only
-- what was typed before categories existed and matched none of them: "to be categorised".
ALTER TABLE cases ADD COLUMN gender_code TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN ethnicity_code TEXT NOT NULL DEFAULT '';

-- Free text matches a category by its label, its code, or the part of the label after
-- its group ("Indian" for "Asian: Indian"), ignoring case, accents and spaces around.
UPDATE cases SET gender_code = coalesce((
    SELECT code FROM reference_items r WHERE r.kind = 'gender'
      AND fold(trim(cases.gender)) IN (fold(r.label), fold(r.code))), '')
WHERE trim(gender) <> '';
UPDATE cases SET ethnicity_code = coalesce((
    SELECT code FROM reference_items r WHERE r.kind = 'ethnicity'
      AND fold(trim(cases.ethnicity)) IN (fold(r.label), fold(r.code),
          fold(substr(r.label, instr(r.label, ': ') + 2)))
    ORDER BY r.position LIMIT 1), '')
WHERE trim(ethnicity) <> '';
UPDATE cases SET gender = '' WHERE gender_code <> '' OR trim(gender) = '';
UPDATE cases SET ethnicity = '' WHERE ethnicity_code <> '' OR trim(ethnicity) = '';
CREATE INDEX cases_gender ON cases (gender_code);
CREATE INDEX cases_ethnicity ON cases (ethnicity_code);

-- Needs, more than one per person; the three yes/no fields become conditions not recorded.
CREATE TABLE case_needs (
    case_id INTEGER NOT NULL REFERENCES cases (id),
    code TEXT NOT NULL,
    PRIMARY KEY (case_id, code)
) STRICT, WITHOUT ROWID;
INSERT INTO case_needs (case_id, code)
    SELECT id, 'mh_unspecified' FROM cases WHERE needs_mental_health = 1
    UNION ALL SELECT id, 'nd_unspecified' FROM cases WHERE needs_neurodiversity = 1
    UNION ALL SELECT id, 'sen' FROM cases WHERE needs_sen = 1;
ALTER TABLE cases DROP COLUMN needs_mental_health;
ALTER TABLE cases DROP COLUMN needs_neurodiversity;
ALTER TABLE cases DROP COLUMN needs_sen;

-- Every referral of a case, the first and each re-referral: the statistics count these,
-- so a re-referral is a new referral in its own period.
CREATE TABLE episodes (
    case_id INTEGER NOT NULL REFERENCES cases (id),
    episode INTEGER NOT NULL,
    received_on TEXT NOT NULL,
    PRIMARY KEY (case_id, episode)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO episodes (case_id, episode, received_on)
    SELECT case_id, episode, min(happened_on) FROM case_events
    WHERE kind IN ('case.referral', 'case.rereferral') GROUP BY case_id, episode;
INSERT OR IGNORE INTO episodes (case_id, episode, received_on)
    SELECT id, episode, received_on FROM cases;
CREATE INDEX episodes_received ON episodes (received_on);

-- Reviews after exit, until now only in the timeline ("6-month review after exit: ...").
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    episode INTEGER NOT NULL,
    months INTEGER NOT NULL CHECK (months IN (6, 12)),
    reviewed_on TEXT NOT NULL
) STRICT;
INSERT INTO reviews (case_id, episode, months, reviewed_on)
    SELECT case_id, episode, CAST(summary AS INTEGER), happened_on FROM case_events
    WHERE kind = 'case.review' AND CAST(summary AS INTEGER) IN (6, 12);
CREATE INDEX reviews_case ON reviews (case_id, episode, months, reviewed_on);
CREATE INDEX reviews_on ON reviews (reviewed_on);

-- Covering indexes: the statistics read a referral's steps from these alone.
CREATE INDEX screenings_case ON screenings (case_id, episode, screened_on, outcome);
CREATE INDEX decisions_episode ON decisions (case_id, episode, kind, decided_on);
CREATE INDEX interventions_episode ON interventions (case_id, episode, status, start_on);
CREATE INDEX screenings_on ON screenings (screened_on);
CREATE INDEX decisions_on ON decisions (decided_on);
CREATE INDEX consents_on ON consents (status_on);
CREATE INDEX interventions_start ON interventions (start_on);
CREATE INDEX agenda_items_case ON agenda_items (case_id, removed_reason, meeting_id);

-- England and Wales figures per financial year (the year it starts), to compare with.
CREATE TABLE national_figures (
    year_start INTEGER PRIMARY KEY,
    referrals INTEGER NOT NULL CHECK (referrals > 0),
    discussed INTEGER CHECK (discussed >= 0),
    adopted INTEGER CHECK (adopted >= 0),
    source TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
INSERT INTO national_figures VALUES
    (2023, 6922, 893, 512, 'Home Office, Individuals referred to and supported through the Prevent Programme, April 2023 to March 2024', 'system', datetime('now')),
    (2024, 8778, NULL, NULL, 'Home Office, Individuals referred to and supported through the Prevent Programme, April 2024 to March 2025', 'system', datetime('now'));

-- The annual report's words, one per priority of the plan, for the report's period.
CREATE TABLE report_narratives (
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    priority INTEGER NOT NULL,
    text TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (period_from, period_to, priority)
) STRICT;

INSERT INTO settings (key, value) VALUES
    ('suppression_threshold', '5'),
    ('borough', 'London Borough of Barking and Dagenham');
