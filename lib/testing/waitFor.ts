/**
 * Polls until `condition` returns (or resolves to) a truthy value and returns it; fails with a
 * message naming what was awaited. Tests await conditions instead of sleeping for a guessed time.
 */
type Falsy = undefined | null | false | 0 | "";

export async function waitFor<T>(
  condition: () => T | Falsy | Promise<T | Falsy>,
  description: string,
  timeoutMs = 5000,
  intervalMs = 5,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
