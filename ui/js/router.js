// The one place that knows which screen shows for which route, who may open it, which link
// of the primary navigation is current, and which screen was shown last. Screens open one
// another only through navigate() (kit/navigate.js), which this module answers.

import { errorMessage } from "./kit/dom.js";
import { setNavigator } from "./kit/navigate.js";
import { actionsScreen } from "./screens/actions/actions.js";
import { auditScreen } from "./screens/audit/audit.js";
import { backupScreen } from "./screens/backup/backup.js";
import { restoreStartScreen } from "./screens/backup/restore.js";
import { casesScreen } from "./screens/cases/list.js";
import { caseScreen } from "./screens/cases/record.js";
import { referralScreen } from "./screens/cases/referral.js";
import { homeScreen } from "./screens/home/home.js";
import { meetingsScreen } from "./screens/meetings/list.js";
import { meetingScreen } from "./screens/meetings/meeting.js";
import { planActionScreen } from "./screens/plan/action.js";
import { dashboardScreen } from "./screens/plan/dashboard.js";
import { periodScreen } from "./screens/plan/period.js";
import { planScreen } from "./screens/plan/plan.js";
import { trainingScreen } from "./screens/plan/training.js";
import { reportsScreen } from "./screens/reports/reports.js";
import { retentionScreen } from "./screens/retention/retention.js";
import { referenceScreen } from "./screens/settings/reference.js";
import { settingsScreen } from "./screens/settings/settings.js";
import { administratorScreen } from "./screens/start/administrator.js";
import { createScreen } from "./screens/start/create.js";
import { passphraseScreen } from "./screens/start/passphrase.js";
import { recoveryScreen } from "./screens/start/recover.js";
import { unlockScreen } from "./screens/start/unlock.js";
import { steeringScreen } from "./screens/steering/list.js";
import { steeringMeetingScreen } from "./screens/steering/meeting.js";

/** @import { App, Area, Routes } from "./kit/navigate.js" */
/** @import { Person } from "./api/bindings.js" */

/**
 * The primary navigation, in order.
 * @type {Area[]}
 */
const AREAS = [
  { route: "home", title: "Home" },
  {
    route: "cases",
    title: "Referrals and cases",
    summary: "Referrals, screening, VAF assessments, consent, support and the panel's decisions.",
    caseworkers: true,
  },
  {
    route: "meetings",
    title: "Panel meetings",
    summary: "Agendas, attendance, decisions in the room, minutes and their export to PDF.",
    caseworkers: true,
  },
  {
    route: "actions",
    title: "Actions",
    summary: "Every action agreed at the panel: owners, due dates, overdue ones first.",
    caseworkers: true,
  },
  {
    route: "plan",
    title: "Delivery plan",
    summary:
      "The Prevent delivery plan: actions, progress, measures, training and the steering " +
      "group's meetings.",
    planReaders: true,
  },
  {
    route: "reports",
    title: "Reports",
    summary:
      "Channel statistics for any period, and the annual report to the Community Safety " +
      "Partnership with its figures, to PDF and CSV.",
    statisticsReaders: true,
  },
  {
    route: "audit",
    title: "Audit",
    admin: true,
    summary: "Who unlocked, changed or exported what, and when.",
  },
  {
    route: "settings",
    title: "Settings",
    summary: "Your passphrase; for administrators, people with access and the idle lock.",
  },
];

/**
 * The areas this person's role may see.
 * @param {Person | null} person
 * @returns {Area[]}
 */
export function areasFor(person) {
  if (!person) return [];
  return AREAS.filter(
    (r) =>
      (!r.admin || person.may.administer) &&
      (!r.caseworkers || person.may.read_cases) &&
      (!r.planReaders || person.may.read_plan) &&
      (!r.statisticsReaders || person.may.read_statistics),
  );
}

/**
 * Each route's screen. `open` routes show while locked; `signedIn` ones need someone
 * unlocked, even with a temporary passphrase; the rest belong to an `area` of the primary
 * navigation, and show only to people whose role may see it.
 * @type {Record<string, {open?: boolean, signedIn?: boolean, area?: string,
 *   show: (app: App, params: any) => unknown}>}
 */
const SCREENS = {
  create: { open: true, show: (app) => createScreen(app) },
  unlock: { open: true, show: (app, p) => unlockScreen(app, p.message) },
  recover: { open: true, show: () => recoveryScreen() },
  restore: { open: true, show: () => restoreStartScreen() },
  administrator: { open: true, show: (app) => administratorScreen(app) },
  passphrase: { signedIn: true, show: (app, p) => passphraseScreen(app, p.forced === true) },
  home: { area: "home", show: (app, p) => homeScreen(app, p) },
  cases: { area: "cases", show: (app, p) => casesScreen(app, p.query) },
  referral: { area: "cases", show: () => referralScreen() },
  case: { area: "cases", show: (app, p) => caseScreen(app, p.id, p.tab, p.message) },
  meetings: { area: "meetings", show: (app) => meetingsScreen(app) },
  meeting: { area: "meetings", show: (app, p) => meetingScreen(app, p.id, p.tab, p.message) },
  actions: { area: "actions", show: (app, p) => actionsScreen(app, p.filter) },
  plan: { area: "plan", show: (app, p) => planScreen(app, p) },
  "plan-action": { area: "plan", show: (app, p) => planActionScreen(app, p.id, p.message) },
  "plan-dashboard": { area: "plan", show: (app) => dashboardScreen(app) },
  "plan-period": { area: "plan", show: (app) => periodScreen(app) },
  training: { area: "plan", show: (app, p) => trainingScreen(app, p) },
  steering: { area: "plan", show: (app, p) => steeringScreen(app, p) },
  "steering-meeting": { area: "plan", show: (app, p) => steeringMeetingScreen(app, p) },
  reports: { area: "reports", show: (app, p) => reportsScreen(app, p) },
  audit: { area: "audit", show: () => auditScreen() },
  settings: { area: "settings", show: (app) => settingsScreen(app) },
  reference: { area: "settings", show: (app) => referenceScreen(app) },
  backup: { area: "settings", show: (_, p) => backupScreen(p.message) },
  retention: { area: "settings", show: (_app, p) => retentionScreen(p.message) },
};

/**
 * @param {App} app
 * @param {{open?: boolean, signedIn?: boolean, area?: string}} target
 */
function allowed(app, target) {
  if (target.open) return true;
  if (!app.person) return false;
  if (target.signedIn) return true;
  if (app.person.must_change_passphrase) return false;
  return app.routes().some((r) => r.route === target.area);
}

/**
 * The screen of an area last shown and what it was opened with; none for Home, where
 * unlocking goes anyway.
 * @type {{route: keyof Routes, params: any} | null}
 */
let shown = null;

/**
 * Where the person is: the screen of an area last shown, without its one-off message, so
 * that unlocking can return there.
 * @returns {{route: keyof Routes, params: any} | null}
 */
export function currentPlace() {
  return shown && { route: shown.route, params: { ...shown.params, message: undefined } };
}

/** @param {string} route an area of the primary navigation */
function markCurrent(route) {
  for (const link of document.querySelectorAll(".moj-primary-navigation__link")) {
    if (link.id === `nav-${route}`) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

/**
 * Answers navigate() for this window's `app`. A failure to show a screen is shown in its
 * place, except "locked", for which the frame shows the unlock screen.
 * @param {App} app
 */
export function startRouter(app) {
  setNavigator(async (route, params) => {
    const target = SCREENS[route];
    if (!target || !allowed(app, target)) return;
    if (target.area) markCurrent(target.area);
    try {
      await target.show(app, params);
      if (target.area) {
        shown = route === "home" ? null : { route: /** @type {keyof Routes} */ (route), params };
      }
    } catch (error) {
      if (error.code !== "locked") {
        document.getElementById("main").replaceChildren(errorMessage(error.message));
      }
    }
  });
}
