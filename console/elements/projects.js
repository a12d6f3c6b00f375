// <drivelink-projects>: the projects the host app lets the user sync (GET /drive/projects) as a choice;
// the chosen one goes to the page (drivelink-project-selected), which points the project views at it.

import { DrivelinkElement, h, uid } from "../lib/base.js";
import { routes } from "../lib/api.js";

export class DrivelinkProjects extends DrivelinkElement {
  constructor() {
    super();
    this._projects = null;
    this._chosen = null;
  }

  /** The user's projects (ProjectMembership[]), or null before the first load. */
  get projects() {
    return this._projects;
  }

  /** The chosen project's id, or null. */
  get projectId() {
    return this._chosen;
  }

  configured() {
    this.load();
  }

  async load() {
    try {
      this._projects = (await routes.listProjects(this)).projects || [];
      this._error = null;
    } catch (error) {
      this._projects = this._projects || [];
      this._error = error;
    }
    if (!this._projects.some((p) => p.projectId === this._chosen)) {
      this.choose(this._projects.length ? this._projects[0].projectId : null);
    }
    this.render();
  }

  choose(id) {
    this._chosen = id;
    this.emit("drivelink-project-selected", { projectId: id });
  }

  render() {
    const heading = uid("dl-projects");
    const select = uid("dl-project");
    const parts = [h("h2", { id: heading }, "Projects")];
    if (this._error) {
      parts.push(this.problem(this._error, "Could not load your projects"));
    }
    if (this._projects.length === 0) {
      parts.push(h("p", { class: "muted", "data-role": "none" }, "No projects yet: the app lets you sync a project once you are a member of it."));
    } else {
      parts.push(h("div", { class: "row" }, h("div", { class: "field" }, h("label", { for: select }, "Project"),
        h("select", { id: select, "data-role": "project", onchange: (e) => this.choose(e.currentTarget.value) },
          this._projects.map((p) => h("option", { value: p.projectId, selected: p.projectId === this._chosen }, p.projectId)))),
        h("button", { type: "button", "data-action": "reload", onclick: () => this.load() }, "Reload")));
    }
    this.shadowRoot.replaceChildren(h("section", { class: "card stack", "aria-labelledby": heading }, parts));
  }
}

if (!customElements.get("drivelink-projects")) {
  customElements.define("drivelink-projects", DrivelinkProjects);
}
