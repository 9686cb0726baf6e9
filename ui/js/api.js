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
