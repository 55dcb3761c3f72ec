import { readFileSync } from 'node:fs';
import { FramewrightError } from '../errors/index.ts';

/** `--props '{"title":"Hi"}'` or `--props @props.json`. */
export function parseProps(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let source = text;
  const file = text.startsWith('@') ? text.slice(1) : undefined;
  if (file !== undefined) {
    try {
      source = readFileSync(file, 'utf8');
    } catch (error) {
      throw new FramewrightError('INVALID_REQUEST', `--props: cannot read ${file}: ${(error as Error).message}`);
    }
    // Editors on Windows (Notepad, PowerShell's Out-File) start UTF-8 files with a byte-order
    // mark, which JSON.parse refuses; it is not part of the JSON.
    if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
    if (source.trim() === '') throw new FramewrightError('INVALID_REQUEST', `--props: ${file} is empty (expected a JSON object)`);
  }
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    const from = file !== undefined ? ` in ${file}` : '';
    throw new FramewrightError('INVALID_REQUEST', `--props is not valid JSON${from}: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new FramewrightError('INVALID_REQUEST', '--props must be a JSON object');
  }
  return value as Record<string, unknown>;
}
