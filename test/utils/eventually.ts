/**
 * Polls until `check` stops throwing (or rejecting) and returns what it returned: for what the
 * server does in the background (jobs, other processes, broadcasts). Throws the last failure
 * once `timeoutMs` has passed.
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
  intervalMs = 25,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
