import puppeteer from 'puppeteer-core';
import { decodeFramesExact, decodeFrames, probe, videoStream } from '/work/wt/edges-colour/test/helpers/media.ts';
import { readPatches } from '/work/wt/edges-colour/test/helpers/color-patches.ts';
import { playInChromium } from '/work/wt/edges-colour/test/helpers/play-in-chromium.ts';
const files = process.argv.slice(2);
const browser = await puppeteer.launch({ executablePath: '/usr/lib/chromium/chromium-headless-shell', headless: 'shell', args: ['--no-sandbox', '--force-color-profile=srgb', '--disable-gpu'] });
for (const f of files) {
  const v = videoStream(await probe(f));
  const [frame] = process.env.EXACT ? await decodeFramesExact(f) : await decodeFrames(f, v.width!, v.height!);
  const ff = readPatches(frame!, v.width!);
  let ch: ReturnType<typeof readPatches> | undefined;
  try {
    const el = /\.(gif|png|jpg|webp)$/.test(f) ? 'img' : 'video';
    const px = await playInChromium(browser, f, el, 0.05);
    ch = readPatches(px.rgb, px.width);
  } catch (e) { console.log(f, 'chromium failed', (e as Error).message); }
  console.log(f, v.pix_fmt, 'ffmpeg max', Math.max(...ff.map((p) => p.error)), 'chromium max', ch ? Math.max(...ch.map((p) => p.error)) : '-');
  for (let i = 0; i < ff.length; i++) console.log('  ', ff[i]!.name.padEnd(10), ff[i]!.expected.join(','), 'ff', ff[i]!.got.join(','), ff[i]!.error, 'ch', ch?.[i]!.got.join(','), ch?.[i]!.error);
}
await browser.close();
