// <drivelink-files>: with project-id, the project's files with their sync status
// (<drivelink-file-list>); the uploads this page follows, each live (<drivelink-upload>); and, with
// the allow-url-upload attribute, a form that sends a file from a URL or S3 into the user's Drive
// (POST /drive/uploads).

import { DrivelinkElement, h, uid } from "../lib/base.js";
import { routes } from "../lib/api.js";
import { chooseConnection, choiceKey, connectionSelect, pickConnection } from "../lib/connections.js";
import "./upload.js";
import { defineProjectId } from "../lib/project.js";
import "./file-list.js";

const TYPES = {
  wav: "audio/wav", mp3: "audio/mpeg", flac: "audio/flac", ogg: "audio/ogg", m4a: "audio/mp4", aif: "audio/aiff", aiff: "audio/aiff",
  mp4: "video/mp4", mov: "video/quicktime", webm: "video/webm", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg",
  gif: "image/gif", svg: "image/svg+xml", pdf: "application/pdf", txt: "text/plain", csv: "text/csv", json: "application/json",
  zip: "application/zip",
};

/** "https://…" -> {url}; "s3://bucket/key" -> {s3: {bucket, key}}; else null. */
export function parseSource(text) {
  const value = text.trim();
  const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(value);
  if (s3) {
    return { s3: { bucket: s3[1], key: s3[2] } };
  }
  return /^https?:\/\/\S+$/i.test(value) ? { url: value } : null;
}

function nameOf(text) {
  const path = text.trim().replace(/[?#].*$/, "");
  const last = decodeURIComponent(path.substring(path.lastIndexOf("/") + 1) || "");
  return last;
}

function typeOf(name) {
  const ext = name.includes(".") ? name.substring(name.lastIndexOf(".") + 1).toLowerCase() : "";
  return TYPES[ext] || "application/octet-stream";
}

export class DrivelinkFiles extends DrivelinkElement {
  static get observedAttributes() {
    return ["connection-id", "api-base", "allow-url-upload", "project-id"];
  }

  constructor() {
    super();
    this._ids = [];
    this._state = null;
    this._chosen = null;
    this._onChanged = (event) => this.sync(event.detail && event.detail.connections);
  }

  /** The upload ids followed, newest first. */
  get uploadIds() {
    return [...this._ids];
  }

  /** Follows an upload (e.g. one the host app's backend just enqueued). */
  track(uploadId) {
    if (!uploadId || this._ids.includes(uploadId)) {
      return;
    }
    this._ids.unshift(uploadId);
    const list = this.shadowRoot.querySelector("[data-role=uploads]");
    if (list) {
      list.prepend(this.uploadItem(uploadId));
      this.shadowRoot.querySelector("[data-role=empty]")?.remove();
    }
  }

  connectedCallback() {
    super.connectedCallback();
    document.addEventListener("drivelink-connections", this._onChanged);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener("drivelink-connections", this._onChanged);
  }

  attributeChangedCallback(name, before, after) {
    if (before === after || !this.isConnected || this._state === null) {
      return;
    }
    const list = this.shadowRoot.querySelector("drivelink-file-list");
    if (name === "project-id" && list) {
      list.projectId = after; // the uploads and the form stay as they are
    } else if (name === "project-id") {
      this.render();
    } else {
      this.load();
    }
  }

  configured() {
    this.load();
  }

  sync(connections) {
    if (!Array.isArray(connections) || this._state === null) {
      return;
    }
    const next = pickConnection(this, connections, this._chosen);
    if (choiceKey(next) !== choiceKey(this._state)) {
      this._state = next;
      this.render();
    }
  }

  async load() {
    if (this.hasAttribute("allow-url-upload")) {
      try {
        this._state = await chooseConnection(this, this._chosen);
        this._error = null;
      } catch (error) {
        this._state = { all: [], live: [], current: null };
        this._error = error;
      }
    } else {
      this._state = { all: [], live: [], current: null };
    }
    this.render();
  }

  uploadItem(id) {
    return h("li", { dataset: { uploadId: id } }, h("drivelink-upload", { "upload-id": id, "api-base": this.getAttribute("api-base") }));
  }

  render() {
    const heading = uid("dl-files");
    const list = this.projectId ? h("drivelink-file-list", { "project-id": this.projectId, "api-base": this.getAttribute("api-base"),
      "page-size": this.getAttribute("page-size") }) : null;
    const parts = [h("h2", { id: heading }, "Uploads")];
    if (this.hasAttribute("allow-url-upload")) {
      parts.push(this.uploadForm());
    }
    parts.push(this._ids.length ? null : h("p", { class: "muted", "data-role": "empty" }, "No upload followed on this page yet."));
    parts.push(h("ul", { class: "plain", "data-role": "uploads", "aria-labelledby": heading }, this._ids.map((id) => this.uploadItem(id))));
    const uploads = h("section", { class: "card stack", "aria-labelledby": heading }, parts);
    this.shadowRoot.replaceChildren(list ? h("div", { class: "stack" }, list, uploads) : uploads);
  }

  uploadForm() {
    const state = this._state;
    const c = state && state.current;
    if (this._error) {
      return this.problem(this._error, "Could not load your connections");
    }
    if (!c || c.status === "REVOKED") {
      return h("p", { class: "muted" }, "Connect a Google account to send files to Drive.");
    }
    const ids = { source: uid("dl-src"), name: uid("dl-fname"), type: uid("dl-type"), path: uid("dl-path"), hint: uid("dl-src-hint"), error: uid("dl-up-error") };
    const source = h("input", { type: "text", id: ids.source, name: "source", autocomplete: "off", spellcheck: "false",
      placeholder: "https://… or s3://bucket/key", "aria-describedby": `${ids.hint} ${ids.error}` });
    const fileName = h("input", { type: "text", id: ids.name, name: "fileName", autocomplete: "off", maxlength: "255" });
    const mimeType = h("input", { type: "text", id: ids.type, name: "mimeType", autocomplete: "off", spellcheck: "false" });
    const folderPath = h("input", { type: "text", id: ids.path, name: "folderPath", autocomplete: "off", placeholder: "renders/2026" });
    const error = h("div", { id: ids.error, "data-role": "upload-error" });
    // the name and type follow the address until the person edits them
    const edited = new Set();
    fileName.addEventListener("input", () => edited.add(fileName));
    mimeType.addEventListener("input", () => edited.add(mimeType));
    source.addEventListener("input", () => {
      const name = nameOf(source.value);
      if (!edited.has(fileName)) {
        fileName.value = name;
      }
      if (!edited.has(mimeType)) {
        mimeType.value = name ? typeOf(fileName.value || name) : "";
      }
    });
    const button = h("button", { type: "submit", class: "primary" }, "Send to Drive");
    const form = h("form", { class: "stack", novalidate: true, "data-role": "upload-form" },
      h("h3", {}, "Send a file to Drive"),
      state.live.length > 1 && !state.fixed ? h("div", { class: "row" }, connectionSelect(state.live, c, (id) => {
        this._chosen = id;
        this.load();
      })) : h("p", { class: "muted small" }, `Into ${c.googleEmail}'s Drive, under ${c.rootFolder ? c.rootFolder.name : "the root folder"}.`),
      h("div", { class: "field" }, h("label", { for: ids.source }, "File address"), source,
        h("p", { id: ids.hint, class: "hint" }, "A public https link (a presigned link works) or s3://bucket/key of an allowed bucket.")),
      h("div", { class: "row" },
        h("div", { class: "field" }, h("label", { for: ids.name }, "File name"), fileName),
        h("div", { class: "field" }, h("label", { for: ids.type }, "Type"), mimeType)),
      h("div", { class: "field" }, h("label", { for: ids.path }, "Folder in Drive (optional)"), folderPath),
      error,
      h("div", { class: "row" }, button));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.replaceChildren();
      const src = parseSource(source.value);
      const name = fileName.value.trim() || nameOf(source.value);
      if (!src) {
        source.setAttribute("aria-invalid", "true");
        error.replaceChildren(h("p", { class: "field-error", role: "alert" }, "Give an https:// link or s3://bucket/key."));
        source.focus();
        return;
      }
      source.removeAttribute("aria-invalid");
      const request = { connectionId: c.id, source: src, fileName: name, mimeType: mimeType.value.trim() || typeOf(name) };
      if (folderPath.value.trim()) {
        request.folderPath = folderPath.value.trim();
      }
      button.disabled = true;
      try {
        const upload = await routes.createUpload(this, request);
        this.emit("drivelink-upload-created", { upload });
        this.track(upload.id);
        form.reset();
        edited.clear();
      } catch (e) {
        error.replaceChildren(this.problem(e, "The upload was not accepted"));
      } finally {
        button.disabled = false;
      }
    });
    return form;
  }
}

defineProjectId(DrivelinkFiles);

if (!customElements.get("drivelink-files")) {
  customElements.define("drivelink-files", DrivelinkFiles);
}
