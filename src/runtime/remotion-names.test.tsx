import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as framewright from './index.ts';
import * as transitions from './transitions/index.ts';
import * as clockWipe from './transitions/presentations/clock-wipe.tsx';
import * as fade from './transitions/presentations/fade.tsx';
import * as flip from './transitions/presentations/flip.tsx';
import * as none from './transitions/presentations/none.tsx';
import * as slide from './transitions/presentations/slide.tsx';
import * as wipe from './transitions/presentations/wipe.tsx';
import { hasOpenHandles } from './delay-render.ts';
import { currentFatal } from './fatal.ts';
import { markupAt } from './test-support/markup-at.tsx';

// A ported template fails to bundle on the first name it imports that we lack, so every value
// the README's porting guide calls supported must be exported where Remotion has it.
const exported: Record<string, unknown> = { ...framewright, ...transitions, ...clockWipe, ...fade, ...flip, ...none, ...slide, ...wipe };
/** Names in the table that are types (nothing to find at run time). */
const TYPES = new Set(['CalculateMetadataFunction', 'TransitionPresentation', 'TransitionPresentationComponentProps', 'TransitionTiming']);

function supportedNames(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const table = readme.slice(readme.indexOf('### What is supported'), readme.indexOf('### What is not supported'));
  const names = new Set<string>();
  for (const line of table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| name') && !l.startsWith('| ---'))) {
    const firstCell = line.split(' | ')[0]!;
    for (const [, code] of firstCell.matchAll(/`([^`]+)`/g)) {
      // `<Sequence>`, `Loop.useLoop()`, `delayRender(label, …)`, `registerRoot([…])`: the leading name.
      const name = /^<?([A-Za-z][A-Za-z0-9]*)/.exec(code!)?.[1];
      // Lower-case words inside a component's cell are its props (`from`, `layout`, …).
      if (name && (/^[A-Z]/.test(name) || !firstCell.includes('<') || code!.includes('('))) names.add(name);
    }
  }
  return [...names].filter((n) => !TYPES.has(n));
}

describe("the porting guide's supported names", () => {
  it('reads a good number of names from the README table', () => {
    expect(supportedNames().length).toBeGreaterThan(40);
  });

  it.each(supportedNames())('exports %s', (name) => {
    expect(exported[name], `${name} is listed as supported but not exported`).toBeDefined();
  });
});

describe('the hook forms Remotion now recommends', () => {
  it('useDelayRender() gives the same delayRender/continueRender/cancelRender, one stable object', () => {
    let handle = -1;
    let same = false;
    function Holds() {
      const fns = framewright.useDelayRender();
      same = fns === framewright.useDelayRender() && fns.continueRender === framewright.continueRender && fns.cancelRender === framewright.cancelRender;
      handle = fns.delayRender('hook');
      return null;
    }
    markupAt(Holds, 0);
    expect(same).toBe(true);
    expect(hasOpenHandles()).toBe(true);
    framewright.useDelayRender().continueRender(handle);
    expect(hasOpenHandles()).toBe(false);
  });

  it('useRemotionEnvironment() answers as getRemotionEnvironment()', () => {
    expect(framewright.useRemotionEnvironment()).toEqual(framewright.getRemotionEnvironment());
  });
});

describe('cancelRender', () => {
  it('fails the render and throws, as Remotion documents (a string becomes an Error), so the code after it does not run', () => {
    let after = false;
    expect(() => {
      framewright.cancelRender('no data for this row');
      after = true;
    }).toThrow(new Error('no data for this row'));
    expect(after).toBe(false);
    expect(currentFatal()).toMatchObject({ code: 'TEMPLATE_ERROR', message: 'no data for this row' });
  });
});
