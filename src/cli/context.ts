import { Project } from '../bundle/project.ts';

export interface GlobalFlags {
  verbose?: boolean;
  project?: string;
}

export async function loadProject(flags: GlobalFlags): Promise<Project> {
  return Project.load(flags.project ?? process.cwd());
}

/** An AbortSignal fired by Ctrl-C / SIGTERM, so a render stops cleanly and leaves nothing behind. */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => controller.abort(new Error(`received ${name}`));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
