import { z } from 'zod';
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

/** The staff login form, shared by the page and the API. */
export const loginSchema = z.object({
  email: staffEmail,
  password: z.string().min(1).max(256),
});

export type LoginInput = z.infer<typeof loginSchema>;

/** Choosing one's own password. Length limits match functions/auth/password.ts. */
export const passwordChangeSchema = z
  .object({
    currentPassword: z.string().min(1).max(256),
    newPassword: z.string().min(12).max(256),
  })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], message: 'passwordSame' });
