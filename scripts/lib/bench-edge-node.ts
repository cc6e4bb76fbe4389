// The Node side of `npm run bench:edge`, bundled by it with esbuild (the interface
// strings are read with Vite's import.meta.glob, which tsx cannot run).
export { createApp } from '../../functions/app';
export { migrateNeon, openNeon } from '../../functions/db/neon-node';
export { openPostgres } from '../../functions/db/postgres';
