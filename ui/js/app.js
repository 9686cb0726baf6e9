// The window's frame: the header, the primary navigation, locking (the Lock button, Ctrl+L,
// the idle lock, and a lock from elsewhere) and which start screen shows first. Which screen
// shows for a route is the router's business (router.js).

import { flushBeforeLock } from "./api/call.js";
import { activity, appStatus, lock } from "./api/session.js";
import { el } from "./kit/dom.js";
import { navigate, routeLink } from "./kit/navigate.js";
import { showRecoveryKeyWarning } from "./kit/recovery.js";
import { areasFor, currentPlace, startRouter } from "./router.js";

/** @import { App, Routes } from "./kit/navigate.js" */
/** @import { Person } from "./api/bindings.js" */

/**
 * Who was signed in when the app locked, and the screen they were on.
 * @type {{person: Person, place: {route: keyof Routes, params: any} | null} | null}
 */
let lockedFrom = null;

/** @type {App} */
const app = {
  status: null,
  person: null,

  routes() {
    return areasFor(this.person);
  },

  signedIn(person, told = {}) {
    this.person = person;
    if (person.must_change_passphrase) {
      showFrame(person, false);
      navigate("passphrase", { forced: true });
      return;
    }
    // The same person in the same role goes back to the screen they were on; anyone else, or
    // someone to be told of failed attempts, starts at Home.
    const left = lockedFrom;
    lockedFrom = null;
    const back =
      left?.person.username === person.username && left.person.role === person.role
        ? left.place
        : null;
    showFrame(person, true);
    // The screen is shown afresh: what was typed into a form and not saved does not survive.
    if (back && !told.lastFailedAttempt && !told.attemptsRecordLost && !told.auditCut) {
      navigate(back.route, back.params);
    } else navigate("home", told);
    appStatus().then((status) => {
      document.getElementById("demo-tag").hidden = !status.demo;
      showRecoveryKeyWarning(person, status.recovery_key_confirmed);
    });
  },
};

/**
 * @param {Person} person
 * @param {boolean} withNav
 */
function showFrame(person, withNav) {
  const who = document.getElementById("header-person");
  who.textContent = `${person.full_name} (${person.role_label})`;
  who.hidden = false;
  document.getElementById("lock-button").hidden = false;
  document.getElementById("marking").hidden = false;
  const nav = document.getElementById("primary-nav");
  nav.hidden = !withNav;
  document
    .getElementById("primary-nav-list")
    .replaceChildren(
      ...app
        .routes()
        .map((r) =>
          el(
            "li",
            { class: "moj-primary-navigation__item" },
            routeLink(
              r.route,
              {},
              { class: "moj-primary-navigation__link", id: `nav-${r.route}` },
              r.title,
            ),
          ),
        ),
    );
}

function hideFrame() {
  app.person = null;
  showRecoveryKeyWarning(null);
  for (const id of ["header-person", "lock-button", "marking", "primary-nav", "demo-tag"]) {
    document.getElementById(id).hidden = true;
  }
  document.getElementById("primary-nav-list").replaceChildren();
}

/**
 * Shows the locked screen: nothing of the data stays on the page.
 * @param {string} message
 */
async function showLocked(message) {
  if (app.person) lockedFrom = { person: app.person, place: currentPlace() };
  hideFrame();
  document.getElementById("main").replaceChildren();
  app.status = await appStatus();
  await navigate("unlock", { message });
}

async function lockNow() {
  if (!app.person && !app.status?.recovery) return;
  await flushBeforeLock();
  await lock();
  await showLocked("Channel Desk is locked.");
}

function reportActivity() {
  let last = 0;
  const report = () => {
    const now = Date.now();
    if (app.person && now - last > 15000) {
      last = now;
      activity().catch(() => {});
    }
  };
  for (const type of ["keydown", "pointerdown", "pointermove", "wheel"]) {
    document.addEventListener(type, report, { passive: true });
  }
}

/** @type {Record<string, string>} Why the app locked itself, by the reason it gives. */
const LOCKED_ITSELF = {
  idle: "Channel Desk locked itself after a period without activity.",
  sleep: "Channel Desk locked itself as the computer went to sleep.",
  "screen locked": "Channel Desk locked itself as the screen was locked.",
};

async function start() {
  startRouter(app);
  document.getElementById("lock-button").addEventListener("click", lockNow);
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "l") {
      e.preventDefault();
      lockNow();
    }
  });
  document.addEventListener("cd-locked", (e) =>
    showLocked(/** @type {CustomEvent} */ (e).detail?.message ?? "Channel Desk is locked."),
  );
  await window.__TAURI__.event.listen("session-locked", ({ payload }) =>
    showLocked(LOCKED_ITSELF[String(payload)] ?? "Channel Desk is locked."),
  );
  reportActivity();

  app.status = await appStatus();
  document.getElementById("header-database").textContent = app.status.database;
  if (app.status.person) app.signedIn(app.status.person);
  else if (app.status.recovery) navigate("administrator");
  else if (app.status.state.state === "missing") navigate("create");
  else navigate("unlock");
}

start();
