// A human-readable view of what the Function app "sent": open https://127.0.0.1:PORT/_estate/sinks in a browser
// during `npm start` to see alert cards and emails without any real Teams or mailbox.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { EstateResponse } from '../http/types.js';
import type { EmailMessage, TeamsMessage } from './sinkMessages.js';

export function renderSinksPage(teams: readonly TeamsMessage[], emails: readonly EmailMessage[]): string {
  const teamsHtml = teams.length === 0 ? '<p class="empty">No Teams messages yet.</p>' : [...teams].reverse().map(teamsCard).join('\n');
  const emailHtml = emails.length === 0 ? '<p class="empty">No emails yet.</p>' : [...emails].reverse().map(emailCard).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Estate sinks — Teams &amp; email</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b1b1b; background: #f6f7f9; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
  article { background: #fff; border: 1px solid #d8dbe0; border-radius: 6px; padding: 0.8rem 1rem; margin: 0.8rem 0; }
  .meta { color: #5b6170; font-size: 0.85rem; } .preview { white-space: pre-wrap; margin: 0.5rem 0; }
  pre { background: #f0f2f5; padding: 0.6rem; overflow-x: auto; font-size: 0.8rem; }
  iframe { width: 100%; min-height: 12rem; border: 1px solid #d8dbe0; background: #fff; }
  .empty { color: #5b6170; font-style: italic; }
  .ac { max-width: 560px; border: 1px solid #d8dbe0; border-radius: 6px; overflow: hidden; margin: 0.5rem 0; }
  .ac:empty { display: none; }
</style>
</head>
<body>
<h1>Estate sinks</h1>
<p class="meta">Newest first. JSON: <a href="/_estate/sinks/teams">/_estate/sinks/teams</a>, <a href="/_estate/sinks/email">/_estate/sinks/email</a>.</p>
<h2>Teams workflow messages (${teams.length})</h2>
${teamsHtml}
<h2>Emails (${emails.length})</h2>
${emailHtml}
<script src="/_estate/sinks/adaptivecards.js"></script>
<script src="/_estate/sinks/render.js"></script>
</body>
</html>
`;
}

function teamsCard(message: TeamsMessage): string {
  const text = cardText(message.body).join('\n');
  const card = adaptiveCardOf(message.body);
  return `<article>
<div class="meta">${escape(message.at)} · flow ${escape(message.flowId)}</div>
${text === '' ? '' : `<div class="preview">${escape(text)}</div>`}
${card === undefined ? '' : `<div class="ac" data-card="${escape(JSON.stringify(card))}"></div>`}
<details><summary>Payload</summary><pre>${escape(JSON.stringify(message.body, null, 2))}</pre></details>
</article>`;
}

function emailCard(message: EmailMessage): string {
  // HTML mail is shown in a sandboxed frame (no scripts, no same-origin) so it cannot touch the page.
  const body =
    message.html !== undefined
      ? `<iframe sandbox srcdoc="${escape(message.html)}" title="${escape(message.subject)}"></iframe>`
      : `<div class="preview">${escape(message.plainText ?? '')}</div>`;
  const cc = message.cc.length > 0 ? ` · cc ${escape(message.cc.join(', '))}` : '';
  return `<article>
<strong>${escape(message.subject)}</strong>
<div class="meta">${escape(message.at)} · from ${escape(message.senderAddress)} · to ${escape(message.to.join(', '))}${cc}</div>
${body}
${message.html !== undefined && message.plainText !== undefined ? `<details><summary>Plain text</summary><pre>${escape(message.plainText)}</pre></details>` : ''}
</article>`;
}

/** The Adaptive Card of a Teams Workflows message envelope, if it carries one. */
function adaptiveCardOf(body: unknown): unknown {
  const attachments = (body as { attachments?: unknown } | null)?.attachments;
  if (!Array.isArray(attachments)) return undefined;
  const first = attachments[0] as { contentType?: unknown; content?: unknown } | undefined;
  return first?.contentType === 'application/vnd.microsoft.card.adaptive' ? first.content : undefined;
}

/**
 * Renders every `data-card` with the adaptivecards browser bundle (served at /_estate/sinks/adaptivecards.js from the
 * dev dependency), so cards look as in Teams; without the bundle the text preview stays the only view.
 */
export const SINKS_RENDER_SCRIPT = `(function () {
  if (typeof AdaptiveCards === 'undefined') return;
  // Teams reads a TextBlock as markdown; the app's cards carry none of their own and escape Azure's text, so reading
  // the backslash escapes back (and nothing else) shows what Teams shows.
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = function (text, result) {
    result.outputHtml = text.replace(/\\\\([!-\\/:-@[-\`{-~])/g, '$1').replace(/[&<>"']/g, function (c) {
      return '&#' + c.charCodeAt(0) + ';';
    });
    result.didProcess = true;
  };
  document.querySelectorAll('[data-card]').forEach(function (el) {
    try {
      var card = new AdaptiveCards.AdaptiveCard();
      card.parse(JSON.parse(el.getAttribute('data-card')));
      el.appendChild(card.render());
      var preview = el.parentElement.querySelector('.preview');
      if (preview) preview.style.display = 'none';
    } catch (e) {
      el.textContent = 'card did not render: ' + e;
    }
  });
})();
`;

/** Text of an Adaptive Card (TextBlock/FactSet) or MessageCard payload, for a one-glance preview. */
function cardText(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) cardText(item, out);
  } else if (typeof value === 'object' && value !== null) {
    const node = value as Record<string, unknown>;
    // Markdown escapes read back, as Teams shows them (the app escapes every text it got from Azure).
    if (node.type === 'TextBlock' && typeof node.text === 'string') out.push(unescapeMarkdown(node.text));
    if (typeof node.title === 'string' && typeof node.value === 'string') out.push(unescapeMarkdown(`${node.title}: ${node.value}`));
    if (typeof node.summary === 'string' && out.length === 0) out.push(node.summary);
    for (const [key, child] of Object.entries(node)) if (key !== 'text') cardText(child, out);
  }
  return out;
}

/** CommonMark backslash escapes (a backslash before ASCII punctuation is that character). */
const unescapeMarkdown = (text: string): string => text.replace(/\\([!-/:-@[-`{-~])/g, '$1');

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The adaptivecards browser bundle (a dev dependency: local mode only); undefined when it is not installed. */
let bundle: string | null | undefined;
export function adaptiveCardsBundle(): string | undefined {
  if (bundle === undefined) {
    try {
      bundle = readFileSync(createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.js'), 'utf8');
    } catch {
      bundle = null;
    }
  }
  return bundle ?? undefined;
}

export const script = (body: string | undefined): EstateResponse =>
  body === undefined
    ? { status: 404, body: '// adaptivecards is not installed\n', headers: { 'Content-Type': 'text/javascript; charset=utf-8' } }
    : { status: 200, body, headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'max-age=3600' } };
