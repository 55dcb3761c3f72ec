/**
 * Why a running render's AbortSignal fired. The worker reads the reason's class to decide what
 * happens next (mark canceled, hand the job back, or let go of a job it no longer owns).
 */
export class CancelRequested extends Error {
  override readonly name = 'CancelRequested';
  constructor() {
    super('The render was canceled');
  }
}

export class ShutdownRequested extends Error {
  override readonly name = 'ShutdownRequested';
  constructor() {
    super('The worker is shutting down');
  }
}

/** BullMQ could not renew the job's lock: another worker may own the job now. */
export class LockLost extends Error {
  override readonly name = 'LockLost';
  constructor() {
    super("The worker lost the job's lock");
  }
}
