// Recording a new referral: one page in sections, as on the national referral form; once
// saved, the new case's record shows.

import { recordReferral } from "../../api/cases.js";
import { heading, para, screen } from "../../kit/dom.js";
import { form } from "../../kit/forms.js";
import { navigate, routeLink } from "../../kit/navigate.js";
import { choose, referenceOptions } from "../../kit/reference.js";
import { categoryFields } from "./parts.js";

export async function referralScreen() {
  const [sectors, concerns, categories] = await Promise.all([
    referenceOptions("sector"),
    referenceOptions("concern_type"),
    categoryFields(),
  ]);
  screen(
    "Record a referral",
    heading("Record a referral"),
    para("Record what the referrer told you. Fields not marked as required can be left empty."),
    form({
      id: "referral-form",
      fields: [
        { type: "section", label: "The referral" },
        { name: "received_on", label: "Date received (required)", type: "date" },
        { name: "referrer_name", label: "Referrer's name (required)" },
        { name: "referrer_organisation", label: "Referrer's organisation" },
        {
          name: "referrer_sector",
          label: "Referrer's sector (required)",
          type: "select",
          options: choose(sectors),
        },
        { type: "section", label: "The person" },
        { name: "full_name", label: "Full name (required)" },
        {
          name: "other_names",
          label: "Other names",
          hint: "Aliases, and the name in its own script or spelling",
        },
        {
          name: "date_of_birth",
          label: "Date of birth",
          type: "date",
          hint: "For example, 27 3 2011. If it is not known, give an approximate age instead.",
        },
        {
          name: "approximate_age",
          label: "Approximate age in years, if the date of birth is not known",
          width: "short",
          inputmode: "numeric",
        },
        categories.gender,
        { name: "address", label: "Address", type: "textarea", rows: 3 },
        { name: "postcode", label: "Postcode", width: "medium" },
        { name: "school_or_employer", label: "School, college or employer" },
        { name: "languages", label: "Languages" },
        categories.ethnicity,
        { type: "section", label: "The concern" },
        {
          name: "concern_type",
          label: "Type of concern (required)",
          type: "select",
          options: choose(concerns),
        },
        {
          name: "concern",
          label: "The concern in the referrer's words (required)",
          type: "textarea",
          rows: 6,
        },
        { type: "section", label: "Needs and agencies" },
        categories.needs,
        { name: "other_agencies", label: "Other agencies involved", type: "textarea", rows: 2 },
        {
          name: "mash_informed",
          label: "Was the children's safeguarding front door (MASH) also informed?",
          hint: "Required for a person under 18",
          type: "radios",
          inline: true,
          options: [
            { value: "yes", label: "Yes" },
            { value: "no", label: "No" },
          ],
        },
      ],
      submitText: "Save referral",
      extra: [routeLink("cases", {}, {}, "Cancel")],
      onSubmit: async ({ gender, ethnicity, needs, ...referral }) => {
        const id = await recordReferral({ ...referral, categories: { gender, ethnicity, needs } });
        await navigate("case", { id, tab: "summary", message: "Referral recorded" });
      },
    }),
  );
}
