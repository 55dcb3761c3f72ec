/**
 * Test helper: a component's markup at one frame, rendered on the server (no browser), so the
 * timing rules of Sequence, Loop, Freeze and TransitionSeries are checked in unit tests.
 */
import type { ComponentType } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { z } from 'zod';
import { checkedTemplate } from '../define-template.ts';
import { FrameRoot } from '../FrameRoot.tsx';

export function markupAt(component: ComponentType, frame: number, durationInFrames = 100, fps = 30): string {
  const template = checkedTemplate({ id: 'unit', component, schema: z.object({}), defaultProps: {}, width: 100, height: 100, fps, durationInFrames });
  return renderToStaticMarkup(<FrameRoot template={template} props={{}} metadata={{ width: 100, height: 100, fps, durationInFrames }} frame={frame} />);
}
