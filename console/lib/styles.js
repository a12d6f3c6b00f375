// The elements' shared look. Colours meet WCAG AA contrast; a host page can theme them through the
// custom properties below (they inherit into the shadow roots), e.g. drivelink-connection { --drivelink-accent: #0b57d0 }.

export const sheet = new CSSStyleSheet();
sheet.replaceSync(`
:host {
  --_ink: var(--drivelink-ink, #1f2933);
  --_muted: var(--drivelink-muted, #52606d);
  --_line: var(--drivelink-line, #d9dee4);
  --_card: var(--drivelink-card, #ffffff);
  --_accent: var(--drivelink-accent, #1765cc);
  --_accent-dark: var(--drivelink-accent-dark, #114b99);
  --_ok: var(--drivelink-ok, #0d6b36);
  --_ok-bg: var(--drivelink-ok-bg, #e6f4ea);
  --_warn: var(--drivelink-warn, #7a4a00);
  --_warn-bg: var(--drivelink-warn-bg, #fff4e5);
  --_bad: var(--drivelink-bad, #a3221b);
  --_bad-bg: var(--drivelink-bad-bg, #fce8e6);
  --_radius: var(--drivelink-radius, 10px);
  display: block;
  color: var(--_ink);
  font: var(--drivelink-font, 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.card { background: var(--_card); border: 1px solid var(--_line); border-radius: var(--_radius); padding: 18px 20px; }
h2 { font-size: 1.15em; margin: 0 0 4px; }
h3 { font-size: 1em; margin: 0 0 8px; }
p { margin: 0 0 10px; }
.muted, .hint { color: var(--_muted); }
.hint { font-size: .9em; margin: 4px 0 0; }
.small { font-size: .85em; }
a { color: var(--_accent-dark); text-underline-offset: 2px; }
a:hover { color: var(--_accent); }
.row { display: flex; flex-wrap: wrap; gap: 8px 10px; align-items: center; }
.stack { display: grid; gap: 14px; }
.spread { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-start; justify-content: space-between; }
button {
  font: inherit; cursor: pointer; border-radius: 8px; padding: 8px 14px; min-height: 40px;
  border: 1px solid #9aa5b1; background: #fff; color: var(--_ink);
}
button:hover { background: #eef2f7; }
button.primary { background: var(--_accent); border-color: var(--_accent); color: #fff; font-weight: 600; }
button.primary:hover { background: var(--_accent-dark); border-color: var(--_accent-dark); }
button.danger { background: var(--_bad); border-color: var(--_bad); color: #fff; font-weight: 600; }
button.danger:hover { background: #7f1a15; }
button.link { border: none; background: none; color: var(--_accent-dark); padding: 8px 4px; text-decoration: underline; }
button:disabled { opacity: .65; cursor: default; }
:focus-visible { outline: 3px solid var(--_accent); outline-offset: 2px; }
label { display: block; font-weight: 600; margin-bottom: 4px; }
input[type=text], input[type=url], select, textarea {
  font: inherit; color: var(--_ink); background: #fff; padding: 8px 11px; min-height: 40px;
  border: 1px solid #7b8794; border-radius: 8px; width: 100%;
}
input[aria-invalid=true] { border-color: var(--_bad); }
.field { display: grid; gap: 2px; flex: 1 1 220px; min-width: 0; }
.field-error { color: var(--_bad); font-size: .9em; margin: 2px 0 0; }
.notice { border-radius: 8px; padding: 10px 14px; font-weight: 500; overflow-wrap: anywhere; }
.notice.ok { background: var(--_ok-bg); color: var(--_ok); }
.notice.error { background: var(--_bad-bg); color: var(--_bad); }
.notice.info { background: #e8f0fe; color: #174ea6; }
.notice:empty { display: none; }
.badge { display: inline-flex; align-items: center; gap: 6px; font-size: .85em; font-weight: 600; border-radius: 999px; padding: 2px 10px; white-space: nowrap; }
.badge::before { content: ""; width: 9px; height: 9px; border-radius: 50%; background: currentColor; }
.badge.ACTIVE, .badge.DONE { background: var(--_ok-bg); color: var(--_ok); }
.badge.ERROR, .badge.QUEUED, .badge.UPLOADING { background: var(--_warn-bg); color: var(--_warn); }
.badge.REVOKED, .badge.FAILED { background: var(--_bad-bg); color: var(--_bad); }
.badge.UPLOADING, .badge.QUEUED { background: #e8f0fe; color: #174ea6; }
ul.plain, ol.plain { list-style: none; margin: 0; padding: 0; display: grid; gap: 12px; }
.item { border: 1px solid var(--_line); border-radius: 8px; padding: 12px 14px; display: grid; gap: 6px; }
.item[data-status=REVOKED] { background: #fafbfc; }
.who { font-weight: 600; overflow-wrap: anywhere; }
.reason { margin: 0; color: var(--_warn); }
.item[data-status=REVOKED] .reason { color: var(--_bad); }
ol.crumbs { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px; }
ol.crumbs li + li::before { content: "/"; color: var(--_muted); padding: 0 4px; }
.check { display: flex; gap: 8px; align-items: center; }
.check label { display: inline; margin: 0; }
.check input { width: 20px; height: 20px; accent-color: var(--_accent); }
.setting { display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: flex-end; border-top: 1px solid var(--_line); padding-top: 10px; }
.setting .hint { margin: 0; }
.notice.warn { background: var(--_warn-bg); color: var(--_warn); }
.badge.sync-idle, .badge.outcome-success { background: var(--_ok-bg); color: var(--_ok); }
.badge.sync-syncing, .badge.outcome-skipped { background: #e8f0fe; color: #174ea6; }
.badge.sync-paused { background: var(--_warn-bg); color: var(--_warn); }
.badge.sync-error, .badge.outcome-failed { background: var(--_bad-bg); color: var(--_bad); }
.badge.file-synced { background: var(--_ok-bg); color: var(--_ok); }
.badge.file-pending_upload, .badge.file-pending_download { background: #e8f0fe; color: #174ea6; }
.badge.file-conflict { background: var(--_warn-bg); color: var(--_warn); }
.badge.file-error { background: var(--_bad-bg); color: var(--_bad); }
.badge[class*=file-]::before { display: none; }
.badge .symbol { font-weight: 700; }
.block { display: block; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .95em; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--_line); vertical-align: top; }
thead th { color: var(--_muted); font-weight: 600; font-size: .9em; }
tbody th { font-weight: normal; }
tbody th .who { overflow-wrap: break-word; }
td[data-role=size] { white-space: nowrap; }
@media (max-width: 520px) {
  table, thead, tbody, tr, th, td { display: block; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  tbody tr { border: 1px solid var(--_line); border-radius: 8px; padding: 6px 8px; margin-bottom: 8px; }
  tbody th, tbody td { border: 0; padding: 2px 0; }
}
.chart-figure { margin: 0; display: grid; gap: 4px; }
.chart-figure figcaption { font-size: .9em; }
svg.chart { width: 100%; max-width: 420px; height: auto; }
svg.chart .bar-success { fill: var(--_ok); }
svg.chart .bar-failed-bg { fill: var(--_bad-bg); }
svg.chart .bar-failed-line { stroke: var(--_bad); stroke-width: 3; }
svg.chart .bar-failed { stroke: var(--_bad); stroke-width: 1; }
svg.chart .axis { font-size: 9px; fill: var(--_muted); }
svg.chart .axis-line { stroke: var(--_line); }
.legend { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 0; }
.key { display: inline-block; width: 12px; height: 12px; border-radius: 2px; }
.key-success { background: var(--_ok); }
.key-failed { border: 1px solid var(--_bad); background: repeating-linear-gradient(45deg, var(--_bad) 0 2px, var(--_bad-bg) 2px 4px); }
details summary { cursor: pointer; font-size: .9em; }
dl.counts { display: grid; grid-template-columns: repeat(auto-fit, minmax(110px, 1fr)); gap: 8px; margin: 0; }
dl.counts div { border: 1px solid var(--_line); border-radius: 8px; padding: 6px 10px; }
dl.counts dt { color: var(--_muted); font-size: .85em; }
dl.counts dd { margin: 0; font-size: 1.3em; font-weight: 600; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
.side { border: 1px solid var(--_line); border-radius: 8px; padding: 8px 12px; }
.side h4 { margin: 0 0 4px; font-size: .95em; }
.side dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 0; }
.side dt { color: var(--_muted); }
.side dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 520px) { .sides { grid-template-columns: 1fr; } }
progress { width: 100%; height: 12px; accent-color: var(--_accent); }
dialog { border: 1px solid var(--_line); border-radius: var(--_radius); padding: 20px 22px; max-width: min(440px, calc(100vw - 32px)); color: var(--_ink); }
dialog::backdrop { background: rgba(15, 23, 42, .45); }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
@media (max-width: 520px) {
  .card { padding: 14px; }
  .row > button, .actions > button { flex: 1 1 auto; }
}
@media (prefers-reduced-motion: no-preference) {
  progress { transition: all .3s; }
}
`);
