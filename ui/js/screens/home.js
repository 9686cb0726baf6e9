// Home and the areas later work fills. Each area says plainly that it holds nothing yet.

import { call } from "../api.js";
import { el, dateTime, heading, longDate, notice, para, screen } from "../dom.js";
import { caseScreen } from "./case.js";
import { casesScreen } from "./cases.js";
import { actionsScreen } from "./actions.js";
import { meetingScreen } from "./meetings.js";

export const AREAS = [
  { route: "cases", title: "Referrals and cases", summary: "Referrals, screening, VAF assessments, consent, support and the panel's decisions.", caseworkers: true },
  { route: "meetings", title: "Panel meetings", summary: "Agendas, attendance, decisions in the room, minutes and their export to PDF.", caseworkers: true },
  { route: "actions", title: "Actions", summary: "Every action agreed at the panel: owners, due dates, overdue ones first.", caseworkers: true },
  { route: "plan", title: "Delivery plan", empty: "The delivery plan is not loaded yet. Its priorities, actions, owners and progress will be kept here." },
  { route: "reports", title: "Reports", empty: "There is nothing to report yet. Statistics for the panel and the Community Safety Partnership will appear here once there are cases." },
];

/** What needs attention, each a link to the cases behind it. */
async function todaySection(app) {
  if (app.person.role === "steering_lead") return null;
  const t = await call("today");
  const link = (id, text, query) => el("li", {}, el("a", { href: "#cases", class: "govuk-link", id, onclick: (e) => { e.preventDefault(); casesScreen(app, { sort: "received", descending: true, page: 0, ...query }); } }, text));
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  return el("section", { class: "cd-today", id: "today", "aria-labelledby": "today-heading" },
    el("h2", { class: "govuk-heading-m", id: "today-heading" }, "Today"),
    el("ul", { class: "govuk-list" },
      link("today-new", `${plural(t.new_referrals, "new referral", "new referrals")}`, { stage: "referral_received" }),
      link("today-screening", `${plural(t.awaiting_screening, "referral", "referrals")} awaiting police screening`, { stage: "screening" }),
      link("today-panel", `${plural(t.awaiting_panel, "case", "cases")} awaiting the panel`, { stage: "awaiting_panel" }),
      link("today-support", `${plural(t.in_support, "case", "cases")} in support`, { stage: "support" }),
      link("today-flags", `${plural(t.flagged_support, "flag", "flags")} on support`, { flagged: true }),
      el("li", {}, t.next_meeting
        ? el("a", { href: "#meeting", class: "govuk-link", id: "today-meeting", onclick: (e) => { e.preventDefault(); meetingScreen(app, t.next_meeting[0]); } },
          `Next panel meeting ${longDate(t.next_meeting[1])}: ${plural(t.next_meeting[2], "item", "items")} on the agenda`)
        : el("a", { href: "#meetings", class: "govuk-link", id: "today-meeting", "data-route": "meetings" }, "No panel meeting scheduled")),
      el("li", {}, el("a", { href: "#actions", class: "govuk-link", id: "today-actions", onclick: (e) => { e.preventDefault(); actionsScreen(app, { owner: "", meeting_id: null, status: "open" }); } },
        `${plural(t.overdue_actions, "overdue action", "overdue actions")}`))),
    el("h3", { class: "govuk-heading-s" }, "Reviews after exit due in the next 30 days or overdue"),
    t.reviews_due.length
      ? el("ul", { class: "govuk-list", id: "reviews-due" }, t.reviews_due.map(([id, reference, name, review, due]) => el("li", {},
        el("a", { href: "#case", class: "govuk-link", onclick: (e) => { e.preventDefault(); caseScreen(app, id); } }, reference), ` ${name}: ${review} due ${longDate(due)}`)))
      : para("None."));
}

export async function home(app, lastFailedAttempt, message) {
  const person = app.person;
  const today = await todaySection(app);
  screen("Home",
    message ? notice(message, "success") : null,
    lastFailedAttempt
      ? notice(`The last failed attempt to unlock was on ${dateTime(lastFailedAttempt)}. If that was not you, tell your administrator.`)
      : null,
    heading("Home"),
    el("p", { class: "govuk-body-l", id: "signed-in-as" }, `${person.full_name}, ${person.role_label}`),
    today,
    el("ul", { class: "govuk-list cd-area-list" },
      app.routes().filter((r) => r.route !== "home").map((r) =>
        el("li", {},
          el("h2", { class: "govuk-heading-s govuk-!-margin-bottom-1" },
            el("a", { class: "govuk-link", href: `#${r.route}`, "data-route": r.route, id: `home-${r.route}` }, r.title)),
          r.summary ? para(r.summary) : null))));
}

export function emptyArea(area) {
  screen(area.title,
    heading(area.title),
    el("div", { class: "cd-empty", id: "empty-state" },
      el("h2", { class: "govuk-heading-m" }, "Nothing here yet"),
      para(area.empty)));
}
