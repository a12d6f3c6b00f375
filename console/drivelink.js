// drivelink's drop-in elements: load this one module and configure it.
//
//   <script type="module">
//     import { configure } from "https://console.example.com/drivelink.js";
//     configure({ apiBase: "https://abc123.execute-api.eu-west-1.amazonaws.com", getToken: () => myApp.jwt() });
//   </script>
//   <drivelink-connection></drivelink-connection>
//
// Plain ES modules, no build step, nothing downloaded at run time (except Google's Picker scripts, by
// <drivelink-import> when it is set up for Google Picker and the user opens it). See console/README.md.

import { configure } from "./lib/config.js";
import { ApiError } from "./lib/api.js";
import { DrivelinkConnection } from "./elements/connection.js";
import { DrivelinkFolderPicker } from "./elements/folder-picker.js";
import { DrivelinkUpload } from "./elements/upload.js";
import { DrivelinkFiles } from "./elements/files.js";
import { DrivelinkFileList } from "./elements/file-list.js";
import { DrivelinkImport } from "./elements/import.js";
import { DrivelinkSettings, DrivelinkProjectSettings } from "./elements/settings.js";
import { DrivelinkProjects } from "./elements/projects.js";
import { DrivelinkSyncStatus } from "./elements/sync-status.js";
import { DrivelinkConflicts } from "./elements/conflicts.js";
import { DrivelinkActivity } from "./elements/activity.js";

export {
  configure, ApiError, DrivelinkConnection, DrivelinkFolderPicker, DrivelinkUpload, DrivelinkFiles, DrivelinkSettings,
  DrivelinkProjectSettings, DrivelinkProjects, DrivelinkSyncStatus, DrivelinkConflicts, DrivelinkActivity,
  DrivelinkFileList, DrivelinkImport,
};

// For pages that configure from a classic script: window.drivelink.configure({...}).
globalThis.drivelink = Object.freeze({ configure });
