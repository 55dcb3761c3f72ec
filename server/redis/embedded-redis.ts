import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FramewrightError } from '../../src/errors/index.ts';

/** Unix socket paths longer than this do not fit in sockaddr_un on Linux. */
const MAX_SOCKET_PATH = 100;
const START_TIMEOUT_MS = 15_000;
const STOP_DEADLINE_MS = 10_000;

export interface EmbeddedRedisPaths {
  dir: string;
  socket: string;
  pidFile: string;
  logFile: string;
}

/** Where the embedded Redis of a data dir keeps its files and socket: a pure function of the dir. */
export function embeddedRedisPaths(dataDir: string): EmbeddedRedisPaths {
  const dir = path.join(path.resolve(dataDir), 'redis');
  let socket = path.join(dir, 'redis.sock');
  if (socket.length > MAX_SOCKET_PATH) {
    const key = createHash('sha256').update(dir).digest('hex').slice(0, 16);
    socket = path.join(os.tmpdir(), `framewright-redis-${key}.sock`);
  }
  return { dir, socket, pidFile: path.join(dir, 'redis.pid'), logFile: path.join(dir, 'redis.log') };
}

/** True when a Redis answers PING on the socket. */
export async function pingSocket(socket: string, timeoutMs = 1_000): Promise<boolean> {
  if (!existsSync(socket)) return false;
  return new Promise((resolve) => {
    const conn = net.createConnection({ path: socket });
    const done = (ok: boolean) => {
      conn.destroy();
      resolve(ok);
    };
    conn.setTimeout(timeoutMs, () => done(false));
    conn.once('error', () => done(false));
    conn.once('connect', () => conn.write('PING\r\n'));
    conn.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The parent pid of a process (Linux /proc), or undefined where that cannot be read. */
function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 4, after the command name in parentheses (which may itself contain spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

async function readPid(pidFile: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A private `redis-server` for one data dir: append-only file on, no TCP port (a unix socket
 * only), files under `<dataDir>/redis`. If one is already running for the dir (a live server,
 * or one orphaned by a killed server) it is reused instead of started twice on the same files.
 */
export class EmbeddedRedis {
  private constructor(
    readonly paths: EmbeddedRedisPaths,
    private readonly child: ChildProcess | undefined,
    /** Whether stop() shuts it down: true when started here or adopted as an orphan. */
    readonly owned: boolean,
    readonly pid: number | undefined,
  ) {}

  get socket(): string {
    return this.paths.socket;
  }

  /**
   * Starts (or finds) the embedded Redis of `dataDir`. `adoptOrphans`: take ownership of a
   * running instance whose parent has died, so that this process stops it on exit.
   */
  static async start(options: { dataDir: string; adoptOrphans: boolean; signal?: AbortSignal }): Promise<EmbeddedRedis> {
    const paths = embeddedRedisPaths(options.dataDir);
    await mkdir(paths.dir, { recursive: true, mode: 0o700 });
    await restrictFiles(paths.dir);
    const runningPid = await readPid(paths.pidFile);
    if (runningPid !== undefined && processAlive(runningPid) && (await pingSocket(paths.socket))) {
      const ppid = parentPid(runningPid);
      const orphan = ppid === 1 || (ppid !== undefined && !processAlive(ppid));
      return new EmbeddedRedis(paths, undefined, options.adoptOrphans && orphan, runningPid);
    }
    const args = [
      '--port', '0',
      '--unixsocket', paths.socket,
      '--unixsocketperm', '700',
      '--dir', paths.dir,
      '--appendonly', 'yes',
      '--appendfsync', 'everysec',
      '--save', '',
      '--pidfile', paths.pidFile,
      '--logfile', paths.logFile,
      '--daemonize', 'no',
      // BullMQ loses jobs if Redis may evict keys.
      '--maxmemory-policy', 'noeviction',
    ];
    // Own process group: a Ctrl-C in the terminal must not stop Redis before the server has
    // written its last states; the server stops it last, on purpose.
    // umask 077 first: the append-only file holds webhook secrets and must be 0600 from birth
    // (rewrites included). `exec` keeps the pid, so the child is redis-server itself.
    const child = spawn('/bin/sh', ['-c', 'umask 077 && exec "$0" "$@"', process.env.REDIS_SERVER_PATH || 'redis-server', ...args], {
      stdio: 'ignore',
      detached: true,
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    const started = Date.now();
    while (Date.now() - started < START_TIMEOUT_MS) {
      if (options.signal?.aborted) break;
      const outcome = await Promise.race([exited.then((code) => `exit ${code}`), spawnError.then((e) => e.message), sleep(50).then(() => undefined)]);
      if (outcome !== undefined) {
        const log = await readFile(paths.logFile, 'utf8').catch(() => '');
        throw new FramewrightError('SERVICE_UNAVAILABLE', `The embedded redis-server failed to start (${outcome}). ${log.trim().split('\n').slice(-3).join(' | ')}`);
      }
      if (await pingSocket(paths.socket)) return new EmbeddedRedis(paths, child, true, child.pid);
    }
    child.kill('SIGKILL');
    throw new FramewrightError('SERVICE_UNAVAILABLE', `The embedded redis-server did not answer within ${START_TIMEOUT_MS} ms (log: ${paths.logFile})`);
  }

  /** Asks an owned Redis to stop without waiting (for a forced exit). */
  signalStop(): void {
    if (this.owned && this.pid !== undefined && processAlive(this.pid)) process.kill(this.pid, 'SIGTERM');
  }

  /** SIGTERM makes Redis fsync the append-only file and exit; SIGKILL only after a deadline. */
  async stop(): Promise<void> {
    if (!this.owned || this.pid === undefined) return;
    const pid = this.pid;
    if (!processAlive(pid)) return;
    process.kill(pid, 'SIGTERM');
    const started = Date.now();
    while (processAlive(pid) && Date.now() - started < STOP_DEADLINE_MS) {
      // A child of ours stays a zombie (alive to kill(0)) until reaped; its exit event reaps it.
      if (this.child && (this.child.exitCode !== null || this.child.signalCode !== null)) return;
      await sleep(50);
    }
    if (processAlive(pid) && !(this.child && this.child.exitCode !== null)) process.kill(pid, 'SIGKILL');
  }
}

/** The folder 0700 and every file in it 0600: data dirs made by older versions were readable by all. */
async function restrictFiles(dir: string): Promise<void> {
  await chmod(dir, 0o700);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await restrictFiles(full);
    else if (entry.isFile()) await chmod(full, 0o600);
  }
}
