/**
 * How every endpoint and form says what is wrong with a field: a `FieldProblem`, with a
 * code (`required`, `email`, `amountDecimals`…) that `locales/<lng>/errors.json` words as
 * `validation.<code>`. Zod's issues become problems here and only here, for the API
 * (functions/validation.ts answers them as a 422) and for the donation form's script.
 * Browser-safe: no Zod import, it reads issues by their shape.
 */

/** One problem with one field: `path` is the form field's name (`goods[0].quantity`). */
export interface FieldProblem {
  path: string;
  code: string;
  params?: Record<string, string | number>;
}

/** What is read of a Zod issue (full Zod and `zod/mini` alike). */
export interface IssueLike {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  input?: unknown;
  params?: unknown;
}

/** A path as the form names its field: `goods[0].quantity`, `contact.email`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
    '',
  );
}

/** The value at `path` in what was sent, or `undefined`. */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), input);
}

/** A missing value is `required`, one outside a list of choices `choice`, anything else `invalid`. */
export function defaultCode(issue: IssueLike): string {
  if (issue.code === 'invalid_type') return issue.input === undefined ? 'required' : 'invalid';
  if (issue.code === 'invalid_value') return 'choice';
  return 'invalid';
}

/**
 * Zod's issues as field problems, the first one per field. A schema's own (custom) issue
 * carries its code as its message, and its `params`; any other issue is named by
 * `classify` (by default `defaultCode`).
 */
export function fieldProblems(issues: readonly IssueLike[], classify: (issue: IssueLike) => string = defaultCode): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    const path = fieldPath(issue.path);
    if (seen.has(path)) continue;
    seen.add(path);
    if (issue.code === 'custom') {
      const params = issue.params as Record<string, string | number> | undefined;
      problems.push({ path, code: issue.message, ...(params ? { params } : {}) });
    } else problems.push({ path, code: classify(issue) });
  }
  return problems;
}
