import type { APIRoute } from 'astro';
import { getApp } from '../../../functions/get-app';
import { unavailableResponse } from '../../../functions/unavailable';
import { clientAddressOf } from '../../server/call-api';
import { currentConnection } from '../../server/connection';

// The one on-demand route of the site: every /api/* request goes to the Hono app.
export const prerender = false;

export const ALL: APIRoute = async (ctx) => {
  const clientAddress = clientAddressOf(ctx);
  const staffSocket = currentConnection()?.staffSocket === true;
  try {
    const app = await getApp();
    return await app.fetch(ctx.request, { clientAddress, staffSocket });
  } catch (err) {
    return unavailableResponse(ctx.request, err);
  }
};
