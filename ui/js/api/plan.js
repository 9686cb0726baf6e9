// The steering group's delivery plan (src-tauri/src/commands/plan.rs): loading the borough's
// plan, the plan with filters, one command for each change to an action, success measures,
// training, the dashboard and the plan's settings. Each is its generated binding
// (bindings.js), typed from the Rust command.

import { commands } from "./bindings.js";

export const {
  loadSeedPlan,
  plan,
  planAction,
  trackPlanAction,
  addProgressUpdate,
  addPlanAction,
  retirePlanAction,
  renumberPlanAction,
  correctPlanHeading,
  startPlanPeriod,
  addMeasure,
  recordMeasureValue,
  measures,
  recordTrainingSession,
  recordTrainingBaseline,
  recordCohort,
  training,
  planDashboard,
} = commands;
