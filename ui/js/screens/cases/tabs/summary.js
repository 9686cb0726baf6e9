// Summary: the referral's details, and the next step of the journey the case is at: police
// screening, sending to the panel, the 6- and 12-month reviews, or re-referral; and, apart
// from the journey, recording the person's sex or gender, ethnicity and needs.

import {
  recordReview,
  recordScreening,
  reRefer,
  sendToPanel,
  setCategories,
  startScreening,
} from "../../../api/cases.js";
import { actionButton } from "../../../kit/buttons.js";
import { longDate } from "../../../kit/dates.js";
import { details, el, para, section, summaryList } from "../../../kit/dom.js";
import { tag } from "../../../kit/tags.js";
import { actionForm, categoryFields } from "../parts.js";

/** @import { CaseView } from "../parts.js" */
/** @import { Category } from "../../../api/bindings.js" */

/** @param {boolean | null} v */
const YES_NO = (v) => (v === true ? "Yes" : v === false ? "No" : "Not recorded");

/**
 * A step of the journey that needs nothing but a press, such as "Send to the panel".
 * @param {CaseView} view
 * @param {{id: string, step: (caseId: number) => Promise<null>, label: string,
 *   message: string}} options
 */
function stepButton(view, { id, step, label, message }) {
  return actionButton({
    id,
    label,
    run: async () => {
      await step(view.record.id);
      await view.show("summary", message);
    },
  });
}

/**
 * Categories' labels, tagged when one still waits for a category (text typed before
 * categories existed, or none recorded).
 * @param {Category[]} categories
 * @param {string} none what shows when there are none
 */
function categoryValue(categories, none) {
  const text = categories.map((c) => c.label).join(", ") || none;
  return categories.some((c) => c.to_be_categorised || !c.code)
    ? [text, " ", tag("To be categorised", "yellow")]
    : text;
}

/**
 * The form that records or corrects the categories, showing those recorded.
 * @param {CaseView} view
 */
async function categoriesForm(view) {
  const { id, categories: c } = view.record;
  const fields = await categoryFields({
    gender: c.gender.code,
    ethnicity: c.ethnicity.code,
    needs: c.needs.map((n) => n.code),
  });
  return details(
    "Record sex or gender, ethnicity and needs",
    "open-categories-form",
    actionForm({
      view,
      tab: "summary",
      id: "categories-form",
      fields: [fields.gender, fields.ethnicity, fields.needs],
      submitText: "Save sex or gender, ethnicity and needs",
      message: "Sex or gender, ethnicity and needs recorded",
      submit: (v) => setCategories(id, v),
    }),
  );
}

/** @param {CaseView} view */
export async function summaryTab(view) {
  const { record: r } = view;
  const ref = r.referral;
  const next = r.next_steps;
  const actions = [];
  if (next.start_screening) {
    actions.push(
      stepButton(view, {
        id: "start-screening",
        step: startScreening,
        label: "Send for police screening",
        message: "Sent for police screening",
      }),
    );
  }
  if (next.record_screening) {
    actions.push(
      section(
        "Record the police screening outcome",
        actionForm({
          view,
          tab: "summary",
          id: "screening-form",
          fields: [
            { name: "screened_on", label: "Date screened", type: "date" },
            {
              name: "outcome",
              label: "Outcome",
              type: "radios",
              options: [
                { value: "suitable_for_channel", label: "Suitable for Channel" },
                { value: "police_led_case_management", label: "Police-led case management" },
                {
                  value: "passed_to_other_services",
                  label: "Not appropriate: passed to other safeguarding services",
                },
                {
                  value: "not_appropriate_no_further_action",
                  label: "Not appropriate: no further action",
                },
              ],
            },
            {
              name: "information_gathering",
              label: "Information gathering",
              hint: "What partners shared, and information sharing requests",
              type: "textarea",
            },
          ],
          submitText: "Save screening outcome",
          message: "Screening outcome recorded",
          submit: (v) => recordScreening(r.id, v),
        }),
      ),
    );
  }
  if (next.send_to_panel) {
    actions.push(
      stepButton(view, {
        id: "send-to-panel",
        step: sendToPanel,
        label: "Send to the panel",
        message: "Ready for the panel",
      }),
    );
  }
  const months = next.review_months;
  if (months) {
    const due = r.next_review ? ` (${longDate(r.next_review.due_on)})` : "";
    actions.push(
      section(
        `Record the ${months}-month review`,
        actionForm({
          view,
          tab: "summary",
          id: "review-form",
          fields: [
            { name: "reviewed_on", label: "Date of review", type: "date" },
            { name: "notes", label: "What the review found", type: "textarea" },
            {
              name: "early_reason",
              label: "Why the review is held early (optional)",
              hint: `Needed only for a review before its due date${due}.`,
              type: "textarea",
            },
          ],
          submitText: "Save review",
          message: "Review recorded",
          // The core refuses an early review without its reason: shown beside that field.
          submit: (v) =>
            recordReview(r.id, { ...v, months }).catch((error) => {
              throw error.rule === "review_not_before_due"
                ? { ...error, field: "early_reason" }
                : error;
            }),
        }),
      ),
    );
  }
  if (next.re_refer) {
    actions.push(
      section(
        "Re-refer",
        para("A new referral for this person opens a new episode; the history stays."),
        actionForm({
          view,
          tab: "summary",
          id: "rerefer-form",
          fields: [
            { name: "received_on", label: "Date the new referral was received", type: "date" },
            { name: "concern", label: "The new concern", type: "textarea" },
          ],
          submitText: "Re-refer",
          message: "Re-referred as a new episode",
          submit: (v) => reRefer(r.id, v.received_on, v.concern),
        }),
      ),
    );
  }
  if (view.app.person.may.record_casework) actions.push(await categoriesForm(view));
  const address = [ref.address, ref.postcode].filter(Boolean).join("\n");
  return [
    summaryList([
      ["Received", longDate(ref.received_on)],
      ["Referrer", [ref.referrer_name, ref.referrer_organisation].filter(Boolean).join(", ")],
      ["Referrer sector", r.sector_label],
      ["Other names", ref.other_names],
      [
        "Date of birth",
        ref.date_of_birth
          ? longDate(ref.date_of_birth)
          : ref.approximate_age !== null
            ? `Not known (about ${ref.approximate_age} at referral)`
            : "",
      ],
      ["Sex or gender", categoryValue([r.categories.gender], "")],
      [
        "Address",
        // Lines as typed: a line break in the address is shown as one.
        address && el("span", { class: "cd-lines", id: "case-address" }, address),
      ],
      ["School, college or employer", ref.school_or_employer],
      ["Languages", ref.languages],
      ["Ethnicity", categoryValue([r.categories.ethnicity], "")],
      ["Type of concern", r.concern_type_label],
      ["The concern", ref.concern],
      ["Needs", categoryValue(r.categories.needs, "None recorded")],
      ["Other agencies", ref.other_agencies],
      ["MASH informed", YES_NO(ref.mash_informed)],
    ]),
    ...actions.map((a) => el("div", { class: "cd-action" }, a)),
  ];
}
