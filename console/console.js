// The console page: the local sign-in (a stand-in for the host app's identity provider) and the
// drivelink elements. It keeps only the user's own JWT (sessionStorage); drivelink's tokens never
// reach the browser.

import { configure } from "./drivelink.js";

const TOKEN = "drivelink.token";
const USER = "drivelink.user";
const FLASH = "drivelink.flash";
const USER_ID = /^[A-Za-z0-9._@-]{1,64}$/;
const $ = (id) => document.getElementById(id);

let settings = { apiBase: "", signIn: "local" };

async function loadSettings() {
  try {
    const response = await fetch("config.json", { cache: "no-cache" });
    if (response.ok) {
      settings = Object.assign(settings, await response.json());
    }
  } catch (e) {
    // defaults: the API on this origin, the local sign-in
  }
}

function show(text, kind) {
  const message = $("message");
  message.textContent = text;
  message.className = text ? kind : "";
  message.setAttribute("role", kind === "error" ? "alert" : "status");
}

/** The JWT's expiry (seconds), read from its payload; 0 when unreadable. */
function expiry(jwt) {
  try {
    const payload = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload)).exp || 0;
  } catch (e) {
    return 0;
  }
}

function token() {
  const jwt = sessionStorage.getItem(TOKEN);
  return jwt && expiry(jwt) * 1000 > Date.now() + 5000 ? jwt : null;
}

function signOut(flash) {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(USER);
  if (flash) {
    sessionStorage.setItem(FLASH, JSON.stringify(flash));
  }
  // a fresh page: nothing of the previous user stays in the elements
  location.replace(location.pathname);
}

async function signIn(user) {
  user = (user || "").trim();
  const error = $("user-error");
  if (!USER_ID.test(user)) {
    $("user").setAttribute("aria-invalid", "true");
    error.textContent = "A user id is 1 to 64 letters, digits, '.', '_', '@' or '-'.";
    $("user").focus();
    return;
  }
  $("user").removeAttribute("aria-invalid");
  error.textContent = "";
  let body = null;
  try {
    const response = await fetch(settings.apiBase + "/local/sign-in", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ user }),
    });
    body = await response.json();
    if (!response.ok) {
      throw new Error(body.message || "sign-in failed");
    }
  } catch (e) {
    show("Could not sign in: " + e.message, "error");
    return;
  }
  sessionStorage.setItem(TOKEN, body.token);
  sessionStorage.setItem(USER, body.user);
  show("", "");
  render();
}

function render() {
  const user = sessionStorage.getItem(USER);
  const signedIn = !!(user && token());
  $("sign-in-card").hidden = signedIn;
  $("console").hidden = !signedIn;
  $("sign-out").hidden = !signedIn;
  const who = $("signed-in-as");
  who.hidden = !signedIn;
  who.replaceChildren();
  if (signedIn) {
    const strong = document.createElement("strong");
    strong.textContent = user;
    who.append("Signed in as ", strong);
    configure({ apiBase: settings.apiBase, getToken: () => token() });
  }
}

function wire() {
  $("sign-in-form").addEventListener("submit", (e) => {
    e.preventDefault();
    signIn($("user").value);
  });
  for (const b of document.querySelectorAll(".quick-user")) {
    b.addEventListener("click", () => {
      $("user").value = b.dataset.user;
      signIn(b.dataset.user);
    });
  }
  $("sign-out").addEventListener("click", () => signOut({ text: "Signed out.", kind: "info" }));
  document.addEventListener("drivelink-unauthorized", () =>
    signOut({ text: "Your session has expired: sign in again.", kind: "error" }));
  document.addEventListener("drivelink-project-selected", (e) => {
    for (const view of document.querySelectorAll(".project-view")) {
      view.projectId = e.detail.projectId;
    }
  });
  document.addEventListener("drivelink-change-folder", (e) => {
    const picker = $("folder-picker");
    picker.connectionId = e.detail.connectionId;
    picker.scrollIntoView({ block: "nearest" });
  });
}

/**
 * The import element's picker: config.json's "picker" ({apiKey, appId, clientId}: Google Picker), or
 * locally the Google emulator's stand-in that local-cloud names at /local/picker.
 */
async function setUpPicker() {
  const element = $("import");
  const google = settings.picker;
  if (google && google.apiKey && google.appId && google.clientId) {
    element.setAttribute("api-key", google.apiKey);
    element.setAttribute("app-id", google.appId);
    element.setAttribute("client-id", google.clientId);
    return;
  }
  if (settings.signIn !== "local") {
    return;
  }
  try {
    const response = await fetch(settings.apiBase + "/local/picker", { cache: "no-store" });
    if (response.ok) {
      const standIn = await response.json();
      element.setAttribute("client-id", standIn.clientId);
      element.setAttribute("picker-url", standIn.pickerUrl);
    }
  } catch (e) {
    // no stand-in: the element says choosing files is not set up
  }
}

async function main() {
  await loadSettings();
  await setUpPicker();
  $("mode").hidden = settings.signIn !== "local";
  if (settings.signIn !== "local") {
    $("sign-in-title").textContent = "Sign in";
    $("sign-in-hint").textContent = "This console's sign-in is not set up: config.json names no sign-in this page knows.";
    $("sign-in-form").hidden = true;
  }
  wire();
  const flash = sessionStorage.getItem(FLASH);
  if (flash) {
    sessionStorage.removeItem(FLASH);
    const { text, kind } = JSON.parse(flash);
    show(text, kind);
  }
  if (sessionStorage.getItem(USER) && !token()) {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(USER);
    show("Your session has expired: sign in again.", "error");
  }
  render();
}

main();
