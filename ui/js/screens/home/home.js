// Home: who is signed in, what needs attention today (each a link to what is behind it; for
// administrators, a backup when one is due), and the areas this person's role may open.

import { today } from "../../api/cases.js";
import { lastBackup } from "../../kit/backup.js";
import { dateTime, longDate } from "../../kit/dates.js";
import { el, heading, notice, para, screen, warningText } from "../../kit/dom.js";
import { integritySection } from "../../kit/integrity.js";
import { routeLink } from "../../kit/navigate.js";
import { overdueTag } from "../../kit/tags.js";
import { plural } from "../../kit/text.js";

/** @import { App, Told } from "../../kit/navigate.js" */

/**
 * What needs attention, each a link to the cases behind it.
 * @param {App} app
 */
async function todaySection(app) {
  if (!app.person.may.read_cases) return null;
  const t = await today();
  /**
   * @param {string} id
   * @param {string} text
   * @param {import("../../api/bindings.js").CaseQuery} query
   */
  const link = (id, text, query) =>
    el(
      "li",
      {},
      routeLink(
        "cases",
        { query: { sort: "received", descending: true, page: 0, ...query } },
        { id },
        text,
      ),
    );
  const reminder =
    t.backup_due &&
    el(
      "div",
      { id: "backup-reminder" },
      lastBackup(t.backup_due),
      para(routeLink("backup", {}, { id: "home-backup" }, "Back up now")),
    );
  return [
    reminder,
    el(
      "section",
      { class: "cd-today", id: "today", "aria-labelledby": "today-heading" },
      el("h2", { class: "govuk-heading-m", id: "today-heading" }, "Today"),
      el(
        "ul",
        { class: "govuk-list" },
        link("today-new", `${plural(t.new_referrals, "new referral", "new referrals")}`, {
          stage: "referral_received",
        }),
        link(
          "today-screening",
          `${plural(t.awaiting_screening, "referral", "referrals")} awaiting police screening`,
          { stage: "screening" },
        ),
        link("today-panel", `${plural(t.awaiting_panel, "case", "cases")} awaiting the panel`, {
          stage: "awaiting_panel",
        }),
        link("today-support", `${plural(t.in_support, "case", "cases")} in support`, {
          stage: "support",
        }),
        link("today-flags", `${plural(t.flagged_support, "flag", "flags")} on support`, {
          flagged: true,
        }),
        el(
          "li",
          {},
          t.next_meeting
            ? routeLink(
                "meeting",
                { id: t.next_meeting.id },
                { id: "today-meeting" },
                `Next panel meeting ${longDate(t.next_meeting.held_on)}: ` +
                  `${plural(t.next_meeting.agenda_items, "item", "items")} on the agenda`,
              )
            : routeLink("meetings", {}, { id: "today-meeting" }, "No panel meeting scheduled"),
        ),
        el(
          "li",
          {},
          routeLink(
            "actions",
            { filter: { owner: "", meeting_id: null, status: "open", page: 0 } },
            { id: "today-actions" },
            `${plural(t.overdue_actions, "overdue action", "overdue actions")}`,
          ),
        ),
      ),
      el(
        "h3",
        { class: "govuk-heading-s" },
        "Reviews after exit due in the next 30 days or overdue",
      ),
      t.reviews_due.length
        ? el(
            "ul",
            { class: "govuk-list", id: "reviews-due" },
            t.reviews_due.map((r) =>
              el(
                "li",
                {},
                routeLink("case", { id: r.case_id }, {}, r.reference),
                ` ${r.full_name}: ${r.review} due ${longDate(r.due_on)}`,
                overdueTag(r.overdue),
              ),
            ),
          )
        : para("None."),
    ),
  ];
}

/**
 * @param {App} app
 * @param {Told} told once, after unlocking
 */
export async function homeScreen(
  app,
  { lastFailedAttempt, attemptsRecordLost, auditCut, message },
) {
  const person = app.person;
  const todayNode = await todaySection(app);
  const integrity = person.may.administer ? await integritySection() : null;
  screen(
    "Home",
    message ? notice(message, "success") : null,
    lastFailedAttempt
      ? notice(
          `The last failed attempt to unlock was on ${dateTime(lastFailedAttempt)}. ` +
            "If that was not you, tell your administrator.",
        )
      : null,
    attemptsRecordLost
      ? warningText(
          "The record of failed attempts to unlock was deleted or replaced since the last " +
            "unlock, so earlier failed attempts may not be known. Tell your administrator.",
          { id: "attempts-record-lost", hidden: "Warning" },
        )
      : null,
    auditCut ? warningText(auditCut.message, { id: "audit-cut", hidden: "Warning" }) : null,
    heading("Home"),
    el(
      "p",
      { class: "govuk-body-l", id: "signed-in-as" },
      `${person.full_name}, ${person.role_label}`,
    ),
    todayNode,
    integrity,
    el(
      "ul",
      { class: "govuk-list cd-area-list" },
      app
        .routes()
        .filter((r) => r.route !== "home")
        .map((r) =>
          el(
            "li",
            {},
            el(
              "h2",
              { class: "govuk-heading-s govuk-!-margin-bottom-1" },
              routeLink(r.route, {}, { id: `home-${r.route}` }, r.title),
            ),
            r.summary ? para(r.summary) : null,
          ),
        ),
    ),
  );
}
