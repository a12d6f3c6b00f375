// <drivelink-sync-status project-id=…>: a project's sync state (up to date, syncing, paused, needs
// attention), the last sync, what is pending, and, when the mass-delete guard paused it, Resume.

import { h } from "../lib/base.js";
import { routes } from "../lib/api.js";
import { ProjectElement } from "../lib/project.js";
import { SYNC_STATE_LABEL, when } from "../lib/words.js";

export class DrivelinkSyncStatus extends ProjectElement {
  /** The last SyncStatusView, or null. */
  get status() {
    return this._data;
  }

  fetch(project) {
    return routes.getSyncStatus(this, project);
  }

  render() {
    const s = this._data;
    const parts = [];
    if (s && this.projectId) {
      parts.push(h("p", { class: "row" }, h("span", { class: `badge sync-${s.state}`, "data-role": "state" }, SYNC_STATE_LABEL[s.state] || s.state),
        h("span", { "data-role": "last-sync" }, `Last successful sync: ${when(s.lastSuccessAt)}`)));
      const p = s.pending;
      parts.push(h("dl", { class: "counts", "data-role": "pending" },
        [["To Drive", p.uploads], ["From Drive", p.downloads], ["Deletions", p.deletes], ["Conflicts", p.conflicts]]
          .map(([label, n]) => h("div", {}, h("dt", {}, label), h("dd", {}, String(n))))));
      if (s.lastError) {
        parts.push(h("p", { class: "reason", "data-role": "last-error" }, `The last sync failed: ${s.lastError}`));
      }
      if (s.state === "paused" && s.paused) {
        parts.push(this.pausedPart(s));
      }
      parts.push(h("div", { class: "row" }, h("button", { type: "button", "data-action": "reload", onclick: () => this.load() }, "Check again")));
    }
    this.card(this.projectId ? `Sync status of ${this.projectId}` : "Sync status", parts);
  }

  pausedPart(s) {
    const words = `The next sync would delete ${s.paused.deletes} of the project's ${s.paused.mappedFiles} files, so drivelink paused it`
      + (s.paused.pausedAt ? ` (${when(s.paused.pausedAt)})` : "") + ". Check the files; resume only if those deletions are what you meant.";
    return h("div", { class: "notice warn stack", "data-role": "paused" }, h("p", {}, words),
      h("div", { class: "row" }, h("button", { type: "button", class: "danger", "data-action": "resume", onclick: (event) => this.resume(event.currentTarget) },
        `Resume and apply ${s.paused.deletes} deletions`)));
  }

  async resume(button) {
    button.disabled = true;
    try {
      this._data = await routes.resumeSync(this, this.projectId);
      this._notice = { kind: "ok", text: "Sync resumed: the next run applies the deletions." };
      this.render();
      this.emit("drivelink-sync-resumed", { projectId: this.projectId, status: this._data });
      const reload = this.shadowRoot.querySelector("[data-action=reload]");
      if (reload) {
        reload.focus();
      }
    } catch (e) {
      button.disabled = false;
      this.say("error", `Could not resume: ${e.detail}${e.code ? ` (${e.code})` : ""}`);
    }
  }
}

if (!customElements.get("drivelink-sync-status")) {
  customElements.define("drivelink-sync-status", DrivelinkSyncStatus);
}
