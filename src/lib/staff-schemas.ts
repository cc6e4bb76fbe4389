import { z } from 'zod';
import { defaultStaffLocale, staffLocales } from '../i18n/staff';
import { MAX_EMAIL_LENGTH, readEmail } from './email';

/**
 * A staff member's email, by the portal's one email rule (`email.ts`: what the browser's
 * `<input type=email>` accepts, with a dot in the domain). A refusal is Zod's
 * `invalid_format`, as `z.email()` reports it.
 */
export const staffEmail = z.string().transform((value, ctx) => {
  const email = value.length <= MAX_EMAIL_LENGTH ? readEmail(value) : undefined;
  if (email) return email;
  ctx.issues.push({ code: 'invalid_format', format: 'email', input: value, message: 'Not an email address like name@example.org' });
  return z.NEVER;
});

/** Password lengths: the API, `npm run staff` and the password page's `minlength` read these. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** How the offers list can be sorted: the list page's choices, the API's `sort`, the store's orders. */
export const offerSorts = ['newest', 'oldest', 'organization', 'status'] as const;
export type OfferSort = (typeof offerSorts)[number];

/** The workspace language of an API answer (`?lang=`), Chinese unless the workspace has the one asked for. */
export const staffLang = z.enum(staffLocales).default(defaultStaffLocale);

/** The staff login form, shared by the page and the API. */
export const loginSchema = z.object({
  email: staffEmail,
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

export type LoginInput = z.infer<typeof loginSchema>;

/** Choosing one's own password. Length limits match functions/auth/password.ts. */
export const passwordChangeSchema = z
  .object({
    currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
    newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH),
  })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], message: 'passwordSame' });
