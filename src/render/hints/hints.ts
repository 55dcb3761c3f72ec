import { readFileSync } from 'node:fs';
import type { Notice } from '../../runtime/page/protocol.ts';

/** Warnings the renderer raises itself (not reported by the page). */
export type RenderNotice = 'FRAME_RANGE_CLAMPED' | 'ALPHA_DROPPED';

/** A problem that did not fail the render but probably makes it wrong. */
export interface RenderWarning {
  code: Notice | RenderNotice;
  /** One line for logs and the CLI. */
  message: string;
  /** The markdown help kept next to this file (`<code>.md`). */
  hint: string;
}

const MESSAGES: Record<Notice, string> = {
  MATH_RANDOM: 'The template called Math.random(): use random(seed) so every render paints the same frames',
  DATE_NOW: 'The template read the wall clock (Date.now() or new Date()): derive time from useCurrentFrame() instead',
  PERFORMANCE_NOW: 'The template read performance.now(): frames render out of order and at any speed; derive time from useCurrentFrame()',
  WALL_CLOCK_ANIMATION:
    'Something on the page animates on the browser\'s clock (a CSS animation or transition, a Web Animation, SVG <animate>, or an animated GIF, APNG, WebP or AVIF): it moves with render speed, not with the frame; derive it from useCurrentFrame()',
};

const hintText = (code: Notice | RenderNotice) => readFileSync(new URL(`./${code}.md`, import.meta.url), 'utf8');

export function warningFor(code: Notice): RenderWarning {
  return { code, message: MESSAGES[code], hint: hintText(code) };
}

/** A warning the renderer raises itself, with a message naming the values involved. */
export function renderWarning(code: RenderNotice, message: string): RenderWarning {
  return { code, message, hint: hintText(code) };
}

/** Collects notices from every page of a render, once each. */
export class WarningCollector {
  private readonly seen = new Map<Notice | RenderNotice, RenderWarning>();

  add(notices: readonly Notice[] | undefined): void {
    for (const n of notices ?? []) if (!this.seen.has(n)) this.seen.set(n, warningFor(n));
  }

  push(warning: RenderWarning): void {
    if (!this.seen.has(warning.code)) this.seen.set(warning.code, warning);
  }

  list(): RenderWarning[] {
    return [...this.seen.values()];
  }
}
