// What the project views share: the project-id attribute (reload when it changes), a load/render cycle,
// and reloading when something else changed the project (a saved setting, a resolved conflict, a resume).

import { DrivelinkElement, h, uid } from "./base.js";

/** Events after which a project's views show stale data. */
const PROJECT_EVENTS = ["drivelink-settings-saved", "drivelink-conflict-resolved", "drivelink-sync-resumed"];

/** The project-id attribute as a projectId property (also for elements that are not ProjectElements). */
export function defineProjectId(klass) {
  Object.defineProperty(klass.prototype, "projectId", {
    configurable: true,
    get() {
      return this.getAttribute("project-id");
    },
    set(id) {
      if (id) {
        this.setAttribute("project-id", id);
      } else {
        this.removeAttribute("project-id");
      }
    },
  });
}

export class ProjectElement extends DrivelinkElement {
  static get observedAttributes() {
    return ["project-id", "api-base"];
  }

  constructor() {
    super();
    this._data = null;
    this._error = null;
    const reload = (event) => {
      if (event.target !== this && (this.projectId || !this.needsProject)) {
        this.load();
      }
    };
    PROJECT_EVENTS.forEach((name) => this.listenToPage(name, reload));
  }

  attributeChangedCallback(name, before, after) {
    if (before !== after && this.isConnected && this._loaded) {
      this._notice = null;
      this.load();
    }
  }

  configured() {
    this.load();
  }

  /** Whether this element needs a project (the activity log does not: without one it shows every project). */
  get needsProject() {
    return true;
  }

  /** Fetches what the element shows for this project; the answer becomes this._data. */
  async fetch() {
    return null;
  }

  async load() {
    this._loaded = true;
    const project = this.projectId;
    if (!project && this.needsProject) {
      this._data = null;
      this.render();
      return;
    }
    try {
      const data = await this.fetch(project);
      if (project !== this.projectId) {
        return;
      }
      this._data = data;
      this._error = null;
    } catch (error) {
      this._error = error;
    }
    this.render();
  }

  /** A card with a heading, a live region for notices, and the element's parts. */
  card(title, parts, extra = {}) {
    const heading = uid("dl-card");
    this.shadowRoot.replaceChildren(h("section", Object.assign({ class: "card stack", "aria-labelledby": heading }, extra),
      h("h2", { id: heading }, title),
      this.noticeRegion(),
      !this.projectId && this.needsProject ? h("p", { class: "muted" }, "Choose a project.") : null,
      this._error ? this.problem(this._error, "Could not load") : null,
      parts));
  }

}

defineProjectId(ProjectElement);
