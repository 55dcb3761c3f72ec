import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FramewrightError } from '../../errors/index.ts';
import { initProject, initSummary } from '../commands/init.ts';

const ours = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};

describe('framewright init', () => {
  const dirs: string[] = [];
  const temp = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-init-unit-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('writes a project that depends on this framewright and the same react/zod', async () => {
    const dir = path.join(temp(), 'My Video!');
    const written = await initProject(dir);
    expect(written.sort()).toEqual(
      ['.gitignore', 'README.md', 'framewright.config.ts', 'package.json', 'public/.gitkeep', 'src/HelloWorld.tsx', 'src/index.ts', 'tsconfig.json'].sort(),
    );
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      name: 'my-video',
      type: 'module',
      dependencies: {
        framewright: `^${ours.version}`,
        react: ours.dependencies.react,
        'react-dom': ours.dependencies['react-dom'],
        zod: ours.dependencies.zod,
      },
    });
    expect(pkg.scripts).toMatchObject({ studio: 'framewright studio', render: 'framewright render', still: 'framewright still', serve: 'framewright serve' });
    expect(readFileSync(path.join(dir, 'framewright.config.ts'), 'utf8')).toContain("templateRoot: 'src/index.ts'");
    expect(readFileSync(path.join(dir, 'src/index.ts'), 'utf8')).toContain('registerRoot([helloWorld])');
    expect(JSON.parse(readFileSync(path.join(dir, 'tsconfig.json'), 'utf8')).compilerOptions).toMatchObject({ strict: true, jsx: 'react-jsx' });
  });

  it('takes another framewright dependency (a tarball, a range)', async () => {
    const dir = temp();
    await initProject(dir, { framewright: 'file:../framewright-0.1.0.tgz' });
    expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies.framewright).toBe('file:../framewright-0.1.0.tgz');
  });

  it('refuses a directory with files in it, and never overwrites one even with force', async () => {
    const dir = temp();
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const error = await initProject(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FramewrightError);
    expect((error as FramewrightError).code).toBe('DIRECTORY_NOT_EMPTY');
    expect(existsSync(path.join(dir, 'package.json'))).toBe(false);

    await initProject(dir, { force: true });
    expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');

    mkdirSync(path.join(dir, 'again'));
    writeFileSync(path.join(dir, 'again', 'package.json'), '{"name":"keep"}');
    await expect(initProject(path.join(dir, 'again'), { force: true })).rejects.toThrow(/never overwrites/);
    await expect(initProject(path.join(dir, 'notes.txt'))).rejects.toThrow(/is a file/);
    expect(readFileSync(path.join(dir, 'again', 'package.json'), 'utf8')).toBe('{"name":"keep"}');
  });

  it('counts a folder with only a .git in it as empty (git init first, then framewright init)', async () => {
    const dir = temp();
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    await initProject(dir);
    expect(existsSync(path.join(dir, 'package.json'))).toBe(true);
    expect(readFileSync(path.join(dir, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
  });

  it("prints a `cd` that works when pasted into a shell, whatever the directory's name", async () => {
    const parent = realpathSync(temp());
    for (const name of ['plain', "My Video's $HOME (1)"]) {
      const dir = path.join(parent, name);
      const written = await initProject(dir);
      const cd = initSummary(dir, written, parent).split('\n').find((line) => line.trim().startsWith('cd '))!;
      expect(execFileSync('sh', ['-c', `${cd.trim()} && pwd`], { cwd: parent, encoding: 'utf8' }).trim()).toBe(dir);
    }
  });
});
