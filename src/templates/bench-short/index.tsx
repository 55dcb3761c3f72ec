import { AbsoluteFill, defineTemplate, interpolate, spring, useCurrentFrame, useVideoConfig } from 'framewright';
import { z } from 'zod';
import { FONT_FAMILY, loadExampleFonts } from '../fonts.ts';

const schema = z.object({
  title: z.string().min(1).max(80).describe('Centred title that springs in'),
  price: z.string().max(40).describe('Line under the title that fades in over frames 30–60'),
});

loadExampleFonts();

function BenchShort({ title, price }: z.output<typeof schema>) {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const scale = spring({ frame, fps, config: { damping: 200 } });
  const priceOpacity = interpolate(frame, [30, 60], [0, 1], { extrapolateLeft: 'clamp', extrapolateRight: 'clamp' });
  return (
    <AbsoluteFill style={{ background: '#0f172a', justifyContent: 'center', alignItems: 'center', fontFamily: FONT_FAMILY }}>
      <div style={{ fontSize: 72, color: 'white', transform: `scale(${scale})` }}>{title}</div>
      <div style={{ fontSize: 48, color: '#facc15', opacity: priceOpacity }}>{price}</div>
    </AbsoluteFill>
  );
}

/**
 * The short-video reference (issue 12): a title springs in, a price fades in, then the frame holds
 * still. Rendered many times with different props, it measures videos per hour and frame reuse.
 */
export const benchShort = defineTemplate({
  id: 'bench-short',
  description: 'Benchmark reference: 720p30, 5 s, a title springs in, a price fades in, then still',
  component: BenchShort,
  schema,
  defaultProps: { title: 'Desk Lamp', price: '$39.00' },
  width: 1280,
  height: 720,
  fps: 30,
  durationInFrames: 150,
});
