import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const entry = pathToFileURL(path.resolve('.vercel/output/functions/_render.func/.vercel/output/server/entry.mjs')).href;

export interface FunctionAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Calls the built Vercel function the way Vercel does (its default export's `fetch`), in a
 * fresh Node process so each call starts cold with the environment it is given.
 */
export async function callVercelFunction(
  request: { url: string; method?: string; headers?: Record<string, string>; body?: string },
  env: Record<string, string>,
): Promise<FunctionAnswer> {
  const script = `
    const { default: handler } = await import(${JSON.stringify(entry)});
    const res = await handler.fetch(new Request(${JSON.stringify(request.url)}, ${JSON.stringify({ method: request.method, headers: request.headers ?? {}, body: request.body })}));
    process.stdout.write(JSON.stringify({ status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() }));
    process.exit(0);
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    cwd: path.resolve('.'),
  });
  return JSON.parse(stdout) as FunctionAnswer;
}
