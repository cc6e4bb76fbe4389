import { z } from 'zod';
import { items, offerStatuses } from '../src/lib/catalog';
import { outboxKinds, outboxStatuses } from './db/schema';
import { staffRoles } from './db/staff-schema';

/**
 * What of an audit entry's `details` anyone may see, in the API, the CSV and the page.
 *
 * `appendAudit` promises that details never hold what a donor wrote, but the log is kept
 * for ever and a careless entry cannot be taken back (the table refuses UPDATE), so its
 * readers do not rely on that promise. Each action lists the detail keys it shows, and
 * each key a closed check: an enumeration, a whole number, a boolean, a day, or a fixed
 * pattern (an offer reference, an account id, a country or item code, a 10-hex address
 * tag). No check lets free text through. A key not listed, a value failing its check, and
 * every key of an action not listed here (one added later, before anyone wrote its rule)
 * are dropped without a word. One level of nesting is read (`filters.status`), no more.
 *
 * A new action adds its rule here and its label in `locales/{zh,en}/staff.json`
 * (`audit.action.<action>`, `audit.detail.<key>`); tests/api/staff-audit.test.ts finds
 * every action the code writes and holds it to both.
 */

type Shown = string | number | boolean | string[];
/** A check, shown under the stored key; or `[stored path, check]` to show it under another name. */
type Rule = z.ZodType<Shown> | readonly [string, z.ZodType<Shown>];

const status = z.enum(offerStatuses);
const whole = z.int().min(0);
const day = z.iso.date();
const country = z.string().regex(/^[A-Z]{2}$/);
const item = z.enum(items);
const addressTag = z.string().regex(/^[0-9a-f]{10}$/);
const reference = z.string().regex(/^TX-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
const actionCode = z.string().regex(/^[a-z]+(\.[a-z-]+)+$/);
/** A staff account's id, or the kind of actor the audit filter took. */
const actorFilter = z.union([z.uuid(), z.enum(['cli', 'system'])]);

const offerFilters = {
  'filters.status': z.array(status),
  'filters.country': country,
  'filters.item': item,
  'filters.from': day,
  'filters.to': day,
  // The search text itself never reaches the log: only that there was one.
  'filters.q': z.literal(true),
};
const auditFilters = {
  'filters.actor': actorFilter,
  'filters.action': actionCode,
  'filters.reference': reference,
  'filters.from': day,
  'filters.to': day,
};

/** Every action the code writes, with the details it may show. */
export const auditDetailRules = {
  'staff.add': { role: z.enum(staffRoles) },
  'staff.disable': {},
  'staff.enable': {},
  'staff.set-role': { role: z.enum(staffRoles) },
  'staff.reset-password': {},
  'staff.sign-out': { sessions: whole },
  'staff.login': {},
  'staff.login-failed': { reason: z.enum(['unknown-account', 'disabled', 'password']), address: ['from', addressTag] },
  'staff.login-throttled': { by: z.enum(['account-and-address', 'address']), address: ['from', addressTag] },
  'staff.login-alert': { failures: whole, minutes: whole },
  'staff.password-changed': {},
  'staff.logout': {},
  'staff.logout-everywhere': { sessions: whole },
  'offer.read': {},
  'offer.transition': { from: status, to: status, visibleToDonor: z.boolean() },
  'offer.note': { noteId: whole },
  'offer.erase': { reason: z.enum(['request', 'retention']), retentionDays: whole, alreadyErased: z.boolean() },
  'offers.export': { format: z.enum(['csv', 'json']), rows: whole, ...offerFilters },
  'outbox.read': { page: whole },
  'outbox.resend': { messageId: whole, kind: z.enum(outboxKinds), previousStatus: z.enum(outboxStatuses) },
  'audit.read': { page: whole, ...auditFilters },
  'audit.export': { format: z.literal('csv'), rows: whole, ...auditFilters },
} as const satisfies Record<string, Record<string, Rule>>;

export type AuditAction = keyof typeof auditDetailRules;

export const auditActions = Object.keys(auditDetailRules) as AuditAction[];

/** Every key a shown detail can have, for the page's and the CSV's labels. */
export const auditDetailKeys = [...new Set(Object.values(auditDetailRules).flatMap((rules) => Object.keys(rules)))];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at `path` (`rows`, `filters.status`): one level of nesting, no more. */
function valueAt(details: Record<string, unknown>, path: string): unknown {
  const [head, tail, ...rest] = path.split('.');
  if (head === undefined || rest.length) return undefined;
  const value = Object.hasOwn(details, head) ? details[head] : undefined;
  if (tail === undefined) return value;
  return isPlainObject(value) && Object.hasOwn(value, tail) ? value[tail] : undefined;
}

/** The details of one entry that may be shown (see above); `{}` for an action without a rule. */
export function shownDetails(action: string, details: unknown): Record<string, Shown> {
  const rules: Record<string, Rule> | undefined = Object.hasOwn(auditDetailRules, action)
    ? auditDetailRules[action as AuditAction]
    : undefined;
  if (!rules || !isPlainObject(details)) return {};
  const shown: Record<string, Shown> = {};
  for (const [key, rule] of Object.entries(rules)) {
    const [path, check] = Array.isArray(rule) ? rule : [key, rule as z.ZodType<Shown>];
    const parsed = check.safeParse(valueAt(details, path));
    if (parsed.success) shown[key] = parsed.data;
  }
  return shown;
}
