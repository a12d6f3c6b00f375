// Where the API is and how to get the user's JWT: set once by the host page with configure(), or per
// element (attribute api-base, property getToken). Elements re-read it whenever configure() runs.

const settings = { apiBase: "", getToken: null };
const listeners = new Set();

/**
 * Configures every drivelink element on the page.
 * @param {{apiBase?: string, getToken?: () => (string|null|Promise<string|null>)}} options
 *   apiBase: the HTTP API's base URL ("" = this origin), e.g. https://abc.execute-api.eu-west-1.amazonaws.com
 *   getToken: returns the signed-in user's JWT (the host app's own); called before every request, never stored
 */
export function configure(options = {}) {
  if (options.apiBase !== undefined) {
    settings.apiBase = String(options.apiBase || "").replace(/\/+$/, "");
  }
  if (options.getToken !== undefined) {
    if (options.getToken !== null && typeof options.getToken !== "function") {
      throw new TypeError("drivelink.configure: getToken must be a function returning the user's JWT");
    }
    settings.getToken = options.getToken;
  }
  for (const listener of listeners) {
    listener();
  }
}

/** The current settings, for one element: its own api-base attribute and getToken property win. */
export function settingsFor(element) {
  const own = element.getAttribute("api-base");
  return {
    apiBase: own !== null ? own.replace(/\/+$/, "") : settings.apiBase,
    getToken: typeof element.getToken === "function" ? element.getToken : settings.getToken,
  };
}

export function isConfigured(element) {
  return typeof settingsFor(element).getToken === "function";
}

export function onConfigure(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
