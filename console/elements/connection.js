// <drivelink-connection>: the user's Google Drive connections. "Connect Google Drive" when there is
// none; otherwise each account with a status dot and words, its root folder, Disconnect (confirmed),
// Reconnect when it needs the user, and the reason in words.

import { DrivelinkElement, h, driveLink, uid } from "../lib/base.js";
import { routes } from "../lib/api.js";
import { STATUS_LABEL, connectionReason, callbackError } from "../lib/words.js";

export class DrivelinkConnection extends DrivelinkElement {
  static get observedAttributes() {
    return ["api-base"];
  }

  constructor() {
    super();
    this._connections = null;
    this._notice = null;
    this._loadError = null;
    this._returnRead = false;
    this._onChanged = () => this.refresh();
  }

  /** The connections as last loaded (ConnectionView[] of docs/openapi.yaml), or null before the first load. */
  get connections() {
    return this._connections;
  }

  connectedCallback() {
    super.connectedCallback();
    document.addEventListener("drivelink-root-changed", this._onChanged);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener("drivelink-root-changed", this._onChanged);
  }

  attributeChangedCallback() {
    if (this.isConnected && this._connections !== null) {
      this.refresh();
    }
  }

  configured() {
    this.readReturn();
    this.refresh();
  }

  /** Reloads the connections from the API. */
  async refresh() {
    if (this._connections === null) {
      this.render();
    }
    try {
      const body = await routes.listConnections(this);
      this._connections = body.connections || [];
      this._loadError = null;
    } catch (error) {
      this._loadError = error;
      this._connections = this._connections || [];
      this.emit("drivelink-error", { error });
    }
    if (this._pendingConnected) {
      const c = this._connections.find((x) => x.id === this._pendingConnected);
      this.notify("ok", c ? `Connected: Google Drive is linked as ${c.googleEmail}.` : "Connected: Google Drive is linked.");
      this._pendingConnected = null;
    }
    this.render();
    this.emit("drivelink-connections", { connections: this._connections });
  }

  /** The callback's answer in the page's URL (?connectionId= or ?error=): say it, then take it out of the URL. */
  readReturn() {
    if (this._returnRead || this.hasAttribute("ignore-return")) {
      return;
    }
    this._returnRead = true;
    const url = new URL(location.href);
    const id = url.searchParams.get("connectionId");
    const code = url.searchParams.get("error");
    if (!id && !code) {
      return;
    }
    url.searchParams.delete("connectionId");
    url.searchParams.delete("error");
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
    if (id) {
      this._pendingConnected = id;
      this.emit("drivelink-connected", { connectionId: id });
    } else {
      const message = callbackError(code);
      this.notify("error", `Connecting failed: ${message} (${code})`);
      this.emit("drivelink-connect-failed", { code, message });
    }
  }

  notify(kind, text) {
    this._notice = { kind, text };
  }

  redirectAfter() {
    return this.getAttribute("redirect-after") || (location.origin + location.pathname);
  }

  async connect(button) {
    button.disabled = true;
    try {
      const { url } = await routes.authUrl(this, this.redirectAfter());
      if (this.emit("drivelink-connect-start", { url })) {
        location.assign(url);
      } else {
        button.disabled = false;
      }
    } catch (error) {
      button.disabled = false;
      this.notify("error", `Could not start connecting: ${error.detail}`);
      this.render();
      this.emit("drivelink-error", { error });
    }
  }

  async checkNow(c, button) {
    button.disabled = true;
    try {
      const after = await routes.refresh(this, c.id);
      this.notify(after.status === "ACTIVE" ? "ok" : "error",
        after.status === "ACTIVE" ? `${after.googleEmail} works again.` : `${after.googleEmail}: ${connectionReason(after)}`);
    } catch (error) {
      this.notify("error", `Could not check ${c.googleEmail}: ${error.detail}`);
    }
    await this.refresh();
    this.focusItem(c.id);
  }

  confirmDisconnect(c, opener) {
    const title = uid("dl-title");
    const text = uid("dl-text");
    const dialog = h("dialog", { "aria-labelledby": title, "aria-describedby": text, class: "confirm" },
      h("h2", { id: title }, `Disconnect ${c.googleEmail}?`),
      h("p", { id: text }, "drivelink stops using this Google account and removes its access at Google. "
        + "Files already in Drive stay there. You can connect the account again later."),
      h("div", { class: "row actions" },
        h("button", { type: "button", class: "danger", "data-action": "confirm-disconnect",
          onclick: async () => {
            dialog.close();
            dialog.remove();
            await this.disconnect(c);
          } }, "Disconnect"),
        h("button", { type: "button", autofocus: true, "data-action": "cancel",
          onclick: () => dialog.close() }, "Cancel")));
    dialog.addEventListener("close", () => {
      if (dialog.isConnected) {
        dialog.remove();
        opener.focus();
      }
    });
    this.shadowRoot.append(dialog);
    dialog.showModal();
  }

  async disconnect(c) {
    try {
      const after = await routes.revoke(this, c.id);
      this.notify("ok", `Disconnected ${after.googleEmail}.` + (after.lastError ? ` Note: ${after.lastError}` : ""));
      this.emit("drivelink-disconnected", { connection: after });
    } catch (error) {
      this.notify("error", `Could not disconnect ${c.googleEmail}: ${error.detail}`);
      this.emit("drivelink-error", { error });
    }
    await this.refresh();
    this.focusItem(c.id);
  }

  focusItem(id) {
    const item = this.shadowRoot.querySelector(`li[data-connection-id="${CSS.escape(id)}"]`);
    const target = item && (item.querySelector("button[data-action=reconnect]") || item.querySelector("button"));
    if (target) {
      target.focus();
    }
  }

  render() {
    const heading = uid("dl-connection");
    const parts = [];
    parts.push(h("div", { class: "spread" },
      h("div", {},
        h("h2", { id: heading }, "Google Drive"),
        h("p", { class: "muted" }, "drivelink keeps your files in one root folder of your Google Drive."))));
    const notice = this._notice;
    parts.push(h("div", { class: notice ? `notice ${notice.kind}` : "notice", role: notice && notice.kind === "error" ? "alert" : "status",
      "data-role": "notice" }, notice ? notice.text : ""));
    if (this._connections === null) {
      parts.push(h("p", { class: "muted", "aria-busy": "true" }, "Loading your Drive connections…"));
    } else {
      if (this._loadError) {
        parts.push(this.problem(this._loadError, "Could not load your connections"));
      }
      const list = this._connections;
      if (list.length === 0 && !this._loadError) {
        parts.push(h("p", {}, "No Google account is connected yet."));
        parts.push(h("div", { class: "row actions" },
          h("button", { type: "button", class: "primary", id: "connect", onclick: (e) => this.connect(e.currentTarget) },
            "Connect Google Drive")));
      } else if (list.length > 0) {
        parts.push(h("ul", { class: "plain", id: "connections", "aria-labelledby": heading },
          list.map((c) => this.item(c))));
        parts.push(h("div", { class: "row actions" },
          h("button", { type: "button", id: "connect", "data-action": "connect-another",
            onclick: (e) => this.connect(e.currentTarget) }, "Connect another Google account")));
      }
    }
    const card = h("section", { class: "card stack", "aria-labelledby": heading }, parts);
    this.shadowRoot.replaceChildren(card);
  }

  item(c) {
    const reason = connectionReason(c);
    const needsUser = c.status !== "ACTIVE" || c.needsReconsent;
    const live = c.status !== "REVOKED";
    return h("li", { class: "item", dataset: { connectionId: c.id, status: c.status } },
      h("div", { class: "spread" },
        h("div", { class: "who" },
          live ? "Connected as " : "Was connected as ",
          h("span", { "data-role": "email" }, c.googleEmail),
          c.googleName ? h("span", { class: "muted small" }, ` · ${c.googleName}`) : null),
        h("span", { class: `badge ${c.status}`, "data-role": "status" }, STATUS_LABEL[c.status] || c.status)),
      h("div", { "data-role": "root-folder" },
        "Root folder: ",
        c.rootFolder ? driveLink(c.rootFolder.link, c.rootFolder.name || c.rootFolder.id)
          : h("span", { class: "muted" }, "none yet")),
      reason ? h("p", { class: "reason", "data-role": "reason" }, reason) : null,
      h("div", { class: "row actions" },
        needsUser ? h("button", { type: "button", class: "primary", "data-action": "reconnect",
          "aria-label": `Reconnect ${c.googleEmail}`, onclick: (e) => this.connect(e.currentTarget) }, "Reconnect") : null,
        c.status === "ERROR" ? h("button", { type: "button", "data-action": "check",
          "aria-label": `Check now: ${c.googleEmail}`, onclick: (e) => this.checkNow(c, e.currentTarget) }, "Check now") : null,
        live ? h("button", { type: "button", "data-action": "change-folder", "aria-label": `Change folder of ${c.googleEmail}`,
          onclick: () => this.emit("drivelink-change-folder", { connectionId: c.id, connection: c }) }, "Change folder") : null,
        live ? h("button", { type: "button", "data-action": "disconnect", "aria-label": `Disconnect ${c.googleEmail}`,
          onclick: (e) => this.confirmDisconnect(c, e.currentTarget) }, "Disconnect") : null));
  }
}

if (!customElements.get("drivelink-connection")) {
  customElements.define("drivelink-connection", DrivelinkConnection);
}
