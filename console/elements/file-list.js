// <drivelink-file-list project-id=…>: the project's files as the sync engine knows them
// (GET /drive/projects/{projectId}/files): each with its status in words and a symbol (not colour
// alone), its size, when it last synced, and a link to it in Drive. Paged ("Show more"); reloads by
// itself every few seconds while a file is on its way, and on Refresh. <drivelink-files project-id=…>
// shows it above the uploads it follows.

import { driveLink, h, uid } from "../lib/base.js";
import { routes } from "../lib/api.js";
import { ProjectElement } from "../lib/project.js";
import { FILE_STATUS, bytes, when } from "../lib/words.js";

const PENDING = new Set(["pending_upload", "pending_download"]);

export class DrivelinkFileList extends ProjectElement {
  /** The files shown (ProjectFile[]), in path order. */
  get files() {
    return this._data ? this._data.files : [];
  }

  get pageSize() {
    const n = Number.parseInt(this.getAttribute("page-size") || "50", 10);
    return Number.isFinite(n) ? Math.min(500, Math.max(1, n)) : 50;
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this._timer);
  }

  fetch(project) {
    // a reload keeps as many files as were shown
    const shown = this._data && this._data.projectId === project ? this._data.files.length : 0;
    return routes.listFiles(this, project, { limit: Math.min(500, Math.max(this.pageSize, shown)) });
  }

  async load() {
    clearTimeout(this._timer);
    await super.load();
    if (this.files.some((f) => PENDING.has(f.status)) && this.isConnected) {
      this._timer = setTimeout(() => this.load(), 3000);
    }
  }

  async more(button) {
    button.disabled = true;
    try {
      const page = await routes.listFiles(this, this.projectId, { limit: this.pageSize, cursor: this._data.nextCursor });
      const before = this._data.files.length;
      this._data = { ...page, files: this._data.files.concat(page.files) };
      this.render();
      const row = this.shadowRoot.querySelectorAll("tbody tr")[before];
      if (row) {
        row.setAttribute("tabindex", "-1");
        row.focus();
      }
    } catch (e) {
      button.disabled = false;
      this.say("error", `Could not load more files: ${e.detail}`);
    }
  }

  render() {
    const parts = [];
    if (this._data && this.projectId) {
      const files = this._data.files;
      const caption = uid("dl-files-caption");
      parts.push(h("div", { class: "spread" },
        h("p", { class: "hint", id: caption }, files.length === 0 ? "" : `${files.length}${this._data.nextCursor ? "+" : ""} file${files.length === 1 ? "" : "s"}, by path.`),
        h("button", { type: "button", "data-action": "refresh", onclick: () => this.load().then(() => this.say("ok", "Files refreshed.")) }, "Refresh")));
      if (!this._data.connectionId) {
        parts.push(h("p", { class: "muted", "data-role": "none" }, "This project has no Drive connection yet: connect Google Drive to sync its files."));
      } else if (files.length === 0) {
        parts.push(h("p", { class: "muted", "data-role": "none" }, "No files synced yet."));
      } else {
        parts.push(h("div", { class: "table-wrap" }, h("table", { "data-role": "files", "aria-describedby": caption },
          h("thead", {}, h("tr", {}, ["Name", "Status", "Size", "Last sync", "Drive"].map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, files.map((f) => this.row(f))))));
      }
      if (this._data.nextCursor) {
        parts.push(h("div", { class: "row" }, h("button", { type: "button", "data-action": "more", onclick: (e) => this.more(e.currentTarget) }, "Show more")));
      }
    }
    this.card(this.projectId ? `Files in ${this.projectId}` : "Files", parts);
  }

  row(f) {
    const status = FILE_STATUS[f.status] || { words: f.status, symbol: "•" };
    const folder = f.path.includes("/") ? f.path.substring(0, f.path.lastIndexOf("/")) : "";
    return h("tr", { dataset: { path: f.path, status: f.status } },
      h("th", { scope: "row" }, h("span", { class: "who" }, f.name), folder ? h("span", { class: "hint block" }, `in ${folder}`) : null),
      h("td", {}, h("span", { class: `badge file-${f.status}`, "data-role": "status" },
        h("span", { "aria-hidden": "true", class: "symbol" }, status.symbol), status.words),
        f.error ? h("span", { class: "reason block" }, f.error) : null),
      h("td", { "data-role": "size" }, f.size === undefined ? "—" : bytes(f.size)),
      h("td", {}, f.lastSyncAt ? h("time", { datetime: f.lastSyncAt }, when(f.lastSyncAt)) : "—"),
      h("td", {}, f.driveLink ? driveLink(f.driveLink, "Open", { "aria-label": `Open ${f.name} in Drive (opens in a new tab)` }) : h("span", { class: "muted" }, "Not in Drive yet")));
  }
}

if (!customElements.get("drivelink-file-list")) {
  customElements.define("drivelink-file-list", DrivelinkFileList);
}
