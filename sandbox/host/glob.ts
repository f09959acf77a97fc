// Minimal glob expansion for package.json `main` patterns such as `dist/functions/*.js` or
// `dist/{index.js,functions/*.js}`. Node 20 has no fs.glob and nothing may be installed, so this supports what
// Functions apps use: `*`, `?`, `**` and `{a,b}` alternatives. Results are sorted for a stable load order.
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join, resolve } from 'node:path';

/** Expand `{a,b}` (outermost first, nested allowed) into separate patterns. */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') depth++;
    else if (c === ',' && depth === 1) commas.push(i);
    else if (c === '}' && --depth === 0) {
      const bounds = [open, ...commas, i];
      const head = pattern.slice(0, open);
      const tail = pattern.slice(i + 1);
      return bounds.slice(1).flatMap((end, k) => expandBraces(head + pattern.slice((bounds[k] ?? open) + 1, end) + tail));
    }
  }
  return [pattern]; // unbalanced: treat literally
}

function segmentRegex(segment: string): RegExp {
  const body = segment
    .replace(/[.+^$()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

const isMagic = (segment: string): boolean => /[*?]/.test(segment);

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function walk(dir: string, segments: readonly string[], out: Set<string>): void {
  const [segment, ...rest] = segments;
  if (segment === undefined) return;
  if (segment === '**') {
    walk(dir, rest, out); // `**` may match zero directories
    for (const entry of safeReaddir(dir)) {
      if (entry.isDirectory() && !entry.name.startsWith('.')) walk(join(dir, entry.name), segments, out);
    }
    return;
  }
  const candidates = isMagic(segment)
    ? safeReaddir(dir)
        .filter((e) => !e.name.startsWith('.') && segmentRegex(segment).test(e.name))
        .map((e) => e.name)
    : [segment];
  for (const name of candidates) {
    const path = join(dir, name);
    if (rest.length === 0) {
      try {
        if (statSync(path).isFile()) out.add(path);
      } catch {
        // a literal file that does not exist simply does not match
      }
    } else if (isDirectory(path)) {
      walk(path, rest, out);
    }
  }
}

function safeReaddir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Absolute paths of the files matching `pattern` (relative to `baseDir`), sorted, without duplicates. */
export function globFiles(pattern: string, baseDir: string): string[] {
  const out = new Set<string>();
  for (const expanded of expandBraces(pattern.replace(/\\/g, '/'))) {
    const absolute = expanded.startsWith('/');
    const segments = expanded.split('/').filter((s) => s !== '' && s !== '.');
    walk(absolute ? '/' : resolve(baseDir), segments, out);
  }
  return [...out].sort();
}
