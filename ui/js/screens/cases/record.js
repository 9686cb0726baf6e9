// One case's record: a summary card and sub-navigation (Summary · Timeline · VAF · Consent ·
// Support · Decisions · Notes), each tab in tabs/. Each tab offers the actions the journey
// allows; the core decides, and its refusal is shown with the rule it names.

import { caseRecord } from "../../api/cases.js";
import { longDate } from "../../kit/dates.js";
import { el, heading, notice, screen, subNavigation, summaryList } from "../../kit/dom.js";
import { overdueTag, stageTag } from "../../kit/tags.js";
import { plural } from "../../kit/text.js";
import { subjectAccessSection } from "./access.js";
import { consentTab } from "./tabs/consent.js";
import { decisionsTab } from "./tabs/decisions.js";
import { notesTab } from "./tabs/notes.js";
import { summaryTab } from "./tabs/summary.js";
import { supportTab } from "./tabs/support.js";
import { timelineTab } from "./tabs/timeline.js";
import { vafTab } from "./tabs/vaf.js";

/** @import { App } from "../../kit/navigate.js" */
/** @import { CaseView } from "./parts.js" */

/** @type {[string, string][]} */
const TABS = [
  ["summary", "Summary"],
  ["timeline", "Timeline"],
  ["vaf", "VAF"],
  ["consent", "Consent"],
  ["support", "Support"],
  ["decisions", "Decisions"],
  ["notes", "Notes"],
];

/** @type {Record<string, (view: CaseView) => any>} */
const CONTENT = {
  summary: summaryTab,
  timeline: timelineTab,
  vaf: vafTab,
  consent: consentTab,
  support: supportTab,
  decisions: decisionsTab,
  notes: notesTab,
};

/**
 * @param {App} app
 * @param {number} id
 * @param {string} [tab]
 * @param {string} [message]
 */
export async function caseScreen(app, id, tab = "summary", message = undefined) {
  const r = await caseRecord(id);
  const body = await CONTENT[tab]({
    app,
    record: r,
    show: (t, msg) => caseScreen(app, r.id, t, msg),
  });
  const tabTitle = TABS.find(([k]) => k === tab)[1];
  screen(
    `${r.reference} ${tabTitle}`,
    message ? notice(message, "success") : null,
    el("span", { class: "govuk-caption-l" }, r.reference),
    heading(r.referral.full_name),
    el(
      "div",
      { class: "cd-case-summary", id: "case-summary" },
      summaryList([
        ["Reference", r.reference + (r.episode > 1 ? `, episode ${r.episode}` : "")],
        ["Age today", r.age_today ?? "Not known"],
        [
          "Stage",
          [stageTag(r.stage, r.stage_label), ` for ${plural(r.days_in_stage, "day", "days")}`],
        ],
        [
          "Next review",
          r.next_review
            ? [
                `${r.next_review.what} due ${longDate(r.next_review.due_on)}`,
                overdueTag(r.next_review.overdue),
              ]
            : "None due",
        ],
      ]),
    ),
    app.person?.may.administer ? subjectAccessSection(r.id) : null,
    subNavigation({
      label: "Case record sections",
      items: TABS,
      current: tab,
      idPrefix: "tab",
      open: (key) => caseScreen(app, id, key),
    }),
    el("h2", { class: "govuk-visually-hidden" }, tabTitle),
    body,
  );
}
