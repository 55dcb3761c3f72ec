import { describe, expect, it } from 'vitest';
import { markupAt } from '../test-support/markup-at.tsx';
import { OffthreadVideo } from './OffthreadVideo.tsx';
import { Video } from './Video.tsx';

/** The inline styles of the canvases footage is drawn on, in document order. */
function canvasStyles(markup: string): string[] {
  return [...markup.matchAll(/<canvas style="([^"]*)"/g)].map((m) => m[1]!);
}

describe('how footage fits its box, as in Remotion', () => {
  it('<OffthreadVideo> stretches (an <img>\'s fill), <Video> letterboxes (a <video>\'s contain); style or objectFit decide otherwise', () => {
    const Footage = () => (
      <>
        <OffthreadVideo src="a.mp4" style={{ width: 10 }} />
        <Video src="a.mp4" />
        <OffthreadVideo src="a.mp4" style={{ objectFit: 'cover' }} />
        <OffthreadVideo src="a.mp4" objectFit="contain" />
      </>
    );
    const [offthread, video, styled, prop] = canvasStyles(markupAt(Footage, 0));
    expect(offthread).toContain('object-fit:fill');
    expect(video).toContain('object-fit:contain');
    expect(styled).toContain('object-fit:cover');
    expect(prop).toContain('object-fit:contain');
  });
});
