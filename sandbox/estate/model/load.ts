// Reading a scenario: a JSON file path or an in-memory object, validated with the zod schema. The default file is
// found both from the source tree (tests, tsx) and from the compiled tree (dist/, `npm start`), which tsc does
// not copy JSON into.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario, ScenarioError, type Scenario, type ScenarioInput } from './scenario.js';

const DEFAULT_CANDIDATES = [
  new URL('../../scenarios/default.json', import.meta.url), // sandbox/estate/model → sandbox/scenarios
  new URL('../../../../sandbox/scenarios/default.json', import.meta.url), // dist/sandbox/estate/model → sandbox/scenarios
];

export function defaultScenarioPath(): string {
  const found = DEFAULT_CANDIDATES.find((url) => existsSync(url));
  if (!found) throw new ScenarioError('default scenario sandbox/scenarios/default.json was not found');
  return fileURLToPath(found);
}

export function loadScenario(input?: string | ScenarioInput): Scenario {
  if (input !== undefined && typeof input !== 'string') return parseScenario(input);
  const path = input ?? defaultScenarioPath();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new ScenarioError(`cannot read scenario ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return parseScenario(raw, path);
}
