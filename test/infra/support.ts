// Shared by the infra tests: where things are, and the templates parsed once per file.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bicepFiles, parseBicepFile, type ParsedBicep } from '../../infra/check/bicepCheck.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const infraDir = join(repoRoot, 'infra');

export const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(repoRoot, path), 'utf8')) as T;

/** Every template under infra/, parsed. */
export async function parseAll(): Promise<ParsedBicep[]> {
  return Promise.all(bicepFiles(infraDir).map((f) => parseBicepFile(f)));
}

export const parseInfra = (relativePath: string): Promise<ParsedBicep> => parseBicepFile(join(infraDir, relativePath));
