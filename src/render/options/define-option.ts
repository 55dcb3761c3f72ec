import type { z } from 'zod';

/**
 * One render option, declared once: its schema, default, CLI flag and help. The CLI flags, the
 * HTTP body schema, the OpenAPI document and the docs are all derived from these declarations.
 */
export interface RenderOptionSpec<S extends z.ZodType> {
  schema: S;
  default: z.output<S> | undefined;
  /** Commander flag, e.g. `--crf <n>`; absent for options only the API takes. */
  flag?: string;
  /** Turns the flag's text into the option's value (before validation). */
  parseFlag?: (text: string) => unknown;
  /** What the option does (the API's and the Studio's description). */
  help: string;
  /** The flag's own help where it says the opposite of `help` (a `--no-…` flag turns the option off). @defaultValue help */
  flagHelp?: string;
}

export function defineOption<S extends z.ZodType>(spec: RenderOptionSpec<S>): RenderOptionSpec<S> {
  return spec;
}
