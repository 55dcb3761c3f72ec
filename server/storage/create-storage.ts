import path from 'node:path';
import type { StorageConfig } from '../config/load-config.ts';
import { LocalStorage } from './local-storage.ts';
import { S3Storage } from './s3-storage.ts';
import type { Storage } from './storage.ts';

export function createStorage(config: StorageConfig, dataDir: string): Storage {
  return config.kind === 's3' ? new S3Storage(config) : new LocalStorage(path.join(path.resolve(dataDir), 'storage'));
}
