// What the API's codes mean, in words a person can act on.

export const STATUS_LABEL = { ACTIVE: "Active", ERROR: "Needs attention", REVOKED: "Disconnected" };

/** Why a connection needs the user, or null when it does not. */
export function connectionReason(c) {
  if (c.status === "REVOKED") {
    return "drivelink no longer has access to this Google account" + (c.lastError ? ` (${c.lastError})` : "")
      + ". Reconnect to use it again.";
  }
  if (c.status === "ERROR") {
    return "Google did not renew drivelink's access" + (c.lastError ? ` (${c.lastError})` : "")
      + ". drivelink keeps trying; you can check now or reconnect.";
  }
  if (c.needsReconsent) {
    return "drivelink needs more permissions than this account granted. Reconnect to grant them.";
  }
  return null;
}

/** The callback's ?error= codes (docs/openapi.yaml, CallbackError). */
const CALLBACK_ERRORS = {
  invalid_state: "the connect link was already used or is not valid. Start again.",
  expired_state: "connecting took longer than 10 minutes. Start again.",
  access_denied: "you pressed Deny on Google's page, so Drive was not connected.",
  authorization_failed: "Google refused the request. Try again.",
  missing_code: "Google's answer could not be used. Try again.",
  code_rejected: "Google's answer could not be used. Try again.",
  scope_not_granted: "Google Drive access was not granted: tick the Drive permission on Google's page.",
  no_refresh_token: "Google did not grant lasting access. Remove drivelink at myaccount.google.com/permissions, then connect again.",
  folder_not_found: "the chosen folder does not exist, or you have not shared it with drivelink.",
  folder_not_a_folder: "the chosen link is a file, not a folder.",
  folder_trashed: "the chosen folder is in the trash.",
  google_unavailable: "Google did not answer. Try again in a minute.",
  server_error: "something failed on our side. Try again; if it keeps failing, tell support.",
};

export function callbackError(code) {
  return CALLBACK_ERRORS[code] || "Google sent an unexpected answer. Try again.";
}

export const UPLOAD_LABEL = { QUEUED: "Waiting in the queue", UPLOADING: "Uploading", DONE: "In Drive", FAILED: "Failed" };

export function bytes(n) {
  if (n === null || n === undefined || Number.isNaN(n)) {
    return "";
  }
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${n} bytes` : `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}
