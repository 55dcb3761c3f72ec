import { describe, expect, it } from 'vitest';
import { continueRender, delayRender, hasOpenHandles } from './delay-render.ts';

/*
 * A wrong argument is a mistake in the template (a handle kept in state that is not set yet, a
 * label passed as an object); Remotion throws at the call, so the template's author sees it at
 * once instead of a frame that waits out its timeout with nothing to say why.
 */
describe('delayRender() / continueRender() arguments, as Remotion checks them', () => {
  it('continueRender() without a handle throws a TypeError saying so', () => {
    expect(() => continueRender(undefined as unknown as number)).toThrow(TypeError);
    expect(() => continueRender(undefined as unknown as number)).toThrow(/must be called with a parameter that is the return value of delayRender\(\)/);
  });

  it('continueRender() with something other than a handle names what it got', () => {
    expect(() => continueRender('1' as unknown as number)).toThrow(/must be the return value of delayRender\(\) which is a number\. Got: "1"/);
  });

  it('delayRender() takes a string label (or none) and refuses anything else', () => {
    expect(() => delayRender({ label: 'x' } as unknown as string)).toThrow(/label parameter of delayRender\(\) must be a string or undefined, got: object/);
    const handle = delayRender();
    expect(handle).toBeTypeOf('number');
    continueRender(handle);
    expect(hasOpenHandles()).toBe(false);
  });

  it('continueRender() of a handle already released is still harmless', () => {
    const handle = delayRender('twice');
    continueRender(handle);
    expect(() => continueRender(handle)).not.toThrow();
  });
});
