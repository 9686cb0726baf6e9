// Calls to the app's Rust commands. A failure arrives as {code, message, field}.

export async function call(command, args = {}) {
  try {
    return await window.__TAURI__.core.invoke(command, args);
  } catch (error) {
    if (error && typeof error === "object" && "code" in error) {
      if (error.code === "locked") document.dispatchEvent(new CustomEvent("cd-locked"));
      throw error;
    }
    throw { code: "internal", message: String(error), field: null };
  }
}

// Work the page must finish before locking (a discussion typed but not yet saved).
let pendingBeforeLock = null;

export function beforeLock(flush) {
  pendingBeforeLock = flush;
}

export async function flushBeforeLock() {
  const flush = pendingBeforeLock;
  pendingBeforeLock = null;
  if (flush) await flush().catch(() => {});
}
