import { z } from 'zod';

/** The staff login form, shared by the page and the API. */
export const loginSchema = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(256),
});

export type LoginInput = z.infer<typeof loginSchema>;

/** Choosing one's own password. Length limits match functions/auth/password.ts. */
export const passwordChangeSchema = z
  .object({
    currentPassword: z.string().min(1).max(256),
    newPassword: z.string().min(12).max(256),
  })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], message: 'same' });
