import { AbsoluteFill, defineTemplate, interpolate, spring, useCurrentFrame, useVideoConfig } from 'framewright';
import { z } from 'zod';
import { FONT_FAMILY, loadExampleFonts } from '../fonts.ts';

const schema = z.object({
  title: z.string().max(80).default('Monthly revenue'),
  unit: z.string().max(8).default(''),
  data: z
    .array(z.object({ label: z.string().min(1).max(16), value: z.number().nonnegative() }))
    .min(1)
    .max(24),
  color: z.string().default('#6366f1'),
});

const INTRO = 15;
const PER_BAR = 10;
const HOLD = 45;

loadExampleFonts();

function DataChart({ title, unit, data, color }: z.output<typeof schema>) {
  const frame = useCurrentFrame();
  const { fps, width, height } = useVideoConfig();
  const max = Math.max(...data.map((d) => d.value), 1);
  const chartHeight = height - 360;
  const barWidth = Math.min(140, (width - 240) / data.length - 24);
  const titleOpacity = interpolate(frame, [0, INTRO], [0, 1], { extrapolateRight: 'clamp' });
  return (
    <AbsoluteFill style={{ background: '#0b1020', fontFamily: FONT_FAMILY, color: 'white', padding: 100 }}>
      <div style={{ fontSize: 72, fontWeight: 700, opacity: titleOpacity }}>{title}</div>
      <div style={{ flex: 1, display: 'flex', alignItems: 'flex-end', gap: 24, justifyContent: 'center' }}>
        {data.map((d, i) => {
          const grow = spring({ frame: frame - INTRO - i * PER_BAR, fps, config: { damping: 18 } });
          const h = (d.value / max) * chartHeight * Math.max(0, grow);
          return (
            <div key={i} style={{ display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 12 }}>
              <div style={{ fontSize: 32, opacity: grow > 0.5 ? 1 : 0 }}>
                {Math.round(d.value * Math.min(1, grow))}
                {unit}
              </div>
              <div style={{ width: barWidth, height: h, background: color, borderRadius: 8 }} />
              <div style={{ fontSize: 28, color: '#94a3b8' }}>{d.label}</div>
            </div>
          );
        })}
      </div>
    </AbsoluteFill>
  );
}

/** A bar chart whose length follows the data: one beat per bar, then a hold. */
export const dataChart = defineTemplate({
  id: 'data-chart',
  description: 'Animated bar chart from an array; duration grows with the number of bars',
  component: DataChart,
  schema,
  defaultProps: {
    title: 'Monthly revenue',
    unit: 'k',
    data: [
      { label: 'Jan', value: 42 },
      { label: 'Feb', value: 51 },
      { label: 'Mar', value: 48 },
      { label: 'Apr', value: 66 },
      { label: 'May', value: 73 },
      { label: 'Jun', value: 89 },
    ],
    color: '#6366f1',
  },
  width: 1920,
  height: 1080,
  fps: 30,
  durationInFrames: 120,
  calculateMetadata: ({ props }) => ({ durationInFrames: INTRO + props.data.length * PER_BAR + HOLD }),
});
