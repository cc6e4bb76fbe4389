import type { APIRoute } from 'astro';
import { getApp } from '../../../functions/get-app';
import { unavailableResponse } from '../../../functions/unavailable';

// The one on-demand route of the site: every /api/* request goes to the Hono app.
export const prerender = false;

export const ALL: APIRoute = async (ctx) => {
  let clientAddress: string | undefined;
  try {
    clientAddress = ctx.clientAddress; // throws when the platform does not know it
  } catch {
    clientAddress = undefined;
  }
  try {
    const app = await getApp();
    return await app.fetch(ctx.request, { clientAddress });
  } catch (err) {
    return unavailableResponse(ctx.request, err);
  }
};
