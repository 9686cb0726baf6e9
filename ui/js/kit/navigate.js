// How a screen opens another: by route name, through the router, never by importing it. The
// router registers itself here when the window starts; screens know only route names and
// their parameters (Routes below).

import { el } from "./dom.js";

/** @import { ActionFilter, AuditCut, CaseQuery, Person, PlanFilter, Status } from "../api/bindings.js" */

/**
 * An area of the primary navigation.
 * @typedef {object} Area
 * @property {keyof Routes} route
 * @property {string} title
 * @property {string} [summary] what it holds, on Home
 * @property {boolean} [admin] for administrators only
 * @property {boolean} [caseworkers] not for the steering group lead
 * @property {boolean} [planReaders] not for panel members
 * @property {boolean} [statisticsReaders] for the chair, the steering group lead and
 *   administrators
 */

/**
 * What to tell someone who has just signed in, once, on Home: when the last failed attempt to
 * unlock was, whether the record of failed attempts was missing or replaced, and a message.
 * @typedef {object} Told
 * @property {string | null} [lastFailedAttempt] an instant
 * @property {boolean} [attemptsRecordLost]
 * @property {AuditCut | null} [auditCut] the audit trail no longer reaches the head the key
 *   file recorded
 * @property {string} [message]
 */

/**
 * What every screen is given: the database's status, who is signed in, the areas their role
 * may see, and how to go on once someone has unlocked.
 * @typedef {object} App
 * @property {Status | null} status
 * @property {Person | null} person
 * @property {() => Area[]} routes
 * @property {(person: Person, told?: Told) => void} signedIn
 */

/**
 * Each route and what it is opened with.
 * @typedef {object} Routes
 * @property {{message?: string}} unlock
 * @property {{}} create
 * @property {{}} recover
 * @property {{}} restore
 * @property {{}} administrator
 * @property {{forced?: boolean}} passphrase
 * @property {Told} home
 * @property {{query?: CaseQuery}} cases
 * @property {{}} referral
 * @property {{id: number, tab?: string, message?: string}} case
 * @property {{}} meetings
 * @property {{id: number, tab?: string, message?: string}} meeting
 * @property {{filter?: ActionFilter}} actions
 * @property {{filter?: PlanFilter, message?: string}} plan
 * @property {{id: number, message?: string}} plan-action
 * @property {{}} plan-dashboard
 * @property {{}} plan-period
 * @property {{from?: string, to?: string, message?: string}} training
 * @property {{message?: string}} steering
 * @property {{id: number, message?: string, tab?: string}} steering-meeting
 * @property {{from?: string, to?: string, exact?: boolean, message?: string}} reports
 * @property {{}} audit
 * @property {{}} settings
 * @property {{}} reference
 * @property {{message?: string}} backup
 * @property {{message?: string}} retention
 */

/** @type {(route: string, params: object) => Promise<void>} */
let open = async () => {};

/**
 * For the router only.
 * @param {(route: string, params: object) => Promise<void>} opener
 */
export function setNavigator(opener) {
  open = opener;
}

/**
 * Shows the screen for `route`; resolves once it shows.
 * @template {keyof Routes} R
 * @param {R} route
 * @param {Routes[R]} [params]
 * @returns {Promise<void>}
 */
export function navigate(route, params) {
  return open(route, params ?? {});
}

/**
 * A link to `route` (href "#route"); `attrs` add an id or replace the class.
 * @template {keyof Routes} R
 * @param {R} route
 * @param {Routes[R]} params
 * @param {Record<string, any>} attrs
 * @param {...any} children
 */
export function routeLink(route, params, attrs, ...children) {
  return el(
    "a",
    {
      href: `#${route}`,
      class: "govuk-link",
      ...attrs,
      onclick: (/** @type {Event} */ e) => {
        e.preventDefault();
        navigate(route, params);
      },
    },
    ...children,
  );
}
