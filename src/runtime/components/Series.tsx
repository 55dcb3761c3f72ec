import { Children, isValidElement, type ReactElement, type ReactNode } from 'react';
import { Sequence, type SequenceProps } from './Sequence.tsx';

export interface SeriesSequenceProps extends Omit<SequenceProps, 'from'> {
  durationInFrames: number;
  /** Shift this item relative to the end of the previous one (negative overlaps). @defaultValue 0 */
  offset?: number;
}

function SeriesSequence(_props: SeriesSequenceProps): ReactElement {
  throw new Error('<Series.Sequence> must be a direct child of <Series>');
}

/** Plays its `<Series.Sequence>` children one after another. */
export function Series({ children }: { children?: ReactNode }) {
  let cursor = 0;
  const items = Children.toArray(children).map((child, i) => {
    if (!isValidElement<SeriesSequenceProps>(child) || child.type !== SeriesSequence) {
      throw new TypeError('<Series> children must be <Series.Sequence> elements');
    }
    const { durationInFrames, offset = 0, ...rest } = child.props;
    if (!Number.isFinite(durationInFrames) || durationInFrames <= 0) {
      throw new TypeError(`<Series.Sequence> #${i} needs a finite "durationInFrames" > 0, got ${durationInFrames}`);
    }
    const from = cursor + offset;
    cursor = from + durationInFrames;
    return <Sequence key={child.key ?? i} {...rest} from={from} durationInFrames={durationInFrames} />;
  });
  return <>{items}</>;
}

Series.Sequence = SeriesSequence;
