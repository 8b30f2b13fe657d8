/** Thrown by withDeadline when the work did not settle in time. */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/**
 * Settles with `work` or rejects with DeadlineExceededError after `ms`. msal has no abort signal,
 * so a hung authority is abandoned here rather than cancelled; the late result is ignored.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(ms)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    // The abandoned promise may still reject later; keep that from becoming an unhandled rejection.
    work.catch(() => undefined);
  }
}
