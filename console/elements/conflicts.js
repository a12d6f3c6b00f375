// <drivelink-conflicts project-id=…>: the project's conflicts (both sides changed the same file and the
// policy is "ask me"), each side by side, with Keep the app's / Keep Drive's / Keep both.

import { h, uid } from "../lib/base.js";
import { routes } from "../lib/api.js";
import { ProjectElement } from "../lib/project.js";
import { KEEP_LABEL, bytes, when } from "../lib/words.js";

export class DrivelinkConflicts extends ProjectElement {
  /** The conflicts last loaded (ConflictView[]), or null. */
  get conflicts() {
    return this._data ? this._data.conflicts : null;
  }

  fetch(project) {
    return routes.listConflicts(this, project);
  }

  render() {
    const parts = [];
    const conflicts = this.conflicts;
    if (conflicts && this.projectId) {
      parts.push(conflicts.length === 0 ? h("p", { class: "muted", "data-role": "none" }, "No conflicts: nothing waits for you.")
        : h("ul", { class: "plain", "data-role": "conflicts" }, conflicts.map((c) => this.item(c))));
    }
    this.card(this.projectId ? `Conflicts in ${this.projectId}` : "Conflicts", parts);
  }

  item(c) {
    const title = uid("dl-conflict");
    const side = (name, v) => h("div", { class: "side", "data-side": name },
      h("h4", {}, name === "app" ? "In the app" : "In Drive"),
      v ? h("dl", {},
        h("dt", {}, "Name"), h("dd", {}, v.name || "—"),
        h("dt", {}, "Size"), h("dd", {}, v.size === undefined ? "—" : bytes(v.size)),
        h("dt", {}, "Changed"), h("dd", {}, when(v.modifiedTime)),
        h("dt", {}, "By"), h("dd", {}, v.modifiedBy || "—")) : h("p", { class: "muted" }, "Deleted"));
    const actions = c.state === "open"
      ? h("div", { class: "row", role: "group", "aria-labelledby": title },
        ["app", "drive", "both"].map((keep) => h("button", { type: "button", class: keep === "both" ? "" : "primary", "data-keep": keep,
          "aria-label": `Keep ${KEEP_LABEL[keep]} of ${c.path}`, onclick: (event) => this.resolve(c, keep, event.currentTarget) },
        keep === "app" ? "Keep the app's" : keep === "drive" ? "Keep Drive's" : "Keep both")))
      : h("p", { class: "notice info", "data-role": "resolving" }, `Keeping ${KEEP_LABEL[c.keep]}: the next sync applies it.`);
    return h("li", { class: "item", dataset: { conflictId: c.id, state: c.state } },
      h("h3", { id: title, class: "who" }, c.path),
      h("p", { class: "hint" }, `Both sides changed it; found ${when(c.detectedAt)}.`),
      h("div", { class: "sides" }, side("app", c.app), side("drive", c.drive)),
      actions);
  }

  async resolve(c, keep, button) {
    const group = button.parentElement;
    group.querySelectorAll("button").forEach((b) => (b.disabled = true));
    try {
      const after = await routes.resolveConflict(this, this.projectId, c.id, keep);
      const list = this._data.conflicts;
      list.splice(list.findIndex((x) => x.id === c.id), 1, after);
      this._notice = { kind: "ok", text: `${c.path}: keeping ${KEEP_LABEL[keep]}.` };
      this.render();
      this.emit("drivelink-conflict-resolved", { projectId: this.projectId, conflict: after });
      const item = this.shadowRoot.querySelector(`li[data-conflict-id="${CSS.escape(c.id)}"] h3`);
      if (item) {
        item.setAttribute("tabindex", "-1");
        item.focus();
      }
    } catch (e) {
      group.querySelectorAll("button").forEach((b) => (b.disabled = false));
      this.say("error", `Could not resolve ${c.path}: ${e.detail}${e.code ? ` (${e.code})` : ""}`);
    }
  }
}

if (!customElements.get("drivelink-conflicts")) {
  customElements.define("drivelink-conflicts", DrivelinkConflicts);
}
