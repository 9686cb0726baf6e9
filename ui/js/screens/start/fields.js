// What the create, set-up-administrator and passphrase screens ask alike.

/** @import { Field } from "../../kit/forms.js" */

export const NEW_PASSPHRASE_HINT =
  "At least 12 characters, not your username, and not easy to guess. Three or four " +
  "random words are easy to remember and hard to guess.";

/** @returns {Field[]} */
export function newPersonFields() {
  return [
    { name: "full_name", label: "Full name", autocomplete: "name" },
    {
      name: "username",
      label: "Username",
      hint: "3 to 32 lower-case letters, digits, dots, hyphens or underscores, for example a.khan",
      autocomplete: "username",
      width: "medium",
    },
    {
      name: "passphrase",
      label: "Passphrase",
      type: "password",
      hint: NEW_PASSPHRASE_HINT,
      autocomplete: "new-password",
    },
    {
      name: "passphrase_confirm",
      label: "Confirm passphrase",
      type: "password",
      autocomplete: "new-password",
    },
  ];
}
