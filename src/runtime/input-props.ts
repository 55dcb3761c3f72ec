import { getEnvironment } from './environment.ts';

/**
 * The props passed to this render (by the API, `--props` or the Player), without the template's
 * defaults. Usually a component reads its props instead; this is for code outside components.
 */
export function getInputProps<T extends Record<string, unknown> = Record<string, unknown>>(): T {
  return getEnvironment().inputProps as T;
}
