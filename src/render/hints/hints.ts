import { readFileSync } from 'node:fs';
import type { Notice } from '../../runtime/page/protocol.ts';

/** A problem that did not fail the render but probably makes it wrong. */
export interface RenderWarning {
  code: Notice;
  /** One line for logs and the CLI. */
  message: string;
  /** The markdown help kept next to this file (`<code>.md`). */
  hint: string;
}

const MESSAGES: Record<Notice, string> = {
  MATH_RANDOM: 'The template called Math.random(): use random(seed) so every render paints the same frames',
  DATE_NOW: 'The template read the wall clock (Date.now()): derive time from useCurrentFrame() instead',
};

export function warningFor(code: Notice): RenderWarning {
  return { code, message: MESSAGES[code], hint: readFileSync(new URL(`./${code}.md`, import.meta.url), 'utf8') };
}

/** Collects notices from every page of a render, once each. */
export class WarningCollector {
  private readonly seen = new Map<Notice, RenderWarning>();

  add(notices: readonly Notice[] | undefined): void {
    for (const n of notices ?? []) if (!this.seen.has(n)) this.seen.set(n, warningFor(n));
  }

  list(): RenderWarning[] {
    return [...this.seen.values()];
  }
}
