// Choosing the connection an element works on: its connection-id attribute, else the user's only live
// connection, else a choice among the live ones.

import { h, uid } from "./base.js";
import { routes } from "./api.js";

/** {all, live, current, fixed}: current is the connection the element should use (null when none). */
export async function chooseConnection(element, preferredId) {
  const { connections } = await routes.listConnections(element);
  return pickConnection(element, connections || [], preferredId);
}

/** The same choice from connections already at hand (e.g. a drivelink-connections event). */
export function pickConnection(element, all, preferredId) {
  const live = all.filter((c) => c.status !== "REVOKED");
  const fixed = element.getAttribute("connection-id");
  const current = fixed ? all.find((c) => c.id === fixed) || null
    : live.find((c) => c.id === preferredId) || live[0] || null;
  return { all, live, current, fixed: !!fixed };
}

/** What a view of the choice depends on: re-render only when it changes. */
export function choiceKey(state) {
  const c = state.current;
  return JSON.stringify([state.live.map((x) => x.id + x.googleEmail),
    c && [c.id, c.status, c.rootFolder && c.rootFolder.id, c.rootFolder && c.rootFolder.name]]);
}

/** A labelled select of the live connections (only worth showing when there are several). */
export function connectionSelect(live, current, onChange) {
  const id = uid("dl-account");
  const select = h("select", { id, "data-role": "account", onchange: (e) => onChange(e.currentTarget.value) },
    live.map((c) => h("option", { value: c.id, selected: current && c.id === current.id }, c.googleEmail)));
  return h("div", { class: "field" }, h("label", { for: id }, "Google account"), select);
}
