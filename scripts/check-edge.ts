// `npm run lint:edge`: the public API must stay portable (docs/decisions/150). Bundles
// functions/edge/entry.ts as the edge build does, for a Web runtime, and fails, naming
// the module, when anything on the public request path imports a Node built-in.
import { gzipSync } from 'node:zlib';
import { bundleEdge, NotPortableError } from '../src/integrations/edge-function';

try {
  const bundle = await bundleEdge({ format: 'esm' });
  const gzip = gzipSync(bundle.code).byteLength;
  console.log(
    `edge bundle: ${bundle.modules.length} project modules, ${Math.round(bundle.bytes / 1024)} KB (${Math.round(gzip / 1024)} KB gzip), no Node built-ins`,
  );
} catch (err) {
  if (!(err instanceof NotPortableError)) throw err;
  console.error(err.message);
  process.exitCode = 1;
}
