import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/framewright.js', import.meta.url));

/** Creates an API key in the embedded Redis of `dataDir` with the CLI, as an operator would. */
export async function createKeyForBench(dataDir: string): Promise<string> {
  const out = execFileSync(process.execPath, [bin, '--project', repo, 'keys', 'create', '--name', 'bench', '--json'], {
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  return (JSON.parse(out.trim().split('\n').at(-1)!) as { key: string }).key;
}
