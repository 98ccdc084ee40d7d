/**
 * Coalesces sync requests per connection within this process: a burst of pushes runs one sync, plus one more
 * if anything arrived while it ran. (Across processes the cursor's conditional update keeps runs safe.)
 */
export function createSyncTrigger(run: (connectionId: string) => Promise<unknown>): (connectionId: string) => Promise<void> {
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  return (connectionId) => {
    const current = running.get(connectionId);
    if (current) {
      again.add(connectionId);
      return current;
    }
    const p = (async () => {
      try {
        do {
          again.delete(connectionId);
          await run(connectionId);
        } while (again.has(connectionId));
      } finally {
        running.delete(connectionId);
      }
    })();
    running.set(connectionId, p);
    return p;
  };
}
