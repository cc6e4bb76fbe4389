import { expect } from 'vitest';

/** Signs in through a running server's API and returns the session cookie (`name=value`). */
export async function staffCookie(baseURL: string, credentials: { email: string; password: string }): Promise<string> {
  const login = await fetch(`${baseURL}/api/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL },
    body: JSON.stringify(credentials),
  });
  expect(login.status, await login.clone().text()).toBe(200);
  return (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
}

interface ArgentineMasks {
  organization: string;
  /** The contact's address. */
  email: string;
  masks: number;
}

/**
 * An Argentine association offers `masks` surgical masks through a running server's API,
 * to be thanked publicly, and staff take the offer all the way to `received`, so the
 * public totals count it. Its reference.
 */
export async function receiveMasks(baseURL: string, cookie: string, { organization, email, masks }: ArgentineMasks): Promise<string> {
  const res = await fetch(`${baseURL}/api/offers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL },
    body: JSON.stringify({
      locale: 'es',
      organization: { name: organization, country: 'AR' },
      contact: { name: 'Ana', email },
      goods: [{ item: 'surgical_mask', quantity: masks }],
      consent: { dataProcessing: true, thankPublicly: true },
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const { reference } = (await res.json()) as { reference: string };
  const steps = [
    { to: 'under_review' },
    { to: 'accepted' },
    { to: 'in_transit' },
    { to: 'received', received: [{ position: 0, quantity: masks }] },
  ];
  for (const body of steps) {
    const moved = await fetch(`${baseURL}/api/staff/offers/${reference}/transitions`, {
      method: 'POST',
      headers: { cookie, origin: baseURL, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(moved.status, await moved.text()).toBe(200);
  }
  return reference;
}
