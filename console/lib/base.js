// What every drivelink element shares: an open shadow root with the shared styles, a safe DOM builder
// (text is always text, never HTML), public events, and re-rendering when the configuration changes.

import { isConfigured, onConfigure } from "./config.js";
import { sheet } from "./styles.js";

let ids = 0;

/** A unique id for label/aria wiring inside a shadow root. */
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

/**
 * h("button", {class: "primary", onclick: fn}, "Connect") builds an element. Attributes with value
 * false/null/undefined are left out; on* keys add listeners; children are nodes or text.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else if (key === "value" && "value" in el) {
      el.value = value;
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(el, child);
    } else {
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

/** A link that opens Drive in a new tab, with the new tab said in words for screen readers. */
export function driveLink(href, text, extra = {}) {
  return h("a", Object.assign({ href, target: "_blank", rel: "noopener noreferrer" }, extra),
    text, h("span", { class: "visually-hidden" }, " (opens in a new tab)"));
}

export class DrivelinkElement extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this.shadowRoot.adoptedStyleSheets = [sheet];
    this._pageListeners = [];
  }

  /** Listens to a page event while the element is on the page (added when connected, removed when not). */
  listenToPage(name, handler) {
    this._pageListeners.push([name, handler]);
    if (this.isConnected) {
      document.addEventListener(name, handler);
    }
  }

  connectedCallback() {
    this._pageListeners.forEach(([name, handler]) => document.addEventListener(name, handler));
    this._offConfigure = onConfigure(() => (isConfigured(this) ? this.configured() : this.renderWaiting()));
    if (isConfigured(this)) {
      this.configured();
    } else {
      this.renderWaiting();
    }
  }

  disconnectedCallback() {
    this._pageListeners.forEach(([name, handler]) => document.removeEventListener(name, handler));
    if (this._offConfigure) {
      this._offConfigure();
    }
  }

  /** Called when the element can talk to the API (and again after each configure()). */
  configured() {
  }

  renderWaiting() {
    this.shadowRoot.replaceChildren(h("p", { class: "muted" }, "Waiting for the page to sign you in…"));
  }

  /** Fires a public event: it bubbles out of the shadow root to the host page. */
  emit(name, detail) {
    return this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, cancelable: true, detail }));
  }

  /**
   * A message in the element's live region ([data-role=notice]): kept in this._notice so the next
   * render shows it again; errors are alerts, the rest status messages.
   */
  say(kind, text) {
    this._notice = { kind, text };
    const region = this.shadowRoot.querySelector("[data-role=notice]");
    if (region) {
      region.className = `notice ${kind}`;
      region.setAttribute("role", kind === "error" ? "alert" : "status");
      region.textContent = text;
    }
  }

  /** The live region for say(), showing this._notice. */
  noticeRegion() {
    const notice = this._notice;
    return h("div", { class: notice ? `notice ${notice.kind}` : "notice", role: notice && notice.kind === "error" ? "alert" : "status",
      "data-role": "notice" }, notice ? notice.text : "");
  }

  /** An alert with the problem's detail in words (and its code, for support). */
  problem(error, prefix) {
    const words = error && error.detail ? error.detail : String(error);
    const code = error && error.code && !["network", "signed-out"].includes(error.code) ? ` (${error.code})` : "";
    return h("div", { class: "notice error", role: "alert" }, prefix ? `${prefix}: ` : "", words, code);
  }
}
