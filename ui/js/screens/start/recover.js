// Unlocking with the recovery key, when the key file is lost or no administrator can unlock;
// an administrator is then set up.

import { unlockWithRecovery } from "../../api/session.js";
import { heading, para, screen } from "../../kit/dom.js";
import { form } from "../../kit/forms.js";
import { navigate, routeLink } from "../../kit/navigate.js";

export function recoveryScreen() {
  screen(
    "Unlock with the recovery key",
    heading("Unlock with the recovery key"),
    para(
      "Use the recovery key when the key file beside the database is " +
        "lost or damaged, or no administrator can unlock. You will then " +
        "set up a new administrator.",
    ),
    form({
      id: "recovery-form",
      fields: [
        {
          name: "recovery_key",
          label: "Recovery key",
          hint: "64 characters in 16 groups of 4, for example 1A2B-3C4D-…",
          type: "password",
          autocomplete: "off",
        },
      ],
      submitText: "Unlock",
      extra: [routeLink("unlock", {}, {}, "Back to unlock")],
      onSubmit: async (v) => {
        await unlockWithRecovery(v.recovery_key);
        await navigate("administrator");
      },
    }),
  );
}
