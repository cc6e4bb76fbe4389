import type { APIRoute } from 'astro';
import { handleApi } from '../../server/api-handler';
import { clientAddressOf } from '../../server/call-api';
import { currentConnection } from '../../server/connection';

// The one on-demand route of the site: every /api/* request goes to the Hono app. The
// self-hosted server sends /api/* to the app without passing here (scripts/serve.mjs).
export const prerender = false;

export const ALL: APIRoute = (ctx) =>
  handleApi(ctx.request, { clientAddress: clientAddressOf(ctx), staffSocket: currentConnection()?.staffSocket === true });
