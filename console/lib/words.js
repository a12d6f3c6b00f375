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

/** A project file's sync status (docs/openapi.yaml, ProjectFile.status): words, and a symbol beside them. */
export const FILE_STATUS = {
  synced: { words: "Synced", symbol: "✓" },
  pending_upload: { words: "Going to Drive", symbol: "↑" },
  pending_download: { words: "Coming from Drive", symbol: "↓" },
  conflict: { words: "Conflict: choose a side", symbol: "!" },
  error: { words: "Error", symbol: "✕" },
};

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

/** The sync settings (docs/openapi.yaml, GlobalSettingsView / ProjectSettingsView), in words. */
export const SETTING_LABEL = {
  syncMode: "Sync mode", syncFrequency: "How often", conflictResolution: "When both sides changed",
  autoBackup: "Back up new app files automatically", enabled: "Sync is on", deleteBackups: "Deleting an app file trashes its Drive copy",
  fileTypeFilters: "File types", connectionId: "Google account", backupFolder: "Backup folder", monitoredFolders: "Monitored folders",
};

export const CHOICES = {
  syncMode: { backup_only: "Back up only (app to Drive)", selective_sync: "Selected files, both ways",
    active_monitoring: "Watch Drive folders (Drive to app)", bidirectional: "Everything, both ways" },
  syncFrequency: { realtime: "As soon as something changes", hourly: "Every hour", daily: "Once a day" },
  conflictResolution: { manual: "Ask me", app_wins: "The app's version wins", drive_wins: "Drive's version wins", keep_both: "Keep both" },
};

export const ORIGIN_LABEL = { default: "default", global: "from your account settings", project: "set for this project" };

/** Which setting a settings problem is about (the problem has no pointer: its code says it). */
export const PROBLEM_FIELD = {
  "invalid-sync-mode": "syncMode", "invalid-sync-frequency": "syncFrequency", "invalid-conflict-resolution": "conflictResolution",
  "invalid-file-type-filter": "fileTypeFilters", "too-many-monitored-folders": "monitoredFolders",
};

export const SYNC_STATE_LABEL = { idle: "Up to date", syncing: "Syncing", paused: "Paused", error: "Needs attention" };

export const KEEP_LABEL = { app: "the app's version", drive: "Drive's version", both: "both versions" };

export const ACTION_LABEL = {
  upload: "Upload to Drive", download: "Download from Drive", delete: "Delete", move: "Move", create_folder: "Folder created",
  import: "Import", conflict: "Conflict", conflict_resolved: "Conflict resolved", webhook_received: "Drive notified a change",
  sync_paused: "Sync paused", sync_resumed: "Sync resumed", connection_connected: "Account connected",
  connection_recovered: "Account works again", connection_error: "Account needs attention", connection_revoked: "Account disconnected",
};

export const OUTCOME_LABEL = { success: "Done", failed: "Failed", skipped: "Skipped" };

/** A timestamp in the reader's locale, or "never". */
export function when(iso) {
  if (!iso) {
    return "never";
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
