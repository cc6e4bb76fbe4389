import type { components } from './api-contract';

/**
 * Shapes of what the API sends, for the pages that read it: generated from the API's
 * description (`npm run openapi` writes api-contract.d.ts from the routes' schemas), so a
 * page that reads a field the API does not send is a type error. Type-only: a browser
 * script imports these with `import type`, so nothing here reaches its bundle.
 */

type Schemas = components['schemas'];

export type OfferCreated = Schemas['OfferCreated'];
export type DonorOffer = Schemas['DonorOffer'];
export type Totals = Schemas['Totals'];
export type StaffMember = Schemas['StaffMember'];
export type OfferList = Schemas['OfferList'];
export type StaffOffer = Schemas['StaffOffer'];
export type Outbox = Schemas['Outbox'];
export type StaffAccounts = Schemas['StaffAccounts'];
export type StaffAccount = StaffAccounts['items'][number];
export type StaffAccountChanged = Schemas['StaffAccountChanged'];
export type OneTimePasswordGiven = Schemas['OneTimePasswordGiven'];
export type StaffSessionsEnded = Schemas['StaffSessionsEnded'];
export type OutboxMessage = Schemas['OutboxMessage'];
export type AuditLog = Schemas['AuditLog'];

/** A field the API refused, with its message already in the requester's language. */
export type FieldMessage = NonNullable<Schemas['Error']['error']['fields']>[number];

/**
 * Every refusal (functions/app.ts, functions/validation.ts): `{ error: { code, message } }`,
 * plus `fields` on a 422 and `allowed` on a refused transition. Read from the wire, so every
 * part may be missing: a proxy's error page is not JSON at all.
 */
export interface ApiErrorBody {
  error?: Partial<Schemas['Error']['error']>;
}

/** A value as it arrives through JSON: dates become ISO strings, everything else keeps its shape. */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;
