// The HTTP API as docs/openapi.yaml describes it: JSON in, JSON or application/problem+json out.

import { settingsFor } from "./config.js";

/** A failed call: status, the problem's stable code and its detail in words (RFC 9457). */
export class ApiError extends Error {
  constructor(status, problem) {
    const detail = (problem && (problem.detail || problem.title || problem.message)) || `the server answered ${status}`;
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.code = (problem && problem.code) || (status === 0 ? "network" : status === 401 ? "unauthorized" : `http-${status}`);
    this.detail = detail;
    this.problem = problem || null;
  }
}

/** Calls the API for an element (its settings, its token), and tells the page about a 401. */
export async function call(element, method, path, body, credentials = "omit") {
  const { apiBase, getToken } = settingsFor(element);
  if (typeof getToken !== "function") {
    throw new ApiError(0, { code: "not-configured", detail: "drivelink is not configured: call drivelink.configure({apiBase, getToken})" });
  }
  const token = await getToken();
  if (!token) {
    const error = new ApiError(401, { code: "signed-out", detail: "You are signed out: sign in again." });
    element.dispatchEvent(new CustomEvent("drivelink-unauthorized", { bubbles: true, composed: true, detail: { error } }));
    throw error;
  }
  const headers = { "Authorization": "Bearer " + token, "Accept": "application/json, application/problem+json" };
  // credentials only where the contract needs them: auth-url sets the HttpOnly consent cookie that binds
  // the consent to this browser (the callback refuses a state without it)
  const init = { method, headers, cache: "no-store", credentials };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(apiBase + path, init);
  } catch (e) {
    throw new ApiError(0, { code: "network", detail: "The drivelink service could not be reached. Check your connection and try again." });
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = null;
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, json);
    if (response.status === 401) {
      element.dispatchEvent(new CustomEvent("drivelink-unauthorized", { bubbles: true, composed: true, detail: { error } }));
    }
    throw error;
  }
  return json;
}

const enc = encodeURIComponent;

/** "?a=1&b=2" of the query's non-empty values, or "". */
function queryString(query) {
  const q = Object.entries(query || {}).filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => `${enc(k)}=${enc(v)}`).join("&");
  return q ? `?${q}` : "";
}

/** One function per route of docs/openapi.yaml that the elements use. */
export const routes = {
  authUrl: (el, redirectAfter) => call(el, "GET", `/drive/auth-url?redirectAfter=${enc(redirectAfter)}`, undefined, "include"),
  listConnections: (el) => call(el, "GET", "/drive/connections"),
  getConnection: (el, id) => call(el, "GET", `/drive/connections/${enc(id)}`),
  setRootFolder: (el, id, folder) => call(el, "PATCH", `/drive/connections/${enc(id)}/folder`, { folder }),
  revoke: (el, id) => call(el, "DELETE", `/drive/connections/${enc(id)}`),
  refresh: (el, id) => call(el, "POST", `/drive/connections/${enc(id)}/refresh`),
  listFolders: (el, id, parent, pageToken) => call(el, "GET", `/drive/connections/${enc(id)}/folders?pageSize=50`
    + (parent ? `&parent=${enc(parent)}` : "") + (pageToken ? `&pageToken=${enc(pageToken)}` : "")),
  createFolder: (el, id, name) => call(el, "POST", `/drive/connections/${enc(id)}/folders`, { name }),
  resolveFolder: (el, connectionId, folder) => call(el, "POST", "/drive/folder/resolve", { folder, connectionId }),
  createUpload: (el, request) => call(el, "POST", "/drive/uploads", request),
  getUpload: (el, id) => call(el, "GET", `/drive/uploads/${enc(id)}`),
  listProjects: (el) => call(el, "GET", "/drive/projects"),
  getGlobalSettings: (el, connectionId) => call(el, "GET", `/drive/settings?connectionId=${enc(connectionId)}`),
  putGlobalSettings: (el, connectionId, change) => call(el, "PUT", `/drive/settings?connectionId=${enc(connectionId)}`, change),
  getProjectSettings: (el, p) => call(el, "GET", `/drive/projects/${enc(p)}/settings`),
  putProjectSettings: (el, p, change) => call(el, "PUT", `/drive/projects/${enc(p)}/settings`, change),
  getSyncStatus: (el, p) => call(el, "GET", `/drive/projects/${enc(p)}/sync`),
  resumeSync: (el, p) => call(el, "POST", `/drive/projects/${enc(p)}/sync/resume`, { confirm: true }),
  /** One page of a project's files with their sync status; query {limit, cursor}. */
  listFiles: (el, p, query) => call(el, "GET", `/drive/projects/${enc(p)}/files${queryString(query)}`),
  importFiles: (el, p, request) => call(el, "POST", `/drive/projects/${enc(p)}/imports`, request),
  listConflicts: (el, p) => call(el, "GET", `/drive/projects/${enc(p)}/conflicts`),
  resolveConflict: (el, p, id, keep) => call(el, "POST", `/drive/projects/${enc(p)}/conflicts/${enc(id)}/resolve`, { keep }),
  /** One page of the activity log: a project's (p given) or all the user's; query {limit, cursor, action, status}. */
  activity: (el, p, query) => call(el, "GET", (p ? `/drive/projects/${enc(p)}/activity` : "/drive/activity") + queryString(query)),
};
