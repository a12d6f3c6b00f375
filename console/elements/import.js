// <drivelink-import project-id=…>: selective sync's file choice. The user picks Drive files, and the
// element sends their ids to POST /drive/projects/{projectId}/imports; the next sync brings them into
// the project. Under the drive.file scope, picking is the only way a user hands the app files it did
// not create, and picking is what grants the access:
//   - production: Google Picker (attributes api-key, app-id, client-id; the page loads Google's
//     Picker and Identity scripts, see README "Google Picker setup");
//   - locally: the Google emulator's stand-in picker page (attributes picker-url, client-id), which
//     lists the user's Drive, grants the app access to what was picked and answers the same way.

import { h, uid } from "../lib/base.js";
import { routes } from "../lib/api.js";
import { ProjectElement } from "../lib/project.js";
import { chooseConnection, connectionSelect } from "../lib/connections.js";

const DRIVE_FILE = "https://www.googleapis.com/auth/drive.file";

function loadScript(src) {
  return new Promise((resolve, reject) => {
    if (document.querySelector(`script[src="${src}"]`)) {
      resolve();
      return;
    }
    const script = document.createElement("script");
    script.src = src;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${src} did not load`));
    document.head.append(script);
  });
}

export class DrivelinkImport extends ProjectElement {
  static get observedAttributes() {
    return ["project-id", "api-base", "connection-id", "picker-url", "client-id", "api-key", "app-id"];
  }

  constructor() {
    super();
    this._chosen = null;
    this._last = null;
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopListening();
  }

  fetch() {
    return chooseConnection(this, this._chosen);
  }

  /** "stand-in", "google" or null (not set up). */
  get pickerKind() {
    if (this.getAttribute("picker-url") && this.getAttribute("client-id")) {
      return "stand-in";
    }
    return this.getAttribute("api-key") && this.getAttribute("app-id") && this.getAttribute("client-id") ? "google" : null;
  }

  render() {
    const parts = [];
    const state = this._data;
    if (state && this.projectId) {
      const c = state.current;
      if (!c || c.status === "REVOKED") {
        parts.push(h("p", { class: "muted" }, "Connect a Google account to bring files from Drive."));
      } else if (!this.pickerKind) {
        parts.push(h("p", { class: "muted", "data-role": "not-set-up" }, "Choosing files from Drive is not set up on this page."));
      } else {
        const target = uid("dl-target");
        const hint = uid("dl-target-hint");
        parts.push(h("p", { class: "hint" }, "Pick files in your Drive: only those you pick are shared with drivelink, and the next sync brings them into the project."),
          state.live.length > 1 && !state.fixed ? connectionSelect(state.live, c, (id) => {
            this._chosen = id;
            this.load();
          }) : h("p", { class: "muted small" }, `From ${c.googleEmail}'s Drive.`),
          h("div", { class: "field" }, h("label", { for: target }, "Into folder in the project (optional)"),
            h("input", { id: target, name: "targetPath", type: "text", autocomplete: "off", placeholder: "from-drive", "aria-describedby": hint }),
            h("p", { class: "hint", id: hint }, "Default: from-drive.")),
          h("div", { class: "row" }, h("button", { type: "button", class: "primary", "data-action": "choose",
            onclick: (e) => this.choose(c, e.currentTarget) }, "Choose files in Drive…")));
      }
      if (this._last) {
        parts.push(h("div", { "data-role": "requested" }, h("h3", {}, "Last import"),
          h("ul", {}, this._last.docs.map((d) => h("li", { dataset: { fileId: d.id } }, d.name || d.id)))));
      }
    }
    this.card(this.projectId ? `Bring files from Drive into ${this.projectId}` : "Bring files from Drive", parts);
  }

  async choose(connection, button) {
    button.disabled = true;
    this.say("info", "Choose the files in the picker window.");
    try {
      const answer = this.pickerKind === "google" ? await this.googlePicker(connection) : await this.standInPicker(connection);
      if (!answer || answer.action !== "picked" || !Array.isArray(answer.docs) || answer.docs.length === 0) {
        this.say("info", "Nothing was chosen.");
        return;
      }
      await this.send(connection, answer.docs);
    } catch (e) {
      this.say("error", `Could not bring the files: ${e.detail || e.message}${e.code && e.status ? ` (${e.code})` : ""}`);
    } finally {
      button.disabled = false;
      button.focus();
    }
  }

  async send(connection, docs) {
    const input = this.shadowRoot.querySelector("input[name=targetPath]");
    const targetPath = input && input.value.trim() ? input.value.trim() : undefined;
    const accepted = await routes.importFiles(this, this.projectId, { connectionId: connection.id, fileIds: docs.map((d) => d.id), targetPath });
    this._last = { docs, accepted };
    const n = docs.length;
    this._notice = { kind: "ok", text: `Bringing ${n} file${n === 1 ? "" : "s"} into ${targetPath || "from-drive"}: the next sync copies ${n === 1 ? "it" : "them"}.` };
    this.render();
    this.emit("drivelink-import-requested", { projectId: this.projectId, docs, accepted });
  }

  stopListening() {
    if (this._onMessage) {
      window.removeEventListener("message", this._onMessage);
      this._onMessage = null;
    }
    clearInterval(this._watch);
  }

  /** The emulator's stand-in: a popup that answers by postMessage, shaped like Picker's ResponseObject. */
  standInPicker(connection) {
    this.stopListening();
    const url = new URL(this.getAttribute("picker-url"), document.baseURI);
    url.searchParams.set("client_id", this.getAttribute("client-id"));
    url.searchParams.set("login_hint", connection.googleEmail);
    url.searchParams.set("origin", window.location.origin);
    const popup = window.open(url.toString(), "drivelink-picker", "popup,width=560,height=640");
    if (!popup) {
      return Promise.reject(new Error("the browser blocked the picker window: allow pop-ups for this page"));
    }
    return new Promise((resolve) => {
      this._onMessage = (event) => {
        if (event.source !== popup || event.origin !== url.origin) {
          return;
        }
        this.stopListening();
        resolve(event.data);
      };
      window.addEventListener("message", this._onMessage);
      // closed without an answer: nothing chosen
      this._watch = setInterval(() => {
        if (popup.closed) {
          setTimeout(() => {
            if (this._onMessage) {
              this.stopListening();
              resolve({ action: "cancel" });
            }
          }, 300);
          clearInterval(this._watch);
        }
      }, 500);
    });
  }

  /** Google Picker: a drive.file token for this page from Google Identity Services, then the picker. */
  async googlePicker(connection) {
    await Promise.all([loadScript("https://apis.google.com/js/api.js"), loadScript("https://accounts.google.com/gsi/client")]);
    await new Promise((resolve) => window.gapi.load("picker", resolve));
    const token = await new Promise((resolve, reject) => {
      const client = window.google.accounts.oauth2.initTokenClient({
        client_id: this.getAttribute("client-id"), scope: DRIVE_FILE, login_hint: connection.googleEmail,
        callback: (answer) => (answer && answer.access_token ? resolve(answer.access_token)
          : reject(new Error((answer && answer.error) || "Google did not grant access"))),
      });
      client.requestAccessToken({ prompt: "" });
    });
    const picker = window.google.picker;
    return new Promise((resolve) => {
      new picker.PickerBuilder()
        .addView(new picker.DocsView(picker.ViewId.DOCS).setIncludeFolders(true).setSelectFolderEnabled(false))
        .enableFeature(picker.Feature.MULTISELECT_ENABLED)
        .setDeveloperKey(this.getAttribute("api-key"))
        .setAppId(this.getAttribute("app-id"))
        .setOAuthToken(token)
        .setCallback((data) => {
          const action = data[picker.Response.ACTION];
          if (action === picker.Action.PICKED) {
            resolve({ action: "picked", docs: data[picker.Response.DOCUMENTS].map((d) => ({ id: d[picker.Document.ID], name: d[picker.Document.NAME] })) });
          } else if (action === picker.Action.CANCEL) {
            resolve({ action: "cancel" });
          }
        })
        .build()
        .setVisible(true);
    });
  }
}

if (!customElements.get("drivelink-import")) {
  customElements.define("drivelink-import", DrivelinkImport);
}
