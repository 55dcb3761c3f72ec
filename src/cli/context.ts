import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Project } from '../bundle/project.ts';
import { FramewrightError } from '../errors/index.ts';

export interface GlobalFlags {
  verbose?: boolean;
  project?: string;
}

/**
 * The project of `--project` (default: the current directory). A folder that does not exist, or
 * one with neither a config nor the default template root, is the user's input (exit 2) and says
 * what to do, rather than a bundling failure: it is the usual slip of running in the wrong folder.
 */
export async function loadProject(flags: GlobalFlags, { needsTemplates = true }: { needsTemplates?: boolean } = {}): Promise<Project> {
  const dir = path.resolve(flags.project ?? process.cwd());
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new FramewrightError('INVALID_OPTIONS', `--project: ${dir} is not a directory`);
  }
  const project = await Project.load(dir);
  if (needsTemplates && !existsSync(path.join(dir, 'framewright.config.ts')) && !existsSync(project.config.templateRoot)) {
    throw new FramewrightError(
      'INVALID_OPTIONS',
      `${dir} is not a Framewright project: it has no framewright.config.ts and no ${path.relative(dir, project.config.templateRoot)} (run the command in your project, pass --project <dir>, or create one with \`framewright init <dir>\`)`,
    );
  }
  return project;
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
