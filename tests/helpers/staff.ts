import { hashPassword } from '../../functions/auth/password';
import type { Drizzle } from '../../functions/db/client';
import { createStaff } from '../../functions/db/staff';
import type { StaffRole } from '../../functions/db/staff-schema';

/** What the staff API tests send as their own site's origin. */
export const ORIGIN = 'http://localhost';

/** A staff account with a password of the member's own (no change required). */
export async function addStaffMember(db: Drizzle, email: string, role: StaffRole, password: string): Promise<void> {
  await createStaff(db, { email, role, passwordHash: await hashPassword(password), mustChangePassword: false });
}

/** Signs in through the API and returns the session cookie (`name=value`); fails loudly otherwise. */
export async function signIn(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  email: string,
  password: string,
): Promise<string> {
  const res = await app.request('/api/staff/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`Sign-in as ${email} answered ${res.status}: ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
}
