// Self-contained HTML pages that render Adaptive Cards with the adaptivecards browser bundle (the same object model
// Teams' renderer implements), so headless Chromium can screenshot them for people to look at.
import { copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/** Puts the adaptivecards browser bundle next to the pages (one copy, referenced by every page). */
export function copyBundle(dir: string): void {
  copyFileSync(require.resolve('adaptivecards/dist/adaptivecards.js'), join(dir, 'adaptivecards.js'));
}

/** Teams-like look: Segoe-ish font, light theme, coloured container styles. */
const HOST_CONFIG = {
  fontFamily: "'Segoe UI', 'DejaVu Sans', Arial, sans-serif",
  containerStyles: {
    default: { backgroundColor: '#FFFFFF', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } },
    attention: {
      backgroundColor: '#FDE7E9',
      foregroundColors: { default: { default: '#242424', subtle: '#616161' }, attention: { default: '#C4314B' } },
    },
    warning: {
      backgroundColor: '#FFF4CE',
      foregroundColors: { default: { default: '#242424', subtle: '#616161' }, warning: { default: '#8A6500' } },
    },
    good: {
      backgroundColor: '#DFF6DD',
      foregroundColors: { default: { default: '#242424', subtle: '#616161' }, good: { default: '#107C10' } },
    },
  },
  actions: { actionsOrientation: 'horizontal', buttonSpacing: 8 },
};

/** A page that renders `card` into #card, or writes the error into it (so a screenshot shows what went wrong). */
export function cardPage(title: string, card: unknown): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title.replace(/</g, '&lt;')}</title>
<style>body{margin:0;padding:16px;background:#F5F5F5;font-family:'DejaVu Sans',Arial,sans-serif}
#card{width:560px;background:#fff;border-radius:6px;box-shadow:0 1px 4px rgba(0,0,0,.2);overflow:hidden}
.ac-pushButton{border:1px solid #C7C7C7;background:#fff;border-radius:4px;padding:6px 12px;font-size:14px}</style>
<script src="adaptivecards.js"></script></head><body><div id="card"></div><script>
try {
  // As Teams shows our cards: they carry no markdown of their own and escape Azure's text, so only escapes are read back.
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = function (text, result) {
    result.outputHtml = text.replace(/\\\\([!-\\/:-@[-\`{-~])/g, '$1').replace(/[&<>"']/g, function (c) {
      return '&#' + c.charCodeAt(0) + ';';
    });
    result.didProcess = true;
  };
  var ac = new AdaptiveCards.AdaptiveCard();
  ac.hostConfig = new AdaptiveCards.HostConfig(${JSON.stringify(HOST_CONFIG)});
  ac.parse(${JSON.stringify(card)});
  document.getElementById('card').appendChild(ac.render());
  document.body.setAttribute('data-rendered', 'yes');
} catch (e) {
  document.getElementById('card').textContent = 'RENDER ERROR: ' + e;
}
</script></body></html>`;
}
