import { isValidElement, type ReactElement, type ReactNode } from 'react';
import { flattenSeriesChildren } from './flatten-children.ts';
import { Sequence, type SequenceProps } from './Sequence.tsx';

export interface SeriesSequenceProps extends Omit<SequenceProps, 'from'> {
  /** How long this item plays. Only the last item may be `Infinity` (it then plays to the end). */
  durationInFrames: number;
  /** Shift this item relative to the end of the previous one (negative overlaps). @defaultValue 0 */
  offset?: number;
}

/** Props of `<Series>` itself: a `<Sequence>` around the whole series (`from` shifts it all). */
export type SeriesProps = Omit<SequenceProps, 'layout'> & {
  /** As on `<Sequence>`, but a series adds no layer of its own unless asked. @defaultValue 'none' */
  layout?: SequenceProps['layout'];
};

function SeriesSequence(_props: SeriesSequenceProps): ReactElement {
  throw new Error('<Series.Sequence> must be a direct child of <Series>');
}

/**
 * Plays its `<Series.Sequence>` children one after another. Fragments among the children are
 * opened. The series itself takes `<Sequence>`'s props (`from`, `durationInFrames`, `name`,
 * ...), as Remotion's does, with `layout="none"` by default so it adds no layer.
 */
export function Series({ children, layout = 'none', name = 'Series', style, ...sequenceProps }: SeriesProps) {
  const flat = flattenSeriesChildren(children);
  let cursor = 0;
  const items = flat.map((child, i) => {
    if (!isValidElement<SeriesSequenceProps>(child) || child.type !== SeriesSequence) {
      throw new TypeError('<Series> children must be <Series.Sequence> elements');
    }
    const { durationInFrames, offset = 0, ...rest } = child.props;
    // An open-ended last scene is how a series says "and then this until the end".
    const openEnded = durationInFrames === Infinity && i === flat.length - 1;
    if (!openEnded && !(Number.isFinite(durationInFrames) && durationInFrames > 0)) {
      throw new TypeError(`<Series.Sequence> #${i} needs a finite "durationInFrames" > 0 (only the last may be Infinity), got ${durationInFrames}`);
    }
    if (!Number.isFinite(offset)) throw new TypeError(`<Series.Sequence> #${i} "offset" must be a finite number, got ${offset}`);
    const from = cursor + offset;
    cursor = from + durationInFrames;
    return <Sequence key={child.key ?? i} {...rest} from={from} durationInFrames={durationInFrames} />;
  });
  // Remotion refuses a style on a layout="none" sequence; a series without a layer has nowhere to put one.
  return (
    <Sequence {...sequenceProps} name={name} {...(layout === 'none' ? { layout } : { layout, style })}>
      {items}
    </Sequence>
  );
}

Series.Sequence = SeriesSequence;
