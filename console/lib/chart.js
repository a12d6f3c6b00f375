// A small chart of successes and failures per day (inline SVG, no library), with its text
// alternative: a caption that sums it up and the same numbers as a table.

import { h, uid } from "./base.js";

const SVG = "http://www.w3.org/2000/svg";
const DAYS = 7;
const DAY_MS = 86_400_000;

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    el.setAttribute(k, String(v));
  }
  children.flat().forEach((c) => c && el.append(c));
  return el;
}

/** The day of an instant in the page's time zone, as YYYY-MM-DD. */
function dayOf(date) {
  const d = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return d.toISOString().substring(0, 10);
}

/** [{day, label, success, failed}] for the 7 days up to the newest record. */
export function perDay(items) {
  const newest = items.reduce((max, a) => Math.max(max, Date.parse(a.at)), 0);
  const days = [];
  for (let i = DAYS - 1; i >= 0; i--) {
    const date = new Date(newest - i * DAY_MS);
    days.push({ day: dayOf(date), label: date.toLocaleDateString(undefined, { weekday: "short", day: "numeric" }), success: 0, failed: 0 });
  }
  for (const a of items) {
    const d = days.find((x) => x.day === dayOf(new Date(a.at)));
    if (d && a.status === "success") {
      d.success++;
    } else if (d && a.status === "failed") {
      d.failed++;
    }
  }
  return days;
}

export function outcomeChart(items) {
  const days = perDay(items);
  const max = Math.max(1, ...days.map((d) => Math.max(d.success, d.failed)));
  const caption = uid("dl-chart-caption");
  const hatch = uid("dl-hatch");
  const total = days.reduce((t, d) => ({ success: t.success + d.success, failed: t.failed + d.failed }), { success: 0, failed: 0 });
  const width = 280;
  const height = 110;
  const base = 88;
  const slot = width / DAYS;
  const bar = 12;
  const scale = (n) => (n / max) * 70;
  const bars = days.map((d, i) => {
    const x = i * slot + slot / 2;
    return s("g", {},
      s("rect", { x: x - bar - 1, y: base - scale(d.success), width: bar, height: scale(d.success), class: "bar-success" }),
      s("rect", { x: x + 1, y: base - scale(d.failed), width: bar, height: scale(d.failed), class: "bar-failed", fill: `url(#${hatch})` }),
      s("text", { x, y: base + 16, "text-anchor": "middle", class: "axis" }, d.label));
  });
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": caption, class: "chart", focusable: "false" },
    s("defs", {}, s("pattern", { id: hatch, width: 4, height: 4, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
      s("rect", { width: 4, height: 4, class: "bar-failed-bg" }), s("line", { x1: 0, y1: 0, x2: 0, y2: 4, class: "bar-failed-line" }))),
    s("line", { x1: 0, y1: base, x2: width, y2: base, class: "axis-line" }),
    bars);
  return h("figure", { class: "chart-figure", "data-role": "chart" },
    h("figcaption", { id: caption },
      `Successes and failures per day, in the records shown: ${total.success} succeeded, ${total.failed} failed.`),
    h("p", { class: "legend hint", "aria-hidden": "true" }, h("span", { class: "key key-success" }), "Succeeded (solid) ",
      h("span", { class: "key key-failed" }), "Failed (striped)"),
    svg,
    h("details", {}, h("summary", {}, "The numbers as a table"),
      h("table", { "data-role": "chart-table" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Day"), h("th", { scope: "col" }, "Succeeded"), h("th", { scope: "col" }, "Failed"))),
        h("tbody", {}, days.map((d) => h("tr", { dataset: { day: d.day } }, h("th", { scope: "row" }, d.label),
          h("td", {}, String(d.success)), h("td", {}, String(d.failed))))))));
}
