/** Paths of the external programs, from the environment or Debian's locations. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/lib/chromium/chromium-headless-shell';
}

export function ffmpegPath(): string {
  return process.env.FFMPEG_PATH || 'ffmpeg';
}

export function ffprobePath(): string {
  return process.env.FFPROBE_PATH || 'ffprobe';
}
