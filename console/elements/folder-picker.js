// <drivelink-folder-picker>: choose a connection's root folder. Paste a Drive folder link (checked with
// the user's own tokens, then used), or create a folder under the root and use it.
// Or browse the folders under the root (GET /drive/connections/{id}/folders) and use one of them.

import { DrivelinkElement, h, driveLink, uid } from "../lib/base.js";
import { routes } from "../lib/api.js";
import { chooseConnection, choiceKey, connectionSelect, pickConnection } from "../lib/connections.js";

export class DrivelinkFolderPicker extends DrivelinkElement {
  static get observedAttributes() {
    return ["connection-id", "api-base"];
  }

  constructor() {
    super();
    this._state = null;
    this._chosen = null;
    this._created = [];
    this._notice = null;
    this._onChanged = (event) => this.sync(event.detail && event.detail.connections);
  }

  /** The connection being edited (its id), or null. */
  get connectionId() {
    return this._state && this._state.current ? this._state.current.id : null;
  }

  set connectionId(id) {
    if (id) {
      this.setAttribute("connection-id", id);
    } else {
      this.removeAttribute("connection-id");
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
    if (before !== after && this.isConnected && this._state !== null) {
      this._created = [];
      this._notice = null;
      this.load();
    }
  }

  configured() {
    this.load();
  }

  /** Another element loaded the connections: re-render only if what this view shows changed. */
  sync(connections) {
    if (!Array.isArray(connections) || this._state === null || this._loading) {
      return;
    }
    const next = pickConnection(this, connections, this._chosen);
    if (choiceKey(next) !== choiceKey(this._state)) {
      this._state = next;
      this.render();
    }
  }

  /** Reloads the connection (e.g. after its root folder changed elsewhere). */
  async load() {
    if (this._loading) {
      this._again = true;
      return;
    }
    this._loading = true;
    try {
      this._state = await chooseConnection(this, this._chosen);
      this._error = null;
    } catch (error) {
      this._state = this._state || { all: [], live: [], current: null };
      this._error = error;
    } finally {
      this._loading = false;
    }
    this.render();
    if (this._again) {
      this._again = false;
      this.load();
    }
  }

  render() {
    const heading = uid("dl-picker");
    const state = this._state;
    const c = state.current;
    const parts = [h("h2", { id: heading }, "Root folder")];
    if (this._error) {
      parts.push(this.problem(this._error, "Could not load your connections"));
    }
    if (!c) {
      parts.push(h("p", { class: "muted" }, state.fixed ? "This connection does not exist."
        : "Connect a Google account first; then choose where drivelink keeps your files."));
      this.shadowRoot.replaceChildren(h("section", { class: "card stack", "aria-labelledby": heading }, parts));
      return;
    }
    if (!state.fixed && state.live.length > 1) {
      parts.push(h("div", { class: "row" }, connectionSelect(state.live, c, (id) => {
        this._chosen = id;
        this._created = [];
        this.load();
      })));
    }
    parts.push(h("p", { "data-role": "current" }, `Files of ${c.googleEmail} go to `,
      c.rootFolder ? driveLink(c.rootFolder.link, c.rootFolder.name) : h("span", { class: "muted" }, "no folder yet"), "."));
    const notice = this._notice && this._notice.connectionId === c.id ? this._notice : null;
    parts.push(h("div", { class: notice ? `notice ${notice.kind}` : "notice", role: notice && notice.kind === "error" ? "alert" : "status",
      "data-role": "notice" }, notice ? notice.text : ""));
    if (c.status === "REVOKED") {
      parts.push(h("p", { class: "reason" }, `${c.googleEmail} is disconnected: reconnect it to choose a folder.`));
      this.shadowRoot.replaceChildren(h("section", { class: "card stack", "aria-labelledby": heading }, parts));
      return;
    }
    parts.push(this.linkForm(c));
    if (c.rootFolder) {
      parts.push(this.createForm(c));
      parts.push(this.browser(c));
    }
    this.shadowRoot.replaceChildren(h("section", { class: "card stack", "aria-labelledby": heading }, parts));
  }

  linkForm(c) {
    const input = uid("dl-link");
    const hint = uid("dl-link-hint");
    const error = uid("dl-link-error");
    const result = h("div", { "data-role": "resolved", "aria-live": "polite" });
    const field = h("input", { type: "text", id: input, name: "folder", autocomplete: "off", spellcheck: "false",
      placeholder: "https://drive.google.com/drive/folders/…", "aria-describedby": `${hint} ${error}` });
    const errorText = h("p", { id: error, class: "field-error", "data-role": "link-error" });
    const button = h("button", { type: "submit" }, "Check folder");
    const form = h("form", { class: "stack", novalidate: true, "data-role": "link-form" },
      h("div", { class: "row" },
        h("div", { class: "field" },
          h("label", { for: input }, "Use a folder from a Drive link"),
          field,
          h("p", { id: hint, class: "hint" }, "Paste the folder's link (or id). drivelink sees the folders it created and those you shared with it."),
          errorText),
      ),
      h("div", { class: "row" }, button),
      result);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      errorText.textContent = "";
      field.removeAttribute("aria-invalid");
      result.replaceChildren();
      const value = field.value.trim();
      if (!value) {
        field.setAttribute("aria-invalid", "true");
        errorText.textContent = "Paste a Drive folder link or id.";
        field.focus();
        return;
      }
      button.disabled = true;
      try {
        const folder = await routes.resolveFolder(this, c.id, value);
        this.emit("drivelink-folder-resolved", { connectionId: c.id, folder });
        result.replaceChildren(h("div", { class: "row" },
          h("span", {}, "Found ", driveLink(folder.link, folder.name, { "data-role": "resolved-name" }), "."),
          this.useButton(c, folder)));
        result.querySelector("button").focus();
      } catch (e) {
        field.setAttribute("aria-invalid", "true");
        errorText.textContent = `${e.detail}${e.code && e.code !== "network" ? ` (${e.code})` : ""}`;
        field.focus();
      } finally {
        button.disabled = false;
      }
    });
    return form;
  }

  createForm(c) {
    const input = uid("dl-name");
    const error = uid("dl-name-error");
    const field = h("input", { type: "text", id: input, name: "name", autocomplete: "off", maxlength: "255",
      "aria-describedby": error });
    const errorText = h("p", { id: error, class: "field-error", "data-role": "name-error" });
    const button = h("button", { type: "submit" }, "Create folder");
    const created = h("ul", { class: "plain", "data-role": "created" }, this._created.map((f) => this.createdItem(c, f)));
    const form = h("form", { class: "stack", novalidate: true, "data-role": "create-form" },
      h("div", { class: "row" },
        h("div", { class: "field" },
          h("label", { for: input }, `New folder in ${c.rootFolder.name}`),
          field,
          errorText)),
      h("div", { class: "row" }, button),
      created);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      errorText.textContent = "";
      field.removeAttribute("aria-invalid");
      const name = field.value.trim();
      if (!name) {
        field.setAttribute("aria-invalid", "true");
        errorText.textContent = "Give the folder a name.";
        field.focus();
        return;
      }
      button.disabled = true;
      try {
        const folder = await routes.createFolder(this, c.id, name);
        this._created.push(folder);
        created.append(this.createdItem(c, folder));
        field.value = "";
        this.say(c, "ok", `Created ${folder.name} in ${c.rootFolder.name}.`);
        const browse = this.shadowRoot.querySelector("[data-role=browse]");
        if (browse) {
          browse.replaceWith(this.browser(c));
        }
        this.emit("drivelink-folder-created", { connectionId: c.id, folder });
      } catch (e) {
        field.setAttribute("aria-invalid", "true");
        errorText.textContent = `${e.detail}${e.code && e.code !== "network" ? ` (${e.code})` : ""}`;
        field.focus();
      } finally {
        button.disabled = false;
      }
    });
    return form;
  }

  /** The folders under the root, one level at a time, with a path back up (breadcrumbs). */
  browser(c) {
    const heading = uid("dl-browse");
    if (!this._trail || this._trail.connectionId !== c.id || this._trail.path[0].id !== c.rootFolder.id) {
      this._trail = { connectionId: c.id, path: [c.rootFolder] };
    }
    const trail = this._trail;
    const here = trail.path[trail.path.length - 1];
    const list = h("ul", { class: "plain", "data-role": "browse-list", "aria-live": "polite" }, h("li", { class: "muted" }, "Loading…"));
    const more = h("div", { class: "row" });
    const crumbs = h("nav", { "aria-label": "Folder path" }, h("ol", { class: "crumbs" }, trail.path.map((f, i) =>
      h("li", {}, i === trail.path.length - 1 ? h("span", { "aria-current": "location" }, f.name)
        : h("button", { type: "button", class: "link", onclick: () => this.goTo(c, i) }, f.name)))));
    const section = h("section", { class: "stack", "aria-labelledby": heading, "data-role": "browse" },
      h("h3", { id: heading }, "Folders in ", here.name), crumbs, list, more);
    const show = async (pageToken) => {
      try {
        const page = await routes.listFolders(this, c.id, here.id === c.rootFolder.id ? null : here.id, pageToken);
        if (!pageToken) {
          list.replaceChildren();
        }
        if (!pageToken && page.folders.length === 0) {
          list.append(h("li", { class: "muted" }, "No folders here that drivelink may see."));
        }
        page.folders.forEach((f) => list.append(h("li", { class: "row", dataset: { folderId: f.id } },
          h("button", { type: "button", class: "link", "aria-label": `Open ${f.name}`, onclick: () => this.open(c, f) }, f.name),
          this.useButton(c, f))));
        more.replaceChildren(page.nextPageToken
          ? h("button", { type: "button", onclick: () => show(page.nextPageToken) }, "Show more folders") : "");
      } catch (e) {
        list.replaceChildren(h("li", {}, this.problem(e, "Could not list the folders")));
      }
    };
    show(null);
    return section;
  }

  open(c, folder) {
    this._trail.path.push(folder);
    this.render();
    this.focusBrowse();
  }

  goTo(c, index) {
    this._trail.path = this._trail.path.slice(0, index + 1);
    this.render();
    this.focusBrowse();
  }

  focusBrowse() {
    const heading = this.shadowRoot.querySelector("[data-role=browse] h3");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  createdItem(c, folder) {
    return h("li", { class: "row", dataset: { folderId: folder.id } },
      driveLink(folder.link, folder.name), this.useButton(c, folder));
  }

  useButton(c, folder) {
    return h("button", { type: "button", class: "primary", "data-action": "use-folder", "aria-label": `Use as root folder: ${folder.name}`,
      onclick: async (event) => {
        const button = event.currentTarget;
        button.disabled = true;
        try {
          const after = await routes.setRootFolder(this, c.id, folder.id);
          this._created = [];
          this._chosen = c.id;
          this.say(c, "ok", `The root folder is now ${after.rootFolder.name}.`);
          await this.load();
          this.emit("drivelink-root-changed", { connectionId: c.id, rootFolder: after.rootFolder, connection: after });
          const current = this.shadowRoot.querySelector("[data-role=current] a");
          if (current) {
            current.focus();
          }
        } catch (e) {
          button.disabled = false;
          this.say(c, "error", `Could not use ${folder.name}: ${e.detail}`);
        }
      } }, "Use as root folder");
  }

  say(c, kind, text) {
    this._notice = { connectionId: c.id, kind, text };
    const region = this.shadowRoot.querySelector("[data-role=notice]");
    if (region) {
      region.className = `notice ${kind}`;
      region.setAttribute("role", kind === "error" ? "alert" : "status");
      region.textContent = text;
    }
  }
}

if (!customElements.get("drivelink-folder-picker")) {
  customElements.define("drivelink-folder-picker", DrivelinkFolderPicker);
}
