// <drivelink-activity project-id=…>: the sync log, newest first, with filters (action, status) and
// "Show older" paging, and a small chart of successes and failures per day of the records shown
// (inline SVG with a table as its text alternative). Without project-id: every record of the user (all
// projects, uploads, accounts), with a Project filter.

import { h, uid } from "../lib/base.js";
import { routes } from "../lib/api.js";
import { ProjectElement } from "../lib/project.js";
import { ACTION_LABEL, OUTCOME_LABEL, when } from "../lib/words.js";
import { outcomeChart } from "../lib/chart.js";

export class DrivelinkActivity extends ProjectElement {
  constructor() {
    super();
    this._filters = { action: "", status: "" };
    this._project = "";
    this._projects = null;
  }

  get needsProject() {
    return false;
  }

  /** The records shown so far (ActivityItem[]), newest first. */
  get items() {
    return this._data ? this._data.items : [];
  }

  get pageSize() {
    const n = Number.parseInt(this.getAttribute("page-size") || "20", 10);
    return Number.isFinite(n) ? Math.min(200, Math.max(1, n)) : 20;
  }

  /** The project shown: the project-id attribute, else the Project filter's choice ("" = all). */
  get shownProject() {
    return this.projectId || this._project || null;
  }

  async fetch(project, cursor) {
    if (!this.projectId && this._projects === null) {
      try {
        this._projects = (await routes.listProjects(this)).projects.map((p) => p.projectId);
      } catch (e) {
        this._projects = [];
      }
    }
    return routes.activity(this, project || this.shownProject, { limit: this.pageSize, cursor, ...this._filters });
  }

  async more(button) {
    button.disabled = true;
    try {
      const page = await this.fetch(this.shownProject, this._data.nextCursor);
      this._data = { items: this._data.items.concat(page.items), nextCursor: page.nextCursor };
      const before = this._data.items.length - page.items.length;
      this.render();
      const first = this.shadowRoot.querySelectorAll("[data-role=items] > li")[before];
      if (first) {
        first.setAttribute("tabindex", "-1");
        first.focus();
      }
    } catch (e) {
      button.disabled = false;
      this.say("error", `Could not load older records: ${e.detail}`);
    }
  }

  render() {
    const parts = [this.filters()];
    if (this._data) {
      const items = this._data.items;
      if (items.length) {
        parts.push(outcomeChart(items));
      }
      parts.push(items.length === 0 ? h("p", { class: "muted", "data-role": "none" }, "Nothing here yet.")
        : h("ol", { class: "plain log", "data-role": "items" }, items.map((a) => this.item(a))));
      if (this._data.nextCursor) {
        parts.push(h("div", { class: "row" }, h("button", { type: "button", "data-action": "more", onclick: (e) => this.more(e.currentTarget) }, "Show older")));
      }
    }
    this.card(this.projectId ? `Activity in ${this.projectId}` : this._project ? `Activity in ${this._project}` : "Activity in all projects", parts);
  }

  filters() {
    const select = (name, label, choices) => {
      const id = uid(`dl-${name}`);
      return h("div", { class: "field" }, h("label", { for: id }, label),
        h("select", { id, name, onchange: (e) => {
          this._filters[name] = e.currentTarget.value;
          this.load().then(() => {
            const again = this.shadowRoot.querySelector(`select[name=${name}]`);
            if (again) {
              again.focus();
            }
          });
        } },
        h("option", { value: "" }, "All"),
        Object.entries(choices).map(([v, words]) => h("option", { value: v, selected: this._filters[name] === v }, words))));
    };
    const project = this.projectId ? null : this.projectFilter();
    return h("div", { class: "row", "data-role": "filters" }, project, select("action", "What", ACTION_LABEL), select("status", "Outcome", OUTCOME_LABEL));
  }

  projectFilter() {
    const id = uid("dl-project-filter");
    const projects = this._projects || [];
    if (this._project && !projects.includes(this._project)) {
      projects.push(this._project);
    }
    return h("div", { class: "field" }, h("label", { for: id }, "Project"),
      h("select", { id, name: "project", onchange: (e) => {
        this._project = e.currentTarget.value;
        this.load().then(() => this.shadowRoot.querySelector("select[name=project]")?.focus());
      } },
      h("option", { value: "" }, "All projects"),
      projects.map((p) => h("option", { value: p, selected: this._project === p }, p))));
  }

  item(a) {
    const what = [ACTION_LABEL[a.action] || a.action];
    if (a.path) {
      what.push(`: ${a.path}`);
    } else if (a.details && a.details.fileName) {
      what.push(`: ${a.details.fileName}`);
    }
    return h("li", { class: "item", dataset: { activityId: a.id, action: a.action, status: a.status } },
      h("div", { class: "spread" }, h("span", { class: "who" }, what.join("")),
        h("span", { class: `badge outcome-${a.status}` }, OUTCOME_LABEL[a.status] || a.status)),
      h("p", { class: "hint" }, h("time", { datetime: a.at }, when(a.at)), !this.shownProject && a.projectId ? ` · ${a.projectId}` : ""),
      a.error ? h("p", { class: "reason" }, a.error) : null);
  }
}

if (!customElements.get("drivelink-activity")) {
  customElements.define("drivelink-activity", DrivelinkActivity);
}
