import { getEnvironment } from './environment.ts';

/** URL of a file in the project's `public/` folder, e.g. `staticFile('fonts/Inter.woff2')`. */
export function staticFile(path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    throw new TypeError(`staticFile() takes a path inside public/, got the URL "${path}"; use the URL directly`);
  }
  const clean = path.replace(/^\/+/, '');
  return getEnvironment().publicUrl + clean.split('/').map(encodeURIComponent).join('/');
}
