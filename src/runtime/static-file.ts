import { getEnvironment } from './environment.ts';

/*
 * Paths that cannot be a file inside public/. Remotion refuses the same ones (its docs list the
 * messages under "staticFile() does not support relative paths"): left through, each becomes a
 * URL that 404s at load time, far from the line that made it, or double-prefixes a path that
 * already went through staticFile(). A leading "/" alone is fine: it names a file in public/.
 */
const RELATIVE = /^\.\.?(\/|\\|$)/;
const WINDOWS_DRIVE = /^[a-z]:[\\/]/i;
/** Folders a file-system path starts with (an absolute path pasted from a terminal). */
const FILE_SYSTEM_ROOTS = /^\/(Users|home|tmp|etc|opt|var|private|mnt|Volumes)\//;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function refuse(path: string, problem: string, instead: string): never {
  throw new TypeError(`staticFile() ${problem} - got "${path}". ${instead}`);
}

/** URL of a file in the project's `public/` folder, e.g. `staticFile('fonts/Inter.woff2')`. */
export function staticFile(path: string): string {
  if (typeof path !== 'string') throw new TypeError(`staticFile() takes the name of a file inside public/ as a string, got ${typeof path}`);
  const name = 'Instead, pass the name of a file that is inside the public/ folder, e.g. staticFile("image.png").';
  if (RELATIVE.test(path)) refuse(path, 'does not support relative paths', name);
  if (WINDOWS_DRIVE.test(path) || FILE_SYSTEM_ROOTS.test(path)) refuse(path, 'does not support absolute paths', name);
  if (URL_SCHEME.test(path)) refuse(path, 'does not support remote URLs', 'Instead, pass the URL without wrapping it in staticFile().');
  const clean = path.replace(/^\/+/, '');
  if (clean.startsWith('public/')) {
    refuse(path, 'does not need the public/ prefix', 'Pass the path inside public/ (or a value staticFile() returned, as it is).');
  }
  return getEnvironment().publicUrl + clean.split('/').map(encodeURIComponent).join('/');
}
