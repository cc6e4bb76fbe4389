import { type ConfigFile, type ConfigProblem, isRecord, lineOf, readConfig } from './config.ts';

/**
 * Strings whose examples belong to the reader, not to the Chinese original: a phone
 * number written as one is written in a country where the language is read (+54 9 11 …
 * for Spanish, +81 90 … for Japanese). Their numbers need not match the Chinese; every
 * other number still must. Each entry says why, so nobody adds one to silence a real
 * mistake; an entry whose key no longer exists is itself an error.
 */
export const LOCAL_EXAMPLES_FILE = 'locales/local-examples.json';

export interface LocalExamples {
  /** `namespace:key` → why its examples are the reader's own. */
  keys: Map<string, string>;
  config?: ConfigFile;
  problems: ConfigProblem[];
}

export function readLocalExamples(root: string): LocalExamples {
  const config = readConfig(root, LOCAL_EXAMPLES_FILE);
  const result: LocalExamples = { keys: new Map(), problems: [...(config?.problems ?? [])] };
  if (!config || config.data === undefined) return result;
  result.config = config;
  const data = config.data;
  if (!isRecord(data) || !isRecord(data.keys)) {
    result.problems.push({
      line: 1,
      column: 1,
      message: 'expected { "keys": { "namespace:key": "why its examples are the reader’s own" } }',
    });
    return result;
  }
  for (const [key, why] of Object.entries(data.keys)) {
    if (!/^[^:\s]+:[^:\s]+$/.test(key) || typeof why !== 'string' || why.trim().length < 10) {
      result.problems.push({
        ...lineOf(config, `"${key}"`),
        message: `"${key}": give a "namespace:key" and, as its value, a sentence saying why its examples differ from the Chinese`,
      });
      continue;
    }
    result.keys.set(key, why);
  }
  return result;
}
