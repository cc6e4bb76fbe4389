import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * When each file last changed, from git. In a shallow clone (CI and hosting builds
 * often fetch one commit) a file whose last change is older than the cut shows up in
 * the oldest commit there is: we then know only that it changed no later than that.
 */

export interface HistoryInfo {
  /** False outside a git work tree or without git: no dates at all. */
  available: boolean;
  shallow: boolean;
  /** Shallow clone: the date of the oldest commit present; history before it is unknown. */
  since?: string;
}

export interface FileChange {
  /** ISO 8601 commit date of the last commit that touched the file. */
  date?: string;
  /** Position of that commit in the history, 0 = newest: orders commits made in the same second. */
  order?: number;
  /** Shallow clone: the file did not change since the cut, so `date` is only "no later than". */
  beforeHistory?: boolean;
  /** Changed in the working tree and not committed yet. */
  uncommitted?: boolean;
}

export interface FileHistory {
  info: HistoryInfo;
  /** Path relative to the root (forward slashes) → its last change. */
  files: Map<string, FileChange>;
}

function git(root: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', ['-C', root, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    return undefined;
  }
}

/** The commits at a shallow clone's cut: they look as if they added every file. */
function shallowBoundary(root: string, shallow: boolean): Set<string> {
  const boundary = new Set<string>();
  if (!shallow) return boundary;
  const shallowFile = git(root, ['rev-parse', '--path-format=absolute', '--git-path', 'shallow'])?.trim();
  if (shallowFile && existsSync(shallowFile)) {
    for (const sha of readFileSync(shallowFile, 'utf8').split('\n')) if (sha.trim()) boundary.add(sha.trim());
  }
  return boundary;
}

/** Last changes of every file under `dirs` (relative to `root`), in one `git log`. */
export function fileHistory(root: string, dirs: readonly string[]): FileHistory {
  const files = new Map<string, FileChange>();
  if (git(root, ['rev-parse', '--is-inside-work-tree'])?.trim() !== 'true') {
    return { info: { available: false, shallow: false }, files };
  }
  const shallow = git(root, ['rev-parse', '--is-shallow-repository'])?.trim() === 'true';
  const boundary = shallowBoundary(root, shallow);
  const existing = dirs.filter((d) => existsSync(path.join(root, d)));
  const log = existing.length ? git(root, ['log', '--relative', '--format=%x1e%H %cI', '--name-only', '--', ...existing]) : '';
  let since: string | undefined;
  let order = 0;
  for (const record of (log ?? '').split('\x1e')) {
    const [head, ...names] = record.split('\n');
    if (!head?.trim()) continue;
    const [sha = '', date = ''] = head.trim().split(' ');
    const beforeHistory = boundary.has(sha);
    if (beforeHistory) since = date;
    for (const name of names) {
      if (name && !files.has(name)) files.set(name, { date, order, beforeHistory });
    }
    order++;
  }
  if (shallow && !since) {
    // The cut may lie in commits that did not touch these folders.
    const oldest = git(root, ['log', '--format=%cI', '--reverse'])?.split('\n')[0]?.trim();
    since = oldest || undefined;
  }
  if (existing.length) {
    const changed = git(root, ['ls-files', '--modified', '--others', '--exclude-standard', '--', ...existing]) ?? '';
    for (const name of changed.split('\n')) {
      if (name) files.set(name, { ...files.get(name), uncommitted: true });
    }
  }
  return { info: { available: true, shallow, since }, files };
}

/**
 * Is a translation behind its source? `undefined` when history cannot tell (no git, or
 * both files last changed before a shallow clone's cut).
 */
export function isBehind(source: FileChange | undefined, translation: FileChange | undefined): boolean | undefined {
  if (translation?.uncommitted) return false;
  if (source?.uncommitted) return true;
  if (!source?.date || !translation?.date) return undefined;
  if (source.beforeHistory && translation.beforeHistory) return undefined;
  if (source.beforeHistory) return false;
  if (translation.beforeHistory) return true;
  return (source.order ?? 0) < (translation.order ?? 0);
}

/** Reads many `<commit>:<path>` blobs through one `git cat-file --batch`. Missing ones come back undefined. */
function readBlobs(root: string, specs: string[]): (string | undefined)[] {
  if (!specs.length) return [];
  let out: Buffer;
  try {
    out = execFileSync('git', ['-C', root, 'cat-file', '--batch'], {
      input: `${specs.join('\n')}\n`,
      stdio: ['pipe', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch {
    return specs.map(() => undefined);
  }
  const blobs: (string | undefined)[] = [];
  let at = 0;
  for (let i = 0; i < specs.length; i++) {
    const eol = out.indexOf(10, at);
    const header = out.subarray(at, eol).toString('utf8');
    at = eol + 1;
    const m = / blob (\d+)$/.exec(header);
    if (!m) {
      blobs.push(undefined);
      continue;
    }
    const size = Number(m[1]);
    blobs.push(out.subarray(at, at + size).toString('utf8'));
    at += size + 1;
  }
  return blobs;
}

/**
 * When each string of each JSON file under `dir` last changed its text, from the file's
 * versions in git (so re-formatting a file or adding a comma changes nothing).
 * `parse` turns a version's text into key → text, or undefined when it does not parse.
 */
export function stringHistory(
  root: string,
  dir: string,
  parse: (text: string) => Map<string, string> | undefined,
): { info: HistoryInfo; files: Map<string, Map<string, FileChange>> } {
  const { info, commits } = commitsByFile(root, dir);
  const files = new Map<string, Map<string, FileChange>>();
  if (!info.available) return { info, files };
  const specs: string[] = [];
  for (const [file, list] of commits) for (const c of list) specs.push(`${c.sha}:./${file}`);
  const blobs = readBlobs(root, specs);
  let next = 0;
  for (const [file, list] of commits) {
    const changes = new Map<string, FileChange>();
    let previous = new Map<string, string>();
    // Oldest version first: a key's change is the first version with its current text.
    const versions = list.map((c) => ({ ...c, text: blobs[next++] })).reverse();
    for (const version of versions) {
      const strings = version.text === undefined ? new Map<string, string>() : parse(version.text);
      if (!strings) continue;
      for (const [key, value] of strings) {
        if (previous.get(key) !== value)
          changes.set(key, { date: version.date, order: version.order, beforeHistory: version.beforeHistory });
      }
      previous = strings;
    }
    const full = path.join(root, file);
    const current = existsSync(full) ? parse(readFileSync(full, 'utf8')) : new Map<string, string>();
    for (const [key, value] of current ?? []) {
      if (previous.get(key) !== value) changes.set(key, { uncommitted: true });
    }
    files.set(file, changes);
  }
  return { info, files };
}

interface Commit {
  sha: string;
  date: string;
  order: number;
  beforeHistory: boolean;
}

/** Commits that touched each file under `dir`, newest first, from one `git log`. */
function commitsByFile(root: string, dir: string): { info: HistoryInfo; commits: Map<string, Commit[]> } {
  const commits = new Map<string, Commit[]>();
  if (git(root, ['rev-parse', '--is-inside-work-tree'])?.trim() !== 'true') return { info: { available: false, shallow: false }, commits };
  const shallow = git(root, ['rev-parse', '--is-shallow-repository'])?.trim() === 'true';
  const boundary = shallowBoundary(root, shallow);
  const log = existsSync(path.join(root, dir)) ? git(root, ['log', '--relative', '--format=%x1e%H %cI', '--name-only', '--', dir]) : '';
  let order = 0;
  for (const record of (log ?? '').split('\x1e')) {
    const [head, ...names] = record.split('\n');
    if (!head?.trim()) continue;
    const [sha = '', date = ''] = head.trim().split(' ');
    for (const name of names) {
      if (name) commits.set(name, [...(commits.get(name) ?? []), { sha, date, order, beforeHistory: boundary.has(sha) }]);
    }
    order++;
  }
  return { info: { available: true, shallow }, commits };
}
