import path from 'node:path';
import S3rver from 's3rver';

/** A local S3 (s3rver) with one bucket, and the service settings that store in it. */
export interface TestS3 {
  endpoint: string;
  /** STORAGE=s3 and the bucket, endpoint, region and path-style settings that reach it. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startTestS3(bucket: string, dir: string): Promise<TestS3> {
  // s3rver's fixed credentials; the SDK reads them from the usual variables, as in production.
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: path.join(dir, 's3'), configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    env: { STORAGE: 's3', S3_BUCKET: bucket, S3_ENDPOINT: endpoint, S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: 'true' },
    close: () => server.close(),
  };
}
