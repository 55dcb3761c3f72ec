import { createRef, Fragment } from 'react';
import { describe, expect, it } from 'vitest';
import { configureEnvironment } from '../environment.ts';
import { markupAt } from '../test-support/markup-at.tsx';
import { useCurrentFrame, useTimeline, useVideoConfig } from '../timeline.ts';
import { Freeze } from './Freeze.tsx';
import { Loop } from './Loop.tsx';
import { Sequence } from './Sequence.tsx';
import { Series } from './Series.tsx';

/** Prints the frame it sees, so the markup says what each subtree saw. */
function Frame({ label }: { label: string }) {
  return <i>{`${label}=${useCurrentFrame()}`}</i>;
}

function seen(markup: string): Record<string, number> {
  return Object.fromEntries([...markup.matchAll(/<i>(\w+)=(-?\d+)<\/i>/g)].map((m) => [m[1]!, Number(m[2])]));
}

describe('<Loop>', () => {
  const Looped = () => (
    <Loop durationInFrames={4} times={3}>
      <Frame label="l" />
      <LoopInfo />
    </Loop>
  );
  function LoopInfo() {
    const loop = Loop.useLoop();
    return <b>{`pass ${loop?.iteration} of ${loop?.durationInFrames}`}</b>;
  }

  it('gives its children frame % duration for `times` passes, then nothing', () => {
    for (let f = 0; f < 12; f++) {
      const markup = markupAt(Looped, f);
      expect(seen(markup).l).toBe(f % 4);
      expect(markup).toContain(`pass ${Math.floor(f / 4)} of 4`);
    }
    expect(seen(markupAt(Looped, 12)).l).toBeUndefined();
  });

  it('loops forever by default, inside a shifted sequence', () => {
    const Nested = () => (
      <Sequence from={10}>
        <Loop durationInFrames={3}>
          <Frame label="l" />
        </Loop>
      </Sequence>
    );
    expect(seen(markupAt(Nested, 9)).l).toBeUndefined();
    expect([10, 11, 12, 13, 50].map((f) => seen(markupAt(Nested, f)).l)).toEqual([0, 1, 2, 0, 1]);
  });

  it('names a bad duration', () => {
    const Bad = () => <Loop durationInFrames={0}>x</Loop>;
    expect(() => markupAt(Bad, 0)).toThrow(/"durationInFrames" must be a finite number > 0, got 0/);
  });

  it('takes a fractional pass length, as Remotion does', () => {
    const Fractional = () => (
      <Loop durationInFrames={2.5}>
        <Frame label="l" />
      </Loop>
    );
    const frameAt = (f: number) => /<i>l=([-\d.]+)<\/i>/.exec(markupAt(Fractional, f))?.[1];
    expect([0, 1, 2, 3, 4, 5].map(frameAt)).toEqual(['0', '1', '2', '0.5', '1.5', '0']);
  });
});

describe('<Freeze>', () => {
  it('holds its children at `frame`, nested sequences included, only where active', () => {
    const Frozen = () => (
      <Sequence from={5}>
        <Freeze frame={7} active={(f) => f >= 2}>
          <Frame label="f" />
          <Sequence from={6}>
            <Frame label="inner" />
          </Sequence>
        </Freeze>
      </Sequence>
    );
    expect(seen(markupAt(Frozen, 5))).toEqual({ f: 0 });
    expect(seen(markupAt(Frozen, 6))).toEqual({ f: 1 });
    for (const f of [7, 8, 40]) expect(seen(markupAt(Frozen, f))).toEqual({ f: 7, inner: 1 });
  });
});

describe('<Sequence> premountFor / postmountFor / name', () => {
  const Premounted = () => (
    <Sequence from={10} durationInFrames={5} premountFor={3} postmountFor={2} name="intro">
      <Frame label="s" />
    </Sequence>
  );

  it('mounts early and late, hidden and held at the first and last frame', () => {
    expect(markupAt(Premounted, 6)).not.toContain('<i>');
    for (const f of [7, 9]) {
      const markup = markupAt(Premounted, f);
      expect(seen(markup).s).toBe(0);
      expect(markup).toMatch(/<div (?=[^>]*data-sequence="intro")(?=[^>]*opacity:0)/);
    }
    const visible = markupAt(Premounted, 12);
    expect(seen(visible).s).toBe(2);
    expect(visible).not.toContain('opacity:0');
    for (const f of [15, 16]) expect(seen(markupAt(Premounted, f)).s).toBe(4);
    expect(markupAt(Premounted, 17)).not.toContain('<i>');
  });

  it('hides premounted children of layout="none" without a layer', () => {
    const Bare = () => (
      <Sequence from={4} premountFor={2} layout="none">
        <Frame label="b" />
      </Sequence>
    );
    expect(markupAt(Bare, 3)).toContain('<div style="display:none"><i>b=0</i></div>');
    expect(markupAt(Bare, 4)).toContain('<i>b=0</i>');
  });

  it('marks premounted and frozen subtrees (nested ones included) so their media stay silent', () => {
    function Flag() {
      return <u>{String(useTimeline().silent ?? false)}</u>;
    }
    const Nested = () => (
      <Sequence from={10} premountFor={5}>
        <Sequence>
          <Flag />
        </Sequence>
        <Freeze frame={0} active={(f) => f >= 3}>
          <Sequence>
            <Flag />
          </Sequence>
        </Freeze>
      </Sequence>
    );
    const flags = (f: number) => [...markupAt(Nested, f).matchAll(/<u>(\w+)<\/u>/g)].map((m) => m[1]);
    expect(flags(7)).toEqual(['true', 'true']);
    expect(flags(10)).toEqual(['false', 'false']);
    expect(flags(13)).toEqual(['false', 'true']);
  });

  it('merges styleWhilePremounted / styleWhilePostmounted over the hidden style in the player; renders keep it hidden', () => {
    const Styled = () => (
      <Sequence from={4} durationInFrames={2} premountFor={2} postmountFor={2} name="s" styleWhilePremounted={{ filter: 'blur(1px)' }} styleWhilePostmounted={{ opacity: 0.5 }}>
        <Frame label="s" />
      </Sequence>
    );
    // Remotion does not premount while rendering, so a render never shows what these style.
    expect(markupAt(Styled, 6)).toMatch(/<div (?=[^>]*data-sequence="s")(?=[^>]*opacity:0;)/);
    configureEnvironment({ mode: 'player' });
    try {
      expect(markupAt(Styled, 3)).toMatch(/<div (?=[^>]*data-sequence="s")(?=[^>]*opacity:0;)(?=[^>]*filter:blur\(1px\))/);
      expect(markupAt(Styled, 6)).toMatch(/<div (?=[^>]*data-sequence="s")(?=[^>]*opacity:0.5)/);
      expect(markupAt(Styled, 4)).not.toMatch(/blur|opacity/);
    } finally {
      configureEnvironment({ mode: 'render' });
    }
  });

  it('refuses a negative premount', () => {
    const Bad = () => <Sequence premountFor={-1}>x</Sequence>;
    expect(() => markupAt(Bad, 0)).toThrow(/"premountFor" must be an integer ≥ 0, got -1/);
  });
});

describe('<Sequence> as Remotion lays it out and times it', () => {
  /** The inline style of the first element carrying `data-sequence="<name>"`. */
  function layerStyle(markup: string, name: string): string {
    return new RegExp(`<div (?=[^>]*data-sequence="${name}")[^>]*style="([^"]*)"`).exec(markup)?.[1] ?? '';
  }

  it('lays its children out in a row (the layer unsets AbsoluteFill\'s column); style can set it back', () => {
    const Row = () => (
      <>
        <Sequence name="row">
          <b />
          <b />
        </Sequence>
        <Sequence name="column" style={{ flexDirection: 'column' }}>
          <b />
        </Sequence>
      </>
    );
    const markup = markupAt(Row, 0);
    expect(layerStyle(markup, 'row')).toContain('display:flex');
    expect(layerStyle(markup, 'row')).not.toContain('flex-direction');
    expect(layerStyle(markup, 'column')).toContain('flex-direction:column');
  });

  it('takes a fractional `from` and duration: the children see fractional frames', () => {
    const Late = () => (
      <Sequence from={7.5} durationInFrames={2.5}>
        <Frame label="s" />
      </Sequence>
    );
    const frameAt = (f: number) => /<i>s=([-\d.]+)<\/i>/.exec(markupAt(Late, f))?.[1];
    expect([7, 8, 9, 10, 11].map(frameAt)).toEqual([undefined, '0.5', '1.5', undefined, undefined]);
  });

  it('holds its children at `freeze` and leaves them out when `hidden`, as Remotion\'s props do', () => {
    const Props = () => (
      <>
        <Sequence from={10} freeze={3}>
          <Frame label="frozen" />
        </Sequence>
        <Sequence hidden>
          <Frame label="hidden" />
        </Sequence>
      </>
    );
    expect(seen(markupAt(Props, 9))).toEqual({});
    expect(seen(markupAt(Props, 10))).toEqual({ frozen: 3 });
    expect(seen(markupAt(Props, 50))).toEqual({ frozen: 3 });
  });

  it('names a start that is not a finite number', () => {
    const Bad = () => <Sequence from={Number.NaN}>x</Sequence>;
    expect(() => markupAt(Bad, 0)).toThrow(/"from" must be a finite number, got NaN/);
  });
});

describe('<Series> as Remotion reads it', () => {
  it('opens fragments, skips whitespace, lets the last scene run to the end, and shifts as a whole by `from`', () => {
    const Scenes = () => (
      <Series from={10}>
        {[0, 1].map((i) => (
          <Fragment key={i}>
            <Series.Sequence durationInFrames={5}>
              <Frame label={`a${i}`} />
            </Series.Sequence>{' '}
          </Fragment>
        ))}
        <Series.Sequence durationInFrames={Infinity} offset={2}>
          <Frame label="last" />
        </Series.Sequence>
      </Series>
    );
    expect(seen(markupAt(Scenes, 9))).toEqual({});
    expect(seen(markupAt(Scenes, 10))).toEqual({ a0: 0 });
    expect(seen(markupAt(Scenes, 16))).toEqual({ a1: 1 });
    expect(seen(markupAt(Scenes, 21))).toEqual({});
    expect(seen(markupAt(Scenes, 22))).toEqual({ last: 0 });
    expect(seen(markupAt(Scenes, 99))).toEqual({ last: 77 });
  });

  it('refuses an open-ended scene that is not the last', () => {
    const Bad = () => (
      <Series>
        <Series.Sequence durationInFrames={Infinity}>x</Series.Sequence>
        <Series.Sequence durationInFrames={5}>y</Series.Sequence>
      </Series>
    );
    expect(() => markupAt(Bad, 0)).toThrow(/#0 needs a finite "durationInFrames" > 0 \(only the last may be Infinity\), got Infinity/);
  });
});

describe('useVideoConfig() inside sequences, as in Remotion', () => {
  function Length({ label }: { label: string }) {
    return <i>{`${label}=${useVideoConfig().durationInFrames}`}</i>;
  }

  it("gives the enclosing sequence's length, cut at its parent's end; the video's outside any", () => {
    const Nested = () => (
      <>
        <Length label="root" />
        <Sequence from={30}>
          <Length label="open" />
          <Sequence from={60} durationInFrames={50}>
            <Length label="cut" />
          </Sequence>
        </Sequence>
        <Series>
          <Series.Sequence durationInFrames={40}>
            <Length label="scene" />
          </Series.Sequence>
        </Series>
        <Loop durationInFrames={30}>
          <Length label="pass" />
        </Loop>
      </>
    );
    // A 100-frame video: the open sequence runs 70 frames, the inner one is cut to 10 by it.
    expect(seen(markupAt(Nested, 35))).toEqual({ root: 100, open: 70, scene: 40, pass: 30 });
    expect(seen(markupAt(Nested, 95))).toEqual({ root: 100, open: 70, cut: 10, pass: 10 });
  });
});

describe('<Sequence> width, height, ref and layout, as Remotion takes them', () => {
  function Size({ label }: { label: string }) {
    const { width, height } = useVideoConfig();
    return <i>{`${label}=${width}x${height}`}</i>;
  }
  const sizes = (markup: string) => Object.fromEntries([...markup.matchAll(/<i>(\w+)=(\d+x\d+)<\/i>/g)].map((m) => [m[1]!, m[2]!]));

  it("gives useVideoConfig() the nearest enclosing sequence's width and height (each on its own), the video's elsewhere", () => {
    const Sized = () => (
      <>
        <Size label="root" />
        {/* A ref goes to the sequence's layer, as Remotion's forwardRef does (refs do not attach in server markup; tsc checks the prop). */}
        <Sequence width={640} height={360} ref={createRef<HTMLDivElement>()}>
          <Size label="both" />
          <Sequence from={5}>
            <Size label="inherited" />
          </Sequence>
          <Sequence width={200}>
            <Size label="widthOnly" />
          </Sequence>
        </Sequence>
      </>
    );
    // The video in markupAt is 100×100.
    expect(sizes(markupAt(Sized, 10))).toEqual({ root: '100x100', both: '640x360', inherited: '640x360', widthOnly: '200x360' });
  });

  it('refuses a width or height that is not a number > 0', () => {
    const Bad = () => <Sequence width={0}>x</Sequence>;
    expect(() => markupAt(Bad, 0)).toThrow(/"width" must be a finite number > 0, got 0/);
  });

  it('refuses a layout other than "absolute-fill" and "none", naming it', () => {
    const Bad = () => <Sequence layout={'absolute' as 'none'}>x</Sequence>;
    expect(() => markupAt(Bad, 0)).toThrow(TypeError);
    expect(() => markupAt(Bad, 0)).toThrow(/expects either "absolute-fill" or "none", but you passed: absolute/);
  });
});
