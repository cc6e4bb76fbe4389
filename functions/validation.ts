import type { Context } from 'hono';
import { localeConfig } from '../src/i18n/config';
import type { FieldProblem } from '../src/lib/field-problem';
import { problemParams } from '../src/lib/problem-message';
import type { AppEnv } from './env';
import { ApiError } from './errors';

/**
 * The one way an endpoint refuses input: 422 `{ error: { code: "validation", message,
 * fields: [{ path, code, message }] } }`, each message in the requester's language.
 * Messages are `validation.<code>` in errors.json unless `messageKey` says otherwise.
 */
export function validationFailed(
  c: Context<AppEnv>,
  problems: FieldProblem[],
  messageKey: (problem: FieldProblem) => string = (p) => `validation.${p.code}`,
): never {
  const t = c.get('t');
  const intl = localeConfig[c.get('locale')].intl;
  const fields = problems.map((p) => ({
    path: p.path,
    code: p.code,
    message: String(t(messageKey(p) as never, problemParams(p, intl) as never)),
  }));
  throw new ApiError(422, 'validation', 'error.validation', { fields });
}

/** The request's media type, lower-case and without parameters (`application/json`), or ''. */
export function mediaType(c: Context<AppEnv>): string {
  return (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

const formTypes = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** Whether the body is a web form (urlencoded or multipart). */
export function isFormBody(c: Context<AppEnv>): boolean {
  return formTypes.includes(mediaType(c));
}

/** A web form's fields as name/value pairs in order, every value of a repeated name; files are dropped. */
export async function readFormEntries(c: Context<AppEnv>): Promise<[string, string][]> {
  const body = await c.req.parseBody({ all: true });
  return Object.entries(body).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string').map((v) => [name, v] as [string, string]),
  );
}

/** A JSON body, or a web form's fields as an object (the last value of a repeated name); anything else is a localized 415. */
export async function readBody(c: Context<AppEnv>): Promise<unknown> {
  if (mediaType(c) === 'application/json') return readJson(c);
  if (isFormBody(c)) return Object.fromEntries(await readFormEntries(c));
  throw new ApiError(415, 'unsupported_media_type', 'error.unsupportedMediaType');
}

/** The request's JSON body; a body that is not JSON is a localized 400, never a 500. */
export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'malformed_json', 'error.malformedJson');
  }
}
