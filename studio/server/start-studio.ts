import { createServer, type Server } from 'node:http';
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
  // Not app.listen: Express 5 calls its callback with a listen error too (a port in use), which
  // read as "listening" and left the build and the render browser running with nothing served.
  const server: Server = createServer(app);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await studio.close();
    await renders.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${port} on ${host} is already in use: stop what holds it, or pick another with --port`, { cause: error });
    throw error;
  }
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
