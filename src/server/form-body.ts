import { bodyLimits } from '../lib/body-limits';

export type FormBody = { ok: true; form: FormData } | { ok: false; status: 413 | 400 };

/**
 * The form a page was posted, read only up to `limit` bytes: a declared length over the
 * limit is refused before anything is read, and a body sent without one stops being read
 * as soon as it passes the limit. On every host, not only where the adapter counts too.
 */
export async function readFormBody(request: Request, limit: number = bodyLimits.formPage): Promise<FormBody> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) return { ok: false, status: 413 };
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    if (request.body) {
      const reader = request.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limit) {
          await reader.cancel().catch(() => {});
          return { ok: false, status: 413 };
        }
        chunks.push(value);
      }
    }
  } catch {
    // The adapter stops a body over its own limit by failing the stream.
    return { ok: false, status: 413 };
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    const form = await new Response(body, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
    return { ok: true, form };
  } catch {
    return { ok: false, status: 400 };
  }
}
