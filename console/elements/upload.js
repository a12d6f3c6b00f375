// <drivelink-upload upload-id="up_…">: one upload's live progress, polled from GET /drive/uploads/{id}
// until it is in Drive or failed.

import { DrivelinkElement, h, driveLink, uid } from "../lib/base.js";
import { routes } from "../lib/api.js";
import { UPLOAD_LABEL, bytes } from "../lib/words.js";

const FINISHED = new Set(["DONE", "FAILED"]);

export class DrivelinkUpload extends DrivelinkElement {
  static get observedAttributes() {
    return ["upload-id", "api-base"];
  }

  constructor() {
    super();
    this._upload = null;
    this._error = null;
    this._timer = null;
    this._failures = 0;
    this._label = uid("dl-upload");
  }

  /** The upload as last read (UploadView of docs/openapi.yaml), or null. */
  get upload() {
    return this._upload;
  }

  get uploadId() {
    return this.getAttribute("upload-id");
  }

  set uploadId(id) {
    this.setAttribute("upload-id", id);
  }

  /** Milliseconds between polls while the upload runs (attribute interval, default 1000, at least 250). */
  get interval() {
    const value = Number(this.getAttribute("interval"));
    return Number.isFinite(value) && value >= 250 ? value : 1000;
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stop();
  }

  attributeChangedCallback(name, before, after) {
    if (name === "upload-id" && before !== after && this.isConnected) {
      this._upload = null;
      this.configured();
    }
  }

  configured() {
    this.stop();
    this._live = null;
    if (!this.uploadId) {
      this.shadowRoot.replaceChildren(h("p", { class: "muted" }, "No upload to follow."));
      return;
    }
    this.render();
    this.poll();
  }

  stop() {
    clearTimeout(this._timer);
    this._timer = null;
  }

  async poll() {
    const id = this.uploadId;
    let next = this.interval;
    try {
      const upload = await routes.getUpload(this, id);
      if (id !== this.uploadId) {
        return;
      }
      const before = this._upload;
      this._upload = upload;
      this._error = null;
      this._failures = 0;
      if (!before || before.status !== upload.status) {
        this.announce(upload);
      }
      if (!before || before.status !== upload.status || before.bytesDone !== upload.bytesDone) {
        this.emit("drivelink-upload-progress", { upload });
        if (upload.status === "DONE") {
          this.emit("drivelink-upload-done", { upload });
        } else if (upload.status === "FAILED") {
          this.emit("drivelink-upload-failed", { upload });
        }
      }
    } catch (error) {
      this._error = error;
      this._failures += 1;
      next = Math.min(this.interval * 2 ** this._failures, 15000);
      if (error.status === 404 || error.status === 401) {
        next = null;
      }
    }
    this.render();
    if (next !== null && !(this._upload && FINISHED.has(this._upload.status)) && this.isConnected) {
      this._timer = setTimeout(() => this.poll(), next);
    }
  }

  render() {
    const u = this._upload;
    const name = u ? u.fileName : this.uploadId;
    const parts = [];
    parts.push(h("div", { class: "spread" },
      h("span", { class: "who", id: this._label }, name),
      u ? h("span", { class: `badge ${u.status}`, "data-role": "status" }, UPLOAD_LABEL[u.status] || u.status) : null));
    if (!u && !this._error) {
      parts.push(h("p", { class: "muted", "aria-busy": "true" }, "Looking up the upload…"));
    }
    if (u) {
      const total = u.totalBytes;
      const done = u.status === "DONE" ? (total || u.bytesDone) : u.bytesDone;
      const progress = h("progress", { "aria-labelledby": this._label, max: total || 1, "data-role": "progress" });
      if (u.status === "DONE") {
        progress.value = progress.max;
      } else if (total && u.status !== "QUEUED") {
        progress.value = Math.min(done, total);
      } else if (u.status === "FAILED") {
        progress.value = 0;
      }
      // no value = indeterminate: waiting, or the size is not known yet
      parts.push(progress);
      const pct = total ? Math.floor((Math.min(done, total) * 100) / total) : null;
      let words;
      if (u.status === "UPLOADING") {
        words = total ? `${bytes(done)} of ${bytes(total)} (${pct}%)` : `${bytes(done)} sent`;
      } else if (u.status === "QUEUED") {
        words = "Waiting for the upload worker…";
      } else if (u.status === "DONE") {
        words = total ? `${bytes(total)} in Drive, checked.` : "In Drive, checked.";
      } else {
        words = u.error || "The upload failed.";
      }
      parts.push(h("p", { class: u.status === "FAILED" ? "reason" : "muted small", "data-role": "words" }, words));
      const where = u.folderPath ? ` in ${u.folderPath}` : "";
      if (u.status === "DONE" && u.webViewLink) {
        parts.push(h("p", { class: "small" }, driveLink(u.webViewLink, `Open ${u.fileName} in Drive`, { "data-role": "drive-link" }),
          where ? h("span", { class: "muted" }, where) : null));
      }
    }
    if (this._error) {
      parts.push(this.problem(this._error, this._upload ? "Could not refresh the progress" : "Could not read the upload"));
    }
    const box = h("div", { class: "item", role: "group", "aria-labelledby": this._label, dataset: { status: u ? u.status : "" } }, parts);
    if (!this._live || !this._live.isConnected) {
      this._live = h("p", { class: "visually-hidden", role: "status" });
      this.shadowRoot.replaceChildren(box, this._live);
    } else {
      this.shadowRoot.firstChild.replaceWith(box);
    }
  }

  /** Status changes (not every byte) are said to screen readers. */
  announce(u) {
    if (this._live) {
      this._live.textContent = `${u.fileName}: ${UPLOAD_LABEL[u.status] || u.status}${u.status === "FAILED" && u.error ? `. ${u.error}` : ""}`;
    }
  }
}

if (!customElements.get("drivelink-upload")) {
  customElements.define("drivelink-upload", DrivelinkUpload);
}
