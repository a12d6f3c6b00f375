// <drivelink-settings> (a connection's global sync settings) and <drivelink-project-settings
// project-id=…> (the effective settings of the user's sync of one project). Both show every setting
// with its value and where it came from, save only what the user changed, put a setting back to the
// inherited value, and show the API's validation problems next to the field they are about.

import { DrivelinkElement, h, driveLink, uid } from "../lib/base.js";
import { routes } from "../lib/api.js";
import { chooseConnection, choiceKey, connectionSelect, pickConnection } from "../lib/connections.js";
import { SETTING_LABEL, CHOICES, ORIGIN_LABEL, PROBLEM_FIELD, when } from "../lib/words.js";

const BOOLEANS = ["enabled", "autoBackup", "deleteBackups"];
const FOLDER_CODES = ["invalid-folder-reference", "folder-not-found", "not-a-folder", "folder-trashed", "connection-required"];

/** "wav, audio/*" -> ["wav", "audio/*"] */
function list(text) {
  return text.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);
}

/** What a settings form shares; subclasses say which level they edit and which routes they call. */
class SettingsElement extends DrivelinkElement {
  constructor() {
    super();
    this._view = null;
    this._error = null;
    this._notice = null;
  }

  /** "global" or "project": the origin a value has when it is set at this element's level. */
  get level() {
    return "global";
  }

  /** The settings this element edits, in the order shown. */
  get names() {
    return ["enabled", "syncMode", "syncFrequency", "conflictResolution", "autoBackup", "deleteBackups", "fileTypeFilters"];
  }

  /** The settings view last loaded (GlobalSettingsView or ProjectSettingsView), or null. */
  get settings() {
    return this._view;
  }

  configured() {
    this.load();
  }

  heading() {
    return "Sync settings";
  }

  form(view, live) {
    const s = view.settings;
    const fields = {};
    const controls = this.names.map((name) => {
      const f = this.field(name, s[name], live);
      fields[name] = f;
      return f.node;
    });
    const formError = h("div", { "data-role": "form-error" });
    const save = h("button", { type: "submit", class: "primary" }, "Save settings");
    const form = h("form", { class: "stack", novalidate: true, "data-role": "settings-form" }, controls, formError,
      h("div", { class: "row" }, save,
        view.updatedAt ? h("span", { class: "hint" }, `Last changed ${when(view.updatedAt)}`) : null));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const change = {};
      for (const [name, f] of Object.entries(fields)) {
        f.clear();
        const value = f.changed();
        if (value !== undefined) {
          change[name] = value;
        }
      }
      formError.replaceChildren();
      if (Object.keys(change).length === 0) {
        this.say("info", "Nothing changed.");
        return;
      }
      save.disabled = true;
      try {
        this._view = await this.put(change);
        this.say("ok", "Settings saved.");
        this.render();
        this.emit("drivelink-settings-saved", { settings: this._view, change });
      } catch (e) {
        save.disabled = false;
        this.showProblem(e, change, fields, formError);
      }
    });
    return form;
  }

  /** The problem's detail next to the field it is about (its code says which), else above the button. */
  showProblem(e, change, fields, formError) {
    let name = PROBLEM_FIELD[e.code];
    if (FOLDER_CODES.includes(e.code)) {
      name = "backupFolder" in change ? "backupFolder" : "monitoredFolders" in change ? "monitoredFolders" : null;
    }
    if (name && fields[name]) {
      fields[name].invalid(`${e.detail} (${e.code})`);
    } else {
      formError.replaceChildren(this.problem(e, "Not saved"));
    }
  }

  /** One setting: its control, where its value came from, and Reset when it is set at this level. */
  field(name, setting, live) {
    const id = uid(`dl-${name}`);
    const errorId = uid(`dl-${name}-error`);
    const originId = uid(`dl-${name}-origin`);
    const origin = setting ? setting.origin : "default";
    const value = setting ? setting.value : undefined;
    const described = `${originId} ${errorId}`;
    const errorText = h("p", { id: errorId, class: "field-error", "data-role": "error" });
    const originText = h("p", { id: originId, class: "hint", "data-role": "origin" },
      origin === "default" && value === undefined && name === "backupFolder"
        ? "default: a folder named after the project under the root, made on the first sync" : ORIGIN_LABEL[origin]);
    let inputs;
    let read;
    let control;
    if (BOOLEANS.includes(name)) {
      const box = h("input", { type: "checkbox", id, name, checked: !!value, "aria-describedby": described });
      read = () => box.checked;
      inputs = [box];
      control = h("div", { class: "check" }, box, h("label", { for: id }, SETTING_LABEL[name]));
    } else if (CHOICES[name]) {
      const select = h("select", { id, name, "aria-describedby": described },
        Object.entries(CHOICES[name]).map(([v, words]) => h("option", { value: v, selected: v === value }, words)));
      read = () => select.value;
      inputs = [select];
      control = [h("label", { for: id }, SETTING_LABEL[name]), select];
    } else if (name === "connectionId") {
      const select = h("select", { id, name, "aria-describedby": described },
        h("option", { value: "", selected: !value }, "None chosen"),
        live.map((c) => h("option", { value: c.id, selected: c.id === value }, c.googleEmail)));
      read = () => select.value || null;
      inputs = [select];
      control = [h("label", { for: id }, SETTING_LABEL[name]), select];
    } else if (name === "fileTypeFilters") {
      const include = h("input", { type: "text", id, name: "include", spellcheck: "false", "aria-describedby": described,
        value: (value ? value.include : []).join(", "), placeholder: "e.g. wav, audio/*" });
      const excludeId = uid("dl-exclude");
      const exclude = h("input", { type: "text", id: excludeId, name: "exclude", spellcheck: "false", "aria-describedby": described,
        value: (value ? value.exclude : []).join(", ") });
      read = () => ({ include: list(include.value), exclude: list(exclude.value) });
      inputs = [include, exclude];
      control = h("div", { class: "row" },
        h("div", { class: "field" }, h("label", { for: id }, "File types to include"), include),
        h("div", { class: "field" }, h("label", { for: excludeId }, "File types to exclude"), exclude));
    } else if (name === "backupFolder") {
      const input = h("input", { type: "text", id, name, spellcheck: "false", autocomplete: "off", "aria-describedby": described,
        value: value ? value.link : "", placeholder: "https://drive.google.com/drive/folders/…" });
      read = () => input.value.trim() || null;
      inputs = [input];
      control = [h("label", { for: id }, SETTING_LABEL[name]), input,
        value ? h("p", { class: "hint" }, "Now: ", driveLink(value.link, value.name)) : null];
    } else if (name === "monitoredFolders") {
      const area = h("textarea", { id, name, rows: "3", spellcheck: "false", "aria-describedby": described });
      area.value = (value || []).map((f) => f.link).join("\n");
      read = () => list(area.value);
      inputs = [area];
      control = [h("label", { for: id }, `${SETTING_LABEL[name]} (one Drive folder link per line)`), area];
    }
    const initial = JSON.stringify(read());
    const reset = origin === this.level && value !== undefined
      ? h("button", { type: "button", class: "link", "data-action": "reset", "aria-label": `Reset ${SETTING_LABEL[name]}`,
        onclick: () => this.reset(name) }, this.level === "project" ? "Use the inherited value" : "Back to the default")
      : null;
    const node = h("div", { class: "setting", dataset: { setting: name, origin } },
      h("div", { class: "field" }, control, originText, errorText), reset);
    return {
      node,
      changed: () => (JSON.stringify(read()) === initial ? undefined : read()),
      clear: () => {
        errorText.textContent = "";
        inputs.forEach((i) => i.removeAttribute("aria-invalid"));
      },
      invalid: (text) => {
        errorText.textContent = text;
        inputs.forEach((i) => i.setAttribute("aria-invalid", "true"));
        inputs[0].focus();
      },
    };
  }

  async reset(name) {
    try {
      this._view = await this.put({ [name]: null });
      this.say("ok", `${SETTING_LABEL[name]}: back to the ${this.level === "project" ? "inherited" : "default"} value.`);
      this.render();
      this.emit("drivelink-settings-saved", { settings: this._view, change: { [name]: null } });
    } catch (e) {
      this.say("error", `Not saved: ${e.detail}`);
    }
  }

  section(parts) {
    const heading = uid("dl-settings");
    this.shadowRoot.replaceChildren(h("section", { class: "card stack", "aria-labelledby": heading },
      h("h2", { id: heading }, this.heading()), this.noticeRegion(), parts));
  }
}

export class DrivelinkSettings extends SettingsElement {
  static get observedAttributes() {
    return ["connection-id", "api-base"];
  }

  constructor() {
    super();
    this._state = null;
    this._chosen = null;
    this.listenToPage("drivelink-connections", (event) => this.sync(event.detail && event.detail.connections));
  }

  attributeChangedCallback(name, before, after) {
    if (before !== after && this.isConnected && this._state !== null) {
      this.load();
    }
  }

  heading() {
    return "Sync settings for your account";
  }

  sync(connections) {
    if (!Array.isArray(connections) || this._state === null) {
      return;
    }
    const next = pickConnection(this, connections, this._chosen);
    if (choiceKey(next) !== choiceKey(this._state)) {
      this.load();
    }
  }

  async load() {
    try {
      this._state = await chooseConnection(this, this._chosen);
      const c = this._state.current;
      this._view = c && c.status !== "REVOKED" ? await routes.getGlobalSettings(this, c.id) : null;
      this._error = null;
    } catch (error) {
      this._state = this._state || { all: [], live: [], current: null };
      this._error = error;
    }
    this.render();
  }

  put(change) {
    return routes.putGlobalSettings(this, this._state.current.id, change);
  }

  render() {
    const state = this._state;
    const parts = [];
    if (this._error) {
      parts.push(this.problem(this._error, "Could not load the settings"));
    }
    if (!state.current || state.current.status === "REVOKED") {
      parts.push(h("p", { class: "muted" }, "Connect a Google account first; its settings apply to every project it syncs."));
    } else {
      if (!state.fixed && state.live.length > 1) {
        parts.push(connectionSelect(state.live, state.current, (id) => {
          this._chosen = id;
          this._notice = null;
          this.load();
        }));
      }
      parts.push(h("p", { class: "hint" }, `For every project ${state.current.googleEmail} syncs, unless a project says otherwise.`));
      if (this._view) {
        parts.push(this.form(this._view, state.live));
      }
    }
    this.section(parts);
  }
}

export class DrivelinkProjectSettings extends SettingsElement {
  static get observedAttributes() {
    return ["project-id", "api-base"];
  }

  constructor() {
    super();
    // the account's settings changed: the inherited values shown here did too
    this.listenToPage("drivelink-settings-saved", (event) => {
      if (event.target !== this && this._loaded && this.projectId) {
        this.load();
      }
    });
  }

  get level() {
    return "project";
  }

  get names() {
    return ["enabled", "syncMode", "connectionId", "backupFolder", "monitoredFolders", "syncFrequency", "conflictResolution",
      "autoBackup", "deleteBackups", "fileTypeFilters"];
  }

  get projectId() {
    return this.getAttribute("project-id");
  }

  set projectId(id) {
    this.setAttribute("project-id", id);
  }

  attributeChangedCallback(name, before, after) {
    if (before !== after && this.isConnected && this._loaded) {
      this._notice = null;
      this.load();
    }
  }

  heading() {
    return this.projectId ? `Sync settings of ${this.projectId}` : "Project sync settings";
  }

  async load() {
    this._loaded = true;
    const project = this.projectId;
    if (!project) {
      this._view = null;
      this.render();
      return;
    }
    try {
      const [view, connections] = await Promise.all([routes.getProjectSettings(this, project), routes.listConnections(this)]);
      if (project !== this.projectId) {
        return;
      }
      this._view = view;
      this._live = (connections.connections || []).filter((c) => c.status !== "REVOKED");
      this._error = null;
    } catch (error) {
      this._view = null;
      this._error = error;
    }
    this.render();
  }

  put(change) {
    return routes.putProjectSettings(this, this.projectId, change);
  }

  render() {
    const parts = [];
    if (!this.projectId) {
      parts.push(h("p", { class: "muted" }, "Choose a project."));
    } else if (this._error) {
      parts.push(this.problem(this._error, "Could not load the project's settings"));
    } else if (this._view) {
      parts.push(h("p", { class: "hint" }, "Each value says where it comes from. A project value overrides your account settings."));
      parts.push(this.form(this._view, this._live || []));
    }
    this.section(parts);
  }
}

if (!customElements.get("drivelink-settings")) {
  customElements.define("drivelink-settings", DrivelinkSettings);
}
if (!customElements.get("drivelink-project-settings")) {
  customElements.define("drivelink-project-settings", DrivelinkProjectSettings);
}
