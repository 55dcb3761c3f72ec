import { AbsoluteFill, defineTemplate, interpolate, spring, useCurrentFrame, useVideoConfig } from 'framewright';
import { z } from 'zod';
import { FONT_FAMILY, loadExampleFonts } from '../fonts.ts';

const schema = z.object({
  title: z.string().max(80).describe('Large centred title'),
  subtitle: z.string().max(120).describe('Line shown from frame 60, followed by the frame number'),
  seconds: z.number().int().min(1).max(600).default(10).describe('Length; 10 s (300 frames) is the benchmark reference'),
});

loadExampleFonts();

const BOXES = Array.from({ length: 12 }, (_, i) => i);

function BenchPromo({ title, subtitle }: z.output<typeof schema>) {
  const frame = useCurrentFrame();
  const { fps, width, height } = useVideoConfig();
  const scale = spring({ frame, fps, config: { damping: 12 } });
  const subtitleOpacity = interpolate(frame, [60, 90], [0, 1], { extrapolateLeft: 'clamp', extrapolateRight: 'clamp' });
  return (
    <AbsoluteFill style={{ background: `linear-gradient(${frame}deg, #0f172a, #1e3a8a 50%, #0ea5e9)` }}>
      {BOXES.map((i) => {
        const x = ((frame * (6 + i) + i * 160) % (width + 120)) - 120;
        const y = 60 + i * ((height - 160) / 11);
        return (
          <div
            key={i}
            style={{
              position: 'absolute',
              left: x,
              top: y,
              width: 120,
              height: 40,
              borderRadius: 8,
              opacity: 0.7,
              background: `hsl(${(frame * 3 + i * 30) % 360}, 80%, 60%)`,
            }}
          />
        );
      })}
      <AbsoluteFill style={{ justifyContent: 'center', alignItems: 'center', fontFamily: FONT_FAMILY, color: 'white' }}>
        <div style={{ fontSize: 110, fontWeight: 700, transform: `scale(${scale})` }}>{title}</div>
        {frame >= 60 ? (
          <div style={{ fontSize: 56, marginTop: 24, opacity: subtitleOpacity }}>
            {subtitle} · frame {frame}
          </div>
        ) : null}
      </AbsoluteFill>
    </AbsoluteFill>
  );
}

/** The benchmark reference: every frame differs, like a busy promo. */
export const benchPromo = defineTemplate({
  id: 'bench-promo',
  description: 'Benchmark reference: 1080p30, 10 s, every frame changes',
  component: BenchPromo,
  schema,
  defaultProps: { title: 'Framewright', subtitle: 'Programmatic video, open source' },
  width: 1920,
  height: 1080,
  fps: 30,
  durationInFrames: 300,
  // Longer variants for the distributed benchmark; the reference stays 300 frames.
  calculateMetadata: ({ props }) => ({ durationInFrames: props.seconds * 30 }),
});
