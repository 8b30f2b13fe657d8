/** Counters a run records in its sync_runs row. */
export interface RunStats {
  pages: number;
  upserted: number;
  deleted: number;
  /** Requests sent to the back end (every attempt). */
  graphRequests: number;
  throttled: number;
}

export const emptyRunStats = (): RunStats => ({
  pages: 0,
  upserted: 0,
  deleted: 0,
  graphRequests: 0,
  throttled: 0,
});
