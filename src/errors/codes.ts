/**
 * The one registry of error codes. A code is never reused for another meaning; the HTTP status
 * and retry class live here so the API, the worker's retry policy and the docs read one table.
 */
export type ErrorKind =
  /** Bad input from the caller: retrying cannot help. */
  | 'input'
  /** The template itself is broken: retrying cannot help. */
  | 'template'
  /** A person or a deadline stopped it. */
  | 'canceled'
  /** Something outside the request failed (browser crash, encoder, storage): worth a retry. */
  | 'transient'
  /** A bug or an unexpected state. */
  | 'internal';

export interface ErrorCodeInfo {
  readonly status: number;
  readonly kind: ErrorKind;
  readonly title: string;
}

export const ERROR_CODES = {
  INVALID_PROPS: { status: 422, kind: 'input', title: 'The props do not match the template schema' },
  INVALID_OPTIONS: { status: 422, kind: 'input', title: 'The render options are invalid' },
  INVALID_REQUEST: { status: 400, kind: 'input', title: 'The request is malformed' },
  TEMPLATE_NOT_FOUND: { status: 404, kind: 'input', title: 'No template has this id' },
  NOT_FOUND: { status: 404, kind: 'input', title: 'Not found' },
  TEMPLATE_ERROR: { status: 422, kind: 'template', title: 'The template threw an exception' },
  BUNDLE_FAILED: { status: 500, kind: 'template', title: 'The template root could not be bundled' },
  DELAY_RENDER_TIMEOUT: { status: 422, kind: 'template', title: 'A delayRender() handle was never continued' },
  FONT_LOAD_FAILED: { status: 422, kind: 'template', title: 'A font could not be loaded' },
  ASSET_FETCH_FAILED: { status: 422, kind: 'input', title: 'An asset could not be fetched' },
  ENCODER_FAILED: { status: 500, kind: 'transient', title: 'FFmpeg failed' },
  BROWSER_CRASHED: { status: 500, kind: 'transient', title: 'The browser crashed or could not start' },
  CANCELED: { status: 409, kind: 'canceled', title: 'The render was canceled' },
  INVALID_OUTPUT: { status: 422, kind: 'input', title: 'The output path cannot be written' },
  // Service (HTTP, queue, storage, auth).
  INVALID_BODY: { status: 422, kind: 'input', title: 'The request body does not match the schema' },
  PAYLOAD_TOO_LARGE: { status: 413, kind: 'input', title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, kind: 'input', title: 'The request body must be JSON' },
  IDEMPOTENCY_CONFLICT: { status: 409, kind: 'input', title: 'This Idempotency-Key was used with another request body' },
  RENDER_FINISHED: { status: 409, kind: 'input', title: 'The render has already finished' },
  OUTPUT_NOT_READY: { status: 409, kind: 'input', title: 'The render has no output (yet)' },
  UNAUTHORIZED: { status: 401, kind: 'input', title: 'A valid API key is required' },
  RATE_LIMITED: { status: 429, kind: 'transient', title: 'Too many requests' },
  WEBHOOK_TARGET_REFUSED: { status: 422, kind: 'input', title: 'The webhook target is not allowed' },
  WEBHOOK_DELIVERY_FAILED: { status: 502, kind: 'transient', title: 'The webhook receiver did not accept the event' },
  WORKER_LOST: { status: 500, kind: 'transient', title: 'The worker running the render stopped responding' },
  STORAGE_FAILED: { status: 503, kind: 'transient', title: 'The output store failed' },
  SERVICE_UNAVAILABLE: { status: 503, kind: 'transient', title: 'A dependency of the service is unavailable' },
  INVALID_CONFIG: { status: 500, kind: 'input', title: 'The service configuration is invalid' },
  INTERNAL: { status: 500, kind: 'internal', title: 'Internal error' },
  // Media jobs (transcode, HLS, thumbnails of uploaded videos).
  MEDIA_INPUT_INVALID: { status: 422, kind: 'input', title: 'The input is not media the job can use' },
  MEDIA_LIMIT_EXCEEDED: { status: 422, kind: 'input', title: 'The input is over a size, duration or pixel limit' },
  MEDIA_JOB_FINISHED: { status: 409, kind: 'input', title: 'The media job has already finished' },
  DIRECTORY_NOT_EMPTY: { status: 409, kind: 'input', title: 'The target directory is not empty' },
  FRAME_TIMEOUT: { status: 422, kind: 'template', title: 'A frame did not finish rendering in time' },
  RANGE_NOT_SATISFIABLE: { status: 416, kind: 'input', title: 'The requested byte range is outside the file' },
  REQUEST_REFUSED: { status: 422, kind: 'input', title: 'The page requested a URL it may not reach' },
  // Batches, assets and per-key plans (issue 11).
  ASSET_TYPE_NOT_ALLOWED: { status: 415, kind: 'input', title: 'The uploaded file is not an image, video, audio or font file' },
  STORAGE_UNSUPPORTED: { status: 501, kind: 'input', title: 'The configured storage cannot do this (presigned uploads need STORAGE=s3)' },
  LIMIT_EXCEEDED: { status: 422, kind: 'input', title: "The render is larger than the key's plan allows (frames, pixels or duration)" },
  QUOTA_EXCEEDED: { status: 429, kind: 'input', title: 'The key has as many renders queued as its plan allows' },
  INVALID_ROWS: { status: 422, kind: 'input', title: 'No row of the batch is valid' },
  BATCH_FINISHED: { status: 409, kind: 'input', title: 'The batch has already finished' },
  RENDER_NOT_FINISHED: { status: 409, kind: 'input', title: 'The render is still queued or running' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}
