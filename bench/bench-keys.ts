/** API keys for benchmarks with auth on (issue 5); without the key store yet, auth is unavailable. */
export async function createKeyForBench(_dataDir: string): Promise<string> {
  throw new Error('--auth needs the API key store');
}
