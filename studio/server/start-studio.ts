import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Project } from '../../src/bundle/project.ts';
import { localRenderRoutes } from './local-renders.ts';
import { createStudio, type Studio } from './studio-router.ts';

export interface StartStudioOptions {
  project: Project;
  /** @defaultValue 3000 (0 picks a free port) */
  port?: number;
  /** @defaultValue '127.0.0.1': the Studio has no auth, it is for the author's own machine */
  host?: string;
  onBuildError?: (error: unknown) => void;
}

export interface RunningStudio {
  url: string;
  studio: Studio;
  close(): Promise<void>;
}

/** `framewright studio`: the Studio at /studio/ and the engine's render endpoints, on loopback. */
export async function startStudio(options: StartStudioOptions): Promise<RunningStudio> {
  const { project, port = 3000, host = '127.0.0.1' } = options;
  const studio = createStudio({ project, mode: 'local', eager: true, ...(options.onBuildError ? { onBuildError: options.onBuildError } : {}) });
  const renders = localRenderRoutes(project);
  const app = express();
  app.disable('x-powered-by');
  app.get('/', (_req, res) => res.redirect('/studio/'));
  app.use('/studio', studio.router);
  app.use(renders.router);
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/studio/`,
    studio,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await studio.close();
      await renders.close();
    },
  };
}
