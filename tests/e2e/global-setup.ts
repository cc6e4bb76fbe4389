import type { TestProject } from 'vitest/node';
import { removeDataDir, startSelfHost } from '../helpers/self-host';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    dataDir: string;
  }
}

/** Starts the self-host production build on a free port with its own empty data folder. */
export default async function setup(project: TestProject) {
  const server = await startSelfHost();
  project.provide('baseURL', server.baseURL);
  project.provide('dataDir', server.dataDir);
  return async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  };
}
