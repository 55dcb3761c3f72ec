import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { packageRoot } from '../../bundle/framework-alias.ts';
import { FramewrightError } from '../../errors/index.ts';
import { projectFiles } from '../init/project-files.ts';

const packageJsonSchema = z.object({
  version: z.string(),
  dependencies: z.record(z.string(), z.string()),
  devDependencies: z.record(z.string(), z.string()).default({}),
});

/** npm package names: lower case, no spaces, at most 214 characters. */
function packageNameFor(dir: string): string {
  const name = path
    .basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '')
    .slice(0, 214);
  return name || 'my-video';
}

const IGNORED_WHEN_EMPTY = new Set(['.git', '.DS_Store']);

export interface InitOptions {
  /** Write into a directory that already has files (never overwriting one). @defaultValue false */
  force?: boolean;
  /** The framewright dependency of the new project. @defaultValue `^<this version>` */
  framewright?: string;
}

/** Writes a new video project into `dir`; returns the files written (relative paths). */
export async function initProject(dir: string, options: InitOptions = {}): Promise<string[]> {
  const target = path.resolve(dir);
  const own = packageJsonSchema.parse(JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')));
  const files = projectFiles({
    name: packageNameFor(target),
    framewrightSpec: options.framewright ?? `^${own.version}`,
    versions: { ...own.devDependencies, ...own.dependencies },
  });
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new FramewrightError('DIRECTORY_NOT_EMPTY', `${target} is a file, not a directory: pick a new directory for the project`);
  }
  // A folder holding only a fresh `git init` (or a Finder's .DS_Store) is as good as empty: the
  // usual order is to make the repository first, then the project in it.
  const existing = existsSync(target) ? readdirSync(target).filter((name) => !IGNORED_WHEN_EMPTY.has(name)) : [];
  if (existing.length > 0) {
    const clashing = Object.keys(files).filter((file) => existsSync(path.join(target, file)));
    if (!options.force || clashing.length > 0) {
      throw new FramewrightError(
        'DIRECTORY_NOT_EMPTY',
        clashing.length > 0 && options.force
          ? `${target} already has ${clashing.join(', ')}: init never overwrites files`
          : `${target} is not empty: pick a new directory, or pass --force to add the project files beside what is there`,
      );
    }
  }
  for (const [file, contents] of Object.entries(files)) {
    const to = path.join(target, file);
    await mkdir(path.dirname(to), { recursive: true });
    await writeFile(to, contents, { flag: 'wx' });
  }
  return Object.keys(files);
}

/** `dir` as a POSIX shell word, so the printed `cd` works when copied (spaces, quotes, `$`). */
export function shellWord(dir: string): string {
  return /^[\w@%+=:,./-]+$/.test(dir) ? dir : `'${dir.replace(/'/g, `'\\''`)}'`;
}

/** What `init` prints after writing the project at `dir` (as the user typed it, relative to `cwd`). */
export function initSummary(dir: string, written: string[], cwd: string = process.cwd()): string {
  const shown = path.relative(cwd, path.resolve(cwd, dir)) || '.';
  return [
    `Created a Framewright project in ${shown}: ${written.join(', ')}`,
    '',
    'Next:',
    `  cd ${shellWord(shown)}`,
    '  npm install',
    '  npx framewright studio',
    '  npx framewright render hello-world out/hello.mp4',
    '',
  ].join('\n');
}

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('Create a new video project (package.json, tsconfig.json, framewright.config.ts, src/, public/)')
    .argument('<dir>', 'directory to create the project in (created if missing)')
    .option('--force', 'write into a directory that already has files (existing files are never overwritten)')
    .option('--framewright <spec>', 'version range or tarball for the framewright dependency (default: this version)')
    .action(async (dir: string, flags: { force?: boolean; framewright?: string }) => {
      const written = await initProject(dir, flags);
      process.stdout.write(initSummary(dir, written));
    });
}
