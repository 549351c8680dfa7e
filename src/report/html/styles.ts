/**
 * The pages' stylesheet. Light and dark follow the system unless the page's theme button picks one. Colours are
 * colour-blind-safe palettes (Okabe-Ito for cost parts and report series, Paul Tol's "muted" for flag kinds), each
 * adjusted for contrast on the dark background.
 */
const LIGHT = `
  --bg: #ffffff; --fg: #1b1b1f; --muted: #5b5b66; --line: #d8d8de; --panel: #f4f4f7; --link: #0b57d0; --err: #b00020;
  --c-input: #0072b2; --c-cread: #56b4e9; --c-cwrite: #e69f00; --c-output: #d55e00;
  --fc0: #cc6677; --fc1: #332288; --fc2: #ddcc77; --fc3: #117733; --fc4: #88ccee; --fc5: #882255; --fc6: #44aa99; --fc7: #999933;
  --s0: #0072b2; --s1: #e69f00; --s2: #009e73; --s3: #cc79a7; --s4: #56b4e9; --s5: #d55e00; --s6: #f0e442; --s7: #8c8c8c;`;

const DARK = `
  --bg: #16171b; --fg: #e8e8ec; --muted: #a3a3ad; --line: #3a3b42; --panel: #202127; --link: #8ab4f8; --err: #ff6b6b;
  --c-input: #3d9be0; --c-cread: #8fd0f5; --c-cwrite: #f0b43a; --c-output: #ff7a33;
  --fc0: #e08a98; --fc1: #8b7fe0; --fc2: #e6d98f; --fc3: #44b06a; --fc4: #9fd6f0; --fc5: #c9568f; --fc6: #5cc2b0; --fc7: #c2c25a;
  --s0: #3d9be0; --s1: #f0b43a; --s2: #2dbf93; --s3: #dc9ac0; --s4: #8fd0f5; --s5: #ff7a33; --s6: #f0e442; --s7: #a0a0a0;`;

export const PAGE_CSS = `
:root {${LIGHT} color-scheme: light dark; }
@media (prefers-color-scheme: dark) { :root:not([data-theme="light"]) {${DARK} } }
:root[data-theme="dark"] {${DARK} }
:root[data-theme="light"] { color-scheme: light; }
:root[data-theme="dark"] { color-scheme: dark; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
#ct-root { max-width: 1240px; margin: 0 auto; padding: 16px 24px 48px; position: relative; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
a { color: var(--link); }
code, pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0; }
.muted { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
svg:focus-visible { outline-offset: -2px; }
button { font: inherit; color: var(--fg); background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 4px 10px; cursor: pointer; }
button.theme { position: absolute; right: 24px; top: 16px; }
nav { display: flex; flex-wrap: wrap; gap: 14px; margin: 12px 0; }
.figures { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
.figure { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; min-width: 150px; }
.figure .label { color: var(--muted); font-size: 12px; } .figure .value { font-size: 18px; font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 6px 0; color: var(--muted); font-size: 12.5px; }
.key { display: inline-flex; gap: 5px; align-items: center; }
.scroll-x { overflow-x: auto; }
.chart { width: 100%; }
svg text { fill: var(--muted); font-size: 11px; }
.axis .grid { stroke: var(--line); stroke-width: 1; }
.c-input { fill: var(--c-input); background: var(--c-input); } .c-cread { fill: var(--c-cread); background: var(--c-cread); }
.c-cwrite { fill: var(--c-cwrite); background: var(--c-cwrite); } .c-output { fill: var(--c-output); background: var(--c-output); }
.hatch { fill: var(--muted); } .unpriced-key { fill: var(--muted); opacity: 0.55; }
.prompt-line { fill: none; stroke: var(--fg); stroke-width: 1.5; stroke-dasharray: 5 3; }
.prompt-line.sub { stroke-width: 1; stroke-dasharray: 2 2; }
.bar { fill: transparent; }
.bar.active, .bar.hl { stroke: var(--fg); stroke-width: 1.5; }
.bar.hl { fill: var(--fg); fill-opacity: 0.12; }
${[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `.fc${i} { fill: var(--fc${i}); }`).join(' ')}
${[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `.s${i} { fill: var(--s${i}); background: var(--s${i}); }`).join(' ')}
.mark { stroke: var(--bg); stroke-width: 0.6; }
#ct-tip { position: fixed; z-index: 10; max-width: 460px; background: var(--panel); color: var(--fg); border: 1px solid var(--line);
  border-radius: 6px; padding: 6px 9px; font-size: 12.5px; pointer-events: none; box-shadow: 0 2px 10px rgb(0 0 0 / 0.2); }
#ct-tip div { margin-top: 2px; overflow-wrap: anywhere; }
.wf-head, .lane-row { display: flex; align-items: center; }
.wf-label { flex: 0 0 220px; width: 220px; padding-right: 8px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; font-size: 12.5px; }
.wf-label .muted { display: block; font-size: 11.5px; overflow: hidden; text-overflow: ellipsis; }
.lane-row { border-top: 1px solid var(--line); min-height: 34px; }
.wf-axis line { stroke: var(--line); }
.g-llm { fill: var(--c-input); } .g-tool { fill: var(--c-cwrite); }
.g-err { stroke: var(--err); stroke-width: 2; } rect.g-err { fill-opacity: 0.6; }
svg .g-err:not(rect) { fill: var(--panel); }
.g-spawn { stroke: var(--fg); stroke-width: 1; }
.wf-track rect.active { stroke: var(--fg); stroke-width: 2; }
.spawn-link { stroke: var(--fg); fill: var(--fg); stroke-width: 1; }
table.money { border-collapse: collapse; width: 100%; margin: 10px 0; font-size: 13px; }
table.money caption { text-align: left; color: var(--muted); padding: 4px 0; }
table.money th, table.money td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--line); vertical-align: middle; }
table.money th[scope="row"] { font-weight: normal; }
table.money td:last-child { width: 28%; }
table.report td:last-child { width: auto; }
table.report tr.sub th { padding-left: 22px; color: var(--muted); }
table.report tfoot th, table.report tfoot td { font-weight: 600; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(360px, 1fr)); gap: 16px; align-items: start; }
.hbar { display: flex; height: 12px; background: var(--panel); border-radius: 3px; overflow: hidden; min-width: 80px; }
.hbar span { display: block; height: 100%; }
.hbars { display: grid; gap: 4px; }
.hbar-row { display: grid; grid-template-columns: minmax(120px, 30%) 1fr 160px; gap: 10px; align-items: center; }
.hbar-row .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.icicle { margin: 6px 0 12px; }
.ice-row { position: relative; height: 28px; }
.ice-node { position: absolute; top: 0; height: 26px; padding: 4px 6px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis;
  font-size: 12px; border: 1px solid var(--bg); border-radius: 3px; cursor: default; }
.ice-node.depth0 { background: var(--s0); color: #fff; } .ice-node.depth1 { background: var(--s4); color: #000; }
.ice-node.depth2 { background: var(--s1); color: #000; } .ice-node.depth3 { background: var(--s2); color: #000; }
.ice-node.depth4 { background: var(--s3); color: #000; } .ice-node.depth5 { background: var(--s7); color: #000; }
ol.flags { padding-left: 22px; } ol.flags li { margin: 8px 0; padding: 6px 8px; border-radius: 6px; }
ol.flags li:hover, ol.flags li:focus { background: var(--panel); }
.flag-head { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.flag-head .usd { font-weight: 600; } .flag-total { font-weight: 600; }
ol.flags p { margin: 3px 0; }
ol.conv { list-style: none; padding: 0; }
.entry { border-left: 3px solid var(--line); padding: 4px 10px; margin: 6px 0; }
.entry.tool { border-left-color: var(--c-cwrite); } .entry.llm { border-left-color: var(--c-input); }
.entry:focus { background: var(--panel); }
.msg { margin: 4px 0; } .who { font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); margin-right: 8px; }
.msg.user .text pre { background: var(--panel); padding: 6px 8px; border-radius: 4px; }
.meta { display: inline-flex; flex-wrap: wrap; gap: 6px; align-items: center; color: var(--muted); font-size: 12.5px; }
.text.args pre { color: var(--muted); } .text.error pre, .error { color: var(--err); }
details summary { cursor: pointer; color: var(--link); font-size: 12.5px; }
button.more { margin: 8px 0; }
`;
