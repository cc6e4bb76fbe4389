import type { Context } from 'hono';
import { localeConfig } from '../src/i18n/config';
import type { FieldProblem } from '../src/lib/offer-schema';
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

/** The request's JSON body; a body that is not JSON is a localized 400, never a 500. */
export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'malformed_json', 'error.malformedJson');
  }
}
