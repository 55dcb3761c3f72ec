import { AbsoluteFill, defineTemplate, Easing, interpolate, Sequence, spring, useCurrentFrame, useVideoConfig } from 'framewright';
import { z } from 'zod';
import { FONT_FAMILY, loadExampleFonts } from '../fonts.ts';

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour');

const schema = z.object({
  headline: z.string().min(1).max(60),
  tagline: z.string().max(100).default(''),
  background: hexColor.default('#111827'),
  accent: hexColor.default('#f59e0b'),
});

loadExampleFonts();

function Headline({ text, accent }: { text: string; accent: string }) {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const words = text.split(/\s+/);
  return (
    <div style={{ display: 'flex', gap: 28, flexWrap: 'wrap', justifyContent: 'center', maxWidth: 1500 }}>
      {words.map((word, i) => {
        const s = spring({ frame, fps, delay: i * 4, config: { damping: 14 } });
        return (
          <span key={i} style={{ display: 'inline-block', transform: `translateY(${(1 - s) * 60}px)`, opacity: s, color: i === 0 ? accent : 'white' }}>
            {word}
          </span>
        );
      })}
    </div>
  );
}

function Tagline({ text }: { text: string }) {
  const frame = useCurrentFrame();
  const opacity = interpolate(frame, [0, 20], [0, 1], { extrapolateRight: 'clamp', easing: Easing.out(Easing.cubic) });
  return <div style={{ fontSize: 48, color: '#d1d5db', marginTop: 40, opacity }}>{text}</div>;
}

function TitleCard({ headline, tagline, background, accent }: z.output<typeof schema>) {
  const frame = useCurrentFrame();
  const { durationInFrames } = useVideoConfig();
  const fadeOut = interpolate(frame, [durationInFrames - 15, durationInFrames - 1], [1, 0], { extrapolateLeft: 'clamp' });
  const bar = interpolate(frame, [0, 30], [0, 600], { extrapolateRight: 'clamp', easing: Easing.out(Easing.quad) });
  return (
    <AbsoluteFill style={{ background, fontFamily: FONT_FAMILY, justifyContent: 'center', alignItems: 'center', opacity: fadeOut }}>
      <div style={{ fontSize: 120, fontWeight: 700 }}>
        <Headline text={headline} accent={accent} />
      </div>
      <div style={{ width: bar, height: 10, background: accent, borderRadius: 5, marginTop: 36 }} />
      {tagline ? (
        <Sequence from={25} layout="none">
          <Tagline text={tagline} />
        </Sequence>
      ) : null}
    </AbsoluteFill>
  );
}

/** An animated title card: words spring in, an accent bar grows, the tagline fades in. */
export const titleCard = defineTemplate({
  id: 'title-card',
  description: 'Animated title card with headline, tagline and accent colour',
  component: TitleCard,
  schema,
  defaultProps: { headline: 'Launch day is here', tagline: 'Render a thousand variants by API', background: '#111827', accent: '#f59e0b' },
  width: 1920,
  height: 1080,
  fps: 30,
  durationInFrames: 120,
});
