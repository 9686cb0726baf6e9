-- A decision recorded outside a panel meeting (by the chair) keeps why it could not wait for
-- the next meeting; empty for the panel's decisions and those recorded before this step.
ALTER TABLE decisions ADD COLUMN urgent_reason TEXT NOT NULL DEFAULT '';
