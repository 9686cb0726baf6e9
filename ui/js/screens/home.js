// Home and the areas later work fills. Each area says plainly that it holds nothing yet.

import { el, dateTime, heading, notice, para, screen } from "../dom.js";

export const AREAS = [
  { route: "cases", title: "Referrals and cases", summary: "Referrals, screening, VAF assessments, consent, support and the panel's decisions.", caseworkers: true },
  { route: "meetings", title: "Panel meetings", empty: "No panel meetings are recorded yet. Agendas, attendance, decisions and minutes will be kept here." },
  { route: "plan", title: "Delivery plan", empty: "The delivery plan is not loaded yet. Its priorities, actions, owners and progress will be kept here." },
  { route: "reports", title: "Reports", empty: "There is nothing to report yet. Statistics for the panel and the Community Safety Partnership will appear here once there are cases." },
];

export function home(app, lastFailedAttempt, message) {
  const person = app.person;
  screen("Home",
    message ? notice(message, "success") : null,
    lastFailedAttempt
      ? notice(`The last failed attempt to unlock was on ${dateTime(lastFailedAttempt)}. If that was not you, tell your administrator.`)
      : null,
    heading("Home"),
    el("p", { class: "govuk-body-l", id: "signed-in-as" }, `${person.full_name}, ${person.role_label}`),
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
