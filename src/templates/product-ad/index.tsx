import { AbsoluteFill, defineTemplate, Img, interpolate, Sequence, spring, staticFile, useCurrentFrame, useVideoConfig } from 'framewright';
import { z } from 'zod';
import { FONT_FAMILY, loadExampleFonts } from '../fonts.ts';

const schema = z.object({
  name: z.string().min(1).max(60),
  price: z.number().nonnegative(),
  currency: z.string().length(3).default('EUR'),
  /** A URL, or a path inside public/. */
  image: z.string().min(1).default('images/product.svg'),
  badge: z.string().max(24).optional(),
});

loadExampleFonts();

function formatPrice(price: number, currency: string): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(price);
}

function imageUrl(image: string): string {
  return /^https?:\/\//.test(image) ? image : staticFile(image);
}

function ProductAd({ name, price, currency, image, badge }: z.output<typeof schema>) {
  const frame = useCurrentFrame();
  const { fps } = useVideoConfig();
  const enter = spring({ frame, fps, config: { damping: 15 } });
  const priceIn = spring({ frame: frame - 20, fps, config: { damping: 10, stiffness: 160 } });
  return (
    <AbsoluteFill style={{ background: '#fafaf9', fontFamily: FONT_FAMILY, flexDirection: 'row', alignItems: 'center', padding: 80, gap: 80 }}>
      <Img
        src={imageUrl(image)}
        style={{ width: 880, height: 880, objectFit: 'contain', transform: `translateX(${(1 - enter) * -200}px) rotate(${(1 - enter) * -8}deg)`, opacity: enter }}
      />
      <div style={{ display: 'flex', flexDirection: 'column', gap: 32 }}>
        <div style={{ fontSize: 96, fontWeight: 700, color: '#1c1917', opacity: enter }}>{name}</div>
        <div style={{ fontSize: 120, fontWeight: 700, color: '#ea580c', transform: `scale(${Math.max(0, priceIn)})`, transformOrigin: 'left center' }}>
          {formatPrice(price, currency)}
        </div>
        {badge ? (
          <Sequence from={45} layout="none">
            <Badge text={badge} />
          </Sequence>
        ) : null}
      </div>
    </AbsoluteFill>
  );
}

function Badge({ text }: { text: string }) {
  const frame = useCurrentFrame();
  const opacity = interpolate(frame, [0, 10], [0, 1], { extrapolateRight: 'clamp' });
  return (
    <div style={{ alignSelf: 'flex-start', fontSize: 48, color: 'white', background: '#16a34a', padding: '12px 32px', borderRadius: 999, opacity }}>
      {text}
    </div>
  );
}

/** The data-driven example: one row of a product feed becomes one video. */
export const productAd = defineTemplate({
  id: 'product-ad',
  description: 'Product ad from a feed row: image, name, price, optional badge',
  component: ProductAd,
  schema,
  defaultProps: { name: 'Trail Runner 2', price: 89.9, currency: 'EUR', image: 'images/product.svg', badge: 'New' },
  width: 1920,
  height: 1080,
  fps: 30,
  durationInFrames: 90,
});
