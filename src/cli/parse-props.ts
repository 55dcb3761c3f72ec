import { readFileSync } from 'node:fs';
import { FramewrightError } from '../errors/index.ts';

/** `--props '{"title":"Hi"}'` or `--props @props.json`. */
export function parseProps(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let source = text;
  if (text.startsWith('@')) {
    try {
      source = readFileSync(text.slice(1), 'utf8');
    } catch (error) {
      throw new FramewrightError('INVALID_REQUEST', `--props: cannot read ${text.slice(1)}: ${(error as Error).message}`);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    throw new FramewrightError('INVALID_REQUEST', `--props is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new FramewrightError('INVALID_REQUEST', '--props must be a JSON object');
  }
  return value as Record<string, unknown>;
}
