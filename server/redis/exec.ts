import type { ChainableCommander } from 'ioredis';

/** Runs a MULTI or pipeline and throws the first command error (ioredis only reports them). */
export async function execAll(batch: ChainableCommander): Promise<unknown[]> {
  const results = (await batch.exec()) ?? [];
  const failed = results.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
  return results.map(([, value]) => value);
}
