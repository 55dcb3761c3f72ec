import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface Child {
  process: ChildProcessWithoutNullStreams;
  /** Resolves with the exit code (or null when killed) and the tail of stderr. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  /** Stops the child at once (SIGKILL) and resolves once it has exited. */
  kill(): Promise<void>;
}

/** Spawns a program whose stderr we keep (the last 8 KiB) for error messages. */
export function spawnChild(command: string, args: readonly string[]): Child {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8192);
  });
  // stdout is unused by default; drain it so a chatty child never blocks on a full pipe.
  child.stdout.resume();
  // A child that dies leaves our end of its stdin open, and 'close' waits for every stdio stream:
  // close stdin on exit so writers waiting for 'drain' fail fast and 'close' can fire.
  child.on('exit', () => child.stdin.destroy());
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
    child.on('error', (error) => {
      stderr += `\n${error.message}`;
      resolve({ code: -1, signal: null, stderr });
    });
  });
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // Only ever called to abandon the work (a cancel, a failed render): its output is deleted.
    // SIGTERM would make FFmpeg finish gracefully instead — flush x264's lookahead, write the
    // trailer — a second or more of CPU spent on a file nobody will read.
    child.kill('SIGKILL');
    await exited;
  };
  return { process: child, exited, kill };
}
