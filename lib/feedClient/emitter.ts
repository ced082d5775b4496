/** A tiny typed event emitter: one listener set per event name of the map `E`. */
export class Emitter<E> {
  private readonly listeners = new Map<keyof E, Set<(value: never) => void>>();

  /** Adds a listener and returns the function that removes it. */
  on<K extends keyof E>(event: K, listener: (value: E[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    // Stored as (never) => void so one Map can hold every event's listeners; emit() restores the type.
    const stored = listener as (value: never) => void;
    set.add(stored);
    return () => {
      set.delete(stored);
    };
  }

  emit<K extends keyof E>(event: K, value: E[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    // Iterating the Set directly avoids a copy per emitted tick; deleting during iteration is safe.
    for (const listener of set) {
      try {
        (listener as (value: E[K]) => void)(value);
      } catch (error) {
        // A throwing UI listener must not break the client's message loop or starve the other
        // listeners; rethrowing on a fresh microtask still reports it as an uncaught error.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  listenerCount(event: keyof E): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
