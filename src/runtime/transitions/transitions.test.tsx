import { Fragment } from 'react';
import { describe, expect, it } from 'vitest';
import { Easing } from '../math/easing.ts';
import { measureSpring, spring } from '../math/spring.ts';
import { markupAt } from '../test-support/markup-at.tsx';
import { useCurrentFrame } from '../timeline.ts';
import { planSeries, type SeriesItem } from './plan-series.ts';
import { sweptSector } from './presentations/clock-wipe.tsx';
import { fade } from './presentations/fade.tsx';
import { flip } from './presentations/flip.tsx';
import { slide } from './presentations/slide.tsx';
import { wipe, wipedRegion } from './presentations/wipe.tsx';
import { linearTiming, springTiming } from './timings.ts';
import { TransitionSeries, useTransitionProgress } from './TransitionSeries.tsx';
import type { TransitionPresentationComponentProps } from './types.ts';

const seq = (index: number, durationInFrames: number, offset?: number): SeriesItem => ({
  kind: 'sequence',
  index,
  props: { durationInFrames, ...(offset !== undefined ? { offset } : {}) },
});
const tr = (index: number, frames: number): SeriesItem => ({ kind: 'transition', index, props: { timing: linearTiming({ durationInFrames: frames }) } });
const ov = (index: number, durationInFrames: number, offset?: number): SeriesItem => ({
  kind: 'overlay',
  index,
  props: { durationInFrames, ...(offset !== undefined ? { offset } : {}) },
});

describe('planSeries', () => {
  it('overlaps scenes by each transition: the series gets shorter by its length', () => {
    const plan = planSeries([seq(0, 30), tr(1, 10), seq(2, 40), tr(3, 5), seq(4, 20)], 30);
    expect(plan.scenes.map((s) => [s.from, s.duration])).toEqual([[0, 30], [20, 40], [55, 20]]);
    expect(plan.durationInFrames).toBe(75);
    expect(plan.scenes[0]!.exit?.duration).toBe(10);
    expect(plan.scenes[1]!.enter?.duration).toBe(10);
    expect(plan.scenes[1]!.exit?.duration).toBe(5);
    expect(plan.scenes[2]!.exit).toBeUndefined();
  });

  it('a transition first or last animates the entrance or exit of that scene alone, without shortening', () => {
    const plan = planSeries([tr(0, 6), seq(1, 20), tr(2, 4), seq(3, 20), tr(4, 8)], 30);
    expect(plan.scenes.map((s) => [s.from, s.duration])).toEqual([[0, 20], [16, 20]]);
    expect(plan.scenes[0]!.enter?.duration).toBe(6);
    expect(plan.scenes[1]!.exit?.duration).toBe(8);
    expect(plan.durationInFrames).toBe(36);
  });

  it('centres an overlay on the cut (with its offset) without moving the scenes', () => {
    const plan = planSeries([seq(0, 30), ov(1, 10), seq(2, 30), ov(3, 7, 2), seq(4, 10)], 30);
    expect(plan.scenes.map((s) => s.from)).toEqual([0, 30, 60]);
    expect(plan.overlays.map((o) => [o.from, o.duration])).toEqual([[25, 10], [59, 7]]);
    expect(plan.durationInFrames).toBe(70);
  });

  it('honours sequence offsets like <Series>', () => {
    expect(planSeries([seq(0, 10), seq(1, 10, 5), seq(2, 10, -3)], 30).scenes.map((s) => s.from)).toEqual([0, 15, 22]);
  });

  it('refuses what cannot be laid out, naming the child', () => {
    expect(() => planSeries([tr(0, 5)], 30)).toThrow(/child #0: a transition needs a <TransitionSeries.Sequence>/);
    expect(() => planSeries([tr(0, 15), seq(1, 10)], 30)).toThrow(/child #1: an entrance of 15 frames is longer than its scene/);
    expect(() => planSeries([seq(0, 10), tr(1, 15)], 30)).toThrow(/child #1: an exit of 15 frames is longer than its scene/);
    expect(() => planSeries([seq(0, 10), tr(1, 5), tr(2, 5), seq(3, 10)], 30)).toThrow(/child #2: a transition cannot follow another transition/);
    expect(() => planSeries([seq(0, 10), tr(1, 15), seq(2, 30)], 30)).toThrow(/child #2: a transition of 15 frames is longer than a scene next to it/);
    expect(() => planSeries([seq(0, 10), ov(1, 4), tr(2, 5), seq(3, 10)], 30)).toThrow(/cannot follow an overlay/);
    expect(() => planSeries([seq(0, 2.5)], 30)).toThrow(/"durationInFrames" must be an integer ≥ 1, got 2.5/);
    expect(() => planSeries([seq(0, 4), ov(1, 10)], 30)).toThrow(/overlay would start at frame -1/);
  });
});

describe('timings', () => {
  it('linearTiming: 0 → 1 over its duration, clamped, with easing', () => {
    const t = linearTiming({ durationInFrames: 20 });
    expect(t.getDurationInFrames({ fps: 30 })).toBe(20);
    expect([-1, 0, 5, 10, 20, 25].map((frame) => t.getProgress({ frame, fps: 30 }))).toEqual([0, 0, 0.25, 0.5, 1, 1]);
    const eased = linearTiming({ durationInFrames: 20, easing: Easing.in(Easing.quad) });
    expect(eased.getProgress({ frame: 10, fps: 30 })).toBeCloseTo(Easing.in(Easing.quad)(0.5), 12);
    expect(() => linearTiming({ durationInFrames: 0 })).toThrow(/"durationInFrames" must be an integer > 0/);
  });

  it('springTiming: lasts as long as the spring settles (or as told) and follows spring()', () => {
    const config = { damping: 200 };
    const t = springTiming({ config });
    expect(t.getDurationInFrames({ fps: 30 })).toBe(measureSpring({ fps: 30, config }));
    for (const frame of [0, 3, 9, 20]) expect(t.getProgress({ frame, fps: 30 })).toBe(spring({ frame, fps: 30, config }));
    const fixed = springTiming({ config, durationInFrames: 12 });
    expect(fixed.getDurationInFrames({ fps: 30 })).toBe(12);
    expect(fixed.getProgress({ frame: 6, fps: 30 })).toBe(spring({ frame: 6, fps: 30, config, durationInFrames: 12 }));
  });
});

describe('presentation geometry', () => {
  it('wipe reveals p of the frame from the named side or corner', () => {
    expect(wipedRegion('from-left', 0.25)).toEqual([[0, 0], [0.25, 0], [0.25, 1], [0, 1]]);
    expect(wipedRegion('from-bottom', 0.5)).toEqual([[1, 0.5], [1, 1], [0, 1], [0, 0.5]]);
    expect(wipedRegion('from-top-left', 0.25)).toEqual([[0, 0], [0.5, 0], [0, 0.5]]);
    expect(wipedRegion('from-right', 1)).toHaveLength(4);
    expect(new Set(wipedRegion('from-top-right', 0).map(String))).toEqual(new Set(['1,0'])); // nothing revealed yet
  });

  it('clockWipe sweeps clockwise from 12 o’clock, corners included as passed', () => {
    const round = (pts: [number, number][]) => pts.map(([x, y]) => [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000]);
    expect(round(sweptSector(0.25, 200, 100))).toEqual([[100, 50], [100, 0], [200, 0], [200, 50]]);
    expect(round(sweptSector(0.5, 200, 100))).toEqual([[100, 50], [100, 0], [200, 0], [200, 100], [100, 100]]);
    expect(sweptSector(1, 200, 100)).toHaveLength(7);
  });

  it('presentations refuse unknown options', () => {
    expect(() => slide({ direction: 'diagonal' as never })).toThrow(/slide\(\): "direction" must be one of from-left/);
    expect(() => wipe({ direction: 'up' as never })).toThrow(/wipe\(\)/);
    expect(() => flip({ perspective: 0 })).toThrow(/"perspective" must be > 0/);
  });
});

function Seen({ name }: { name: string }) {
  const { entering, exiting, isInTransitionSeries } = useTransitionProgress();
  return <i>{`${name}@${useCurrentFrame()} in=${entering} out=${exiting} ${isInTransitionSeries}`}</i>;
}

/** A custom presentation through the documented interface: prints what it is given. */
function Probe({ children, presentationDirection, presentationProgress, presentationDurationInFrames, passedProps }: TransitionPresentationComponentProps<{ tag: string }>) {
  return (
    <div data-probe={`${passedProps.tag} ${presentationDirection} ${presentationProgress} of ${presentationDurationInFrames}`}>{children}</div>
  );
}

describe('<TransitionSeries>', () => {
  const Series = () => (
    <TransitionSeries>
      {['a', 'b'].map((name, i) => (
        <Fragment key={name}>
          {i > 0 ? <TransitionSeries.Transition presentation={{ component: Probe, props: { tag: 'custom' } }} timing={linearTiming({ durationInFrames: 10 })} /> : null}
          <TransitionSeries.Sequence durationInFrames={20}>
            <Seen name={name} />
          </TransitionSeries.Sequence>
        </Fragment>
      ))}
    </TransitionSeries>
  );

  it('draws both scenes through the presentation during the overlap, frames counted per scene', () => {
    expect(markupAt(Series, 5)).toBe(markupAt(Series, 5)); // deterministic
    expect(markupAt(Series, 5)).toContain('<i>a@5 in=1 out=0 true</i>');
    expect(markupAt(Series, 5)).not.toContain('b@');
    const mid = markupAt(Series, 15);
    // Each scene's own layer (a Sequence's row layer) sits inside its presentation, as in Remotion.
    expect(mid).toMatch(/data-probe="custom exiting 0.5 of 10"><div style="[^"]*"><i>a@15 in=1 out=0.5 true<\/i>/);
    expect(mid).toMatch(/data-probe="custom entering 0.5 of 10"><div style="[^"]*"><i>b@5 in=0.5 out=0 true<\/i>/);
    expect(mid.indexOf('a@15')).toBeLessThan(mid.indexOf('b@5')); // the entering scene is drawn on top
    expect(markupAt(Series, 20)).toContain('<i>b@10 in=1 out=0 true</i>');
    // Outside the transition the wrappers stay (at 0 and 1), so the scenes are not remounted.
    expect(markupAt(Series, 5)).toMatch(/data-probe="custom exiting 0 of 10"><div style="[^"]*"><i>a@5/);
    expect(markupAt(Series, 20)).toMatch(/data-probe="custom entering 1 of 10"><div style="[^"]*"><i>b@10/);
    expect(markupAt(Series, 29)).toContain('b@19');
    expect(markupAt(Series, 30)).not.toContain('<i>');
  });

  it("puts a scene's style and class on its layer inside the presentation, so they fade with the scene", () => {
    const Styled = () => (
      <TransitionSeries>
        <TransitionSeries.Sequence durationInFrames={10} style={{ background: 'red' }} className="first">x</TransitionSeries.Sequence>
        <TransitionSeries.Transition presentation={fade()} timing={linearTiming({ durationInFrames: 4 })} />
        <TransitionSeries.Sequence durationInFrames={10}>y</TransitionSeries.Sequence>
      </TransitionSeries>
    );
    const markup = markupAt(Styled, 7);
    const fadeAt = markup.indexOf('opacity:1');
    const layer = /<div style="([^"]*)" class="first">x<\/div>/.exec(markup);
    expect(layer?.[1]).toContain('background:red');
    expect(layer?.[1]).not.toContain('flex-direction');
    expect(fadeAt).toBeGreaterThan(-1);
    expect(fadeAt).toBeLessThan(markup.indexOf('background:red'));
  });

  it('fades by default, and useTransitionProgress() outside a series says so', () => {
    const Default = () => (
      <TransitionSeries>
        <TransitionSeries.Sequence durationInFrames={10}>x</TransitionSeries.Sequence>
        <TransitionSeries.Transition timing={linearTiming({ durationInFrames: 4 })} />
        <TransitionSeries.Sequence durationInFrames={10}>y</TransitionSeries.Sequence>
      </TransitionSeries>
    );
    expect(markupAt(Default, 7)).toContain('opacity:0.25');
    expect(markupAt(() => <Seen name="free" />, 3)).toContain('free@3 in=1 out=0 false');
    expect(fade().props).toEqual({});
  });

  it('refuses other children and misplaced parts', () => {
    const Stray = () => (
      <TransitionSeries>
        <div />
      </TransitionSeries>
    );
    expect(() => markupAt(Stray, 0)).toThrow(/children must be <TransitionSeries.Sequence>/);
    const Loose = () => <TransitionSeries.Sequence durationInFrames={3}>x</TransitionSeries.Sequence>;
    expect(() => markupAt(Loose, 0)).toThrow(/must be a direct child of <TransitionSeries>/);
  });
});
