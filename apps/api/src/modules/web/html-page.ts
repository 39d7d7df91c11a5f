// The HTML shell shared by the server-rendered pages: escaping, one stylesheet readable on a phone
// and on a projector (fluid type, dark high-contrast palette), no script.
import type { Language } from '@podium/contracts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Escaped text where `backticked` parts become <code> (commands and routes in the messages). */
export function richText(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const STYLE = `
:root { color-scheme: dark; --bg: #0b1020; --panel: #151c33; --text: #f4f6fb; --muted: #b8c0d9; --accent: #ffd166; --link: #8fd3ff; --line: #2a3456; }
* { box-sizing: border-box; }
html { font-size: clamp(16px, 0.55rem + 0.9vw, 30px); }
body { margin: 0; background: var(--bg); color: var(--text); font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.45; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
header { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.5rem 1.5rem; }
h1 { font-size: 2.4rem; margin: 0; letter-spacing: 0.02em; }
h1 span { color: var(--accent); }
h2 { font-size: 1.5rem; margin: 2rem 0 0.75rem; }
h3 { font-size: 1.25rem; margin: 0; }
p { margin: 0.5rem 0; }
.muted { color: var(--muted); }
a { color: var(--link); text-underline-offset: 0.15em; }
a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
code { background: var(--panel); border: 1px solid var(--line); border-radius: 0.3rem; padding: 0 0.3em; font-size: 0.9em; overflow-wrap: anywhere; }
.event { background: var(--panel); border: 1px solid var(--line); border-radius: 0.8rem; padding: 1.1rem 1.25rem; margin: 1rem 0; }
.event-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.4rem 1rem; }
.chip { display: inline-block; border: 2px solid currentColor; border-radius: 1rem; padding: 0 0.6rem; font-size: 0.85rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; }
.chip.running, .chip.open { color: #7ee2a8; }
.chip.frozen { color: #8fd3ff; }
.chip.upcoming { color: var(--accent); }
.chip.finished, .chip.closed { color: var(--muted); }
.links { display: flex; flex-wrap: wrap; gap: 0.6rem; margin: 0.8rem 0; padding: 0; list-style: none; }
.links a, .links span { display: inline-block; padding: 0.45rem 0.8rem; border: 1px solid var(--line); border-radius: 0.5rem; background: var(--bg); text-decoration: none; font-weight: 600; }
.links span { color: var(--muted); font-weight: 400; }
.links em { font-style: normal; font-size: 0.8rem; color: var(--accent); margin-left: 0.35rem; text-transform: uppercase; }
ul.tasks { list-style: none; margin: 0.5rem 0 0; padding: 0; }
ul.tasks > li { border-top: 1px solid var(--line); padding: 0.7rem 0; }
.task-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.3rem 0.8rem; }
.task-head strong { font-size: 1.1rem; }
.task-links { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; margin-top: 0.3rem; }
footer { margin-top: 2.5rem; display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; }
`;

export function htmlPage(options: { lang: Language; title: string; body: string }): string {
  return `<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="dark">
<link rel="icon" href="data:,">
<title>${escapeHtml(options.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${options.body}
</main>
</body>
</html>
`;
}
