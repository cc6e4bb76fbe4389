import type { APIRoute } from 'astro';
import { rootRedirect } from '../lib/root-redirect';

export const prerender = false;

export const GET: APIRoute = ({ request }) => rootRedirect(request);
export const HEAD: APIRoute = ({ request }) => rootRedirect(request);
