/**
 * Shapes of what the API sends, for the pages that read it. Type-only: a browser script
 * imports these with `import type`, so nothing here reaches its bundle.
 */

/** A field the API refused, with its message already in the requester's language. */
export interface FieldMessage {
  path: string;
  code: string;
  message: string;
}

/**
 * Every refusal (functions/app.ts, functions/validation.ts): `{ error: { code, message } }`,
 * plus `fields` on a 422 and `allowed` on a refused transition. Read from the wire, so every
 * part may be missing: a proxy's error page is not JSON at all.
 */
export interface ApiErrorBody {
  error?: {
    code?: string;
    message?: string;
    requestId?: string;
    fields?: FieldMessage[];
    /** A refused transition (409): the steps allowed from where the offer is now. */
    allowed?: string[];
  };
}

/** A value as it arrives through JSON: dates become ISO strings, everything else keeps its shape. */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;
