/**
 * The API's rate limiter counts in fixed one-minute windows (apps/api/src/graphql/limits/
 * rate-limiter.ts). A test that spends a budget and expects the next request refused must not
 * straddle a window boundary, or the count resets between its steps: this waits, when needed,
 * until a window has at least `neededMs` left.
 */
export async function withinOneRateWindow(neededMs: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < neededMs) await new Promise((resolve) => setTimeout(resolve, left + 250));
}
