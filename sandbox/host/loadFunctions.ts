// Imports the app's function modules the way the Node worker does: package.json `main` (globs allowed), in a
// stable order, after registrations are being captured. Works for compiled JS under plain Node (`npm start`)
// and for `.ts` sources under vitest, whose module runner transforms whatever this dynamic import() loads.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { globFiles } from './glob.js';
import { consoleLog, hostEntry, type LogSink } from './log.js';
import type { FunctionRegistry } from './registry.js';

export interface LoadFunctionsOptions {
  /** Must still be capturing: modules register at import time and never again (ESM caches them). */
  registry: FunctionRegistry;
  /**
   * package.json `main`-style globs (e.g. 'dist/functions/*.js', 'functions/*.ts') and/or module paths, relative
   * to `baseDir`; `file:` URLs (strings or URL objects) are imported as given. Loaded in the order given, each
   * glob's matches sorted by path, duplicates once.
   */
  modules: string | readonly (string | URL)[];
  /** Default: process.cwd(). */
  baseDir?: string;
  log?: LogSink;
}

/** The package.json `main` of `packageDir` as a list of patterns (the worker accepts one string, possibly a glob). */
export function readPackageMain(packageDir: string): string[] {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { main?: unknown };
  if (typeof pkg.main !== 'string' || pkg.main.trim() === '') {
    throw new Error(`${join(packageDir, 'package.json')} has no "main": the Functions worker needs it to find the function modules.`);
  }
  return [pkg.main];
}

/** Resolve every entry to a file URL, in load order. A glob or path that matches nothing is an error. */
export function resolveModules(modules: LoadFunctionsOptions['modules'], baseDir: string): string[] {
  const urls: string[] = [];
  const add = (url: string): void => {
    if (!urls.includes(url)) urls.push(url);
  };
  for (const entry of typeof modules === 'string' ? [modules] : modules) {
    if (entry instanceof URL || entry.startsWith('file:')) {
      add(entry instanceof URL ? entry.href : entry);
      continue;
    }
    const files = globFiles(entry, baseDir);
    if (files.length === 0) {
      const where = isAbsolute(entry) ? entry : `${entry} (in ${resolve(baseDir)})`;
      const hint = entry.includes('dist/') ? ' Did you run `npm run build`?' : '';
      throw new Error(`No function modules match ${where}.${hint}`);
    }
    for (const file of files) add(pathToFileURL(file).href);
  }
  return urls;
}

/** Import the function modules; returns the imported file URLs in order. */
export async function loadFunctions(options: LoadFunctionsOptions): Promise<string[]> {
  if (!options.registry.capturing) {
    throw new Error('loadFunctions() needs an active captureRegistrations(): registrations made without it are lost.');
  }
  const baseDir = options.baseDir ?? process.cwd();
  const log = options.log ?? consoleLog;
  const urls = resolveModules(options.modules, baseDir);
  for (const url of urls) {
    try {
      await import(url);
    } catch (err) {
      const path = url.startsWith('file:') ? relative(baseDir, fileURLToPath(url)) : url;
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`Failed to load function module ${path}: ${reason}`, { cause: err });
    }
  }
  const names = options.registry.names();
  log(hostEntry('information', {}, `Loaded ${urls.length} module(s), ${names.length} function(s): ${names.join(', ') || '(none)'}`));
  return urls;
}
