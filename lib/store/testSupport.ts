/** Test helpers for the store: a hand-cranked frame scheduler and a fake feed client. */
import type { FeedClientEvents, FeedClientListener, FeedState } from "../feedClient/types";
import type { SnapshotMessage, TickMessage, TickPoint } from "../protocol";
import type { FeedSource } from "./connectFeed";
import type { FrameScheduler } from "./frameScheduler";

export interface ManualFrames {
  scheduler: FrameScheduler;
  /** Runs the callbacks of the frame that is due now. */
  runFrame(): void;
  pending(): number;
}

export function manualFrames(): ManualFrames {
  const callbacks = new Map<number, () => void>();
  let nextId = 0;
  return {
    scheduler: {
      request(cb) {
        nextId += 1;
        callbacks.set(nextId, cb);
        return nextId;
      },
      cancel(handle) {
        callbacks.delete(handle as number);
      },
    },
    runFrame() {
      const due = [...callbacks.values()];
      callbacks.clear();
      for (const cb of due) cb();
    },
    pending: () => callbacks.size,
  };
}

type ListenerMap = { [K in keyof FeedClientEvents]: Set<FeedClientListener<K>> };

export interface FakeFeed extends FeedSource {
  emit<K extends keyof FeedClientEvents>(event: K, value: FeedClientEvents[K]): void;
  listenerCount(): number;
}

export function fakeFeed(state: FeedState = "connecting"): FakeFeed {
  const listeners: ListenerMap = {
    state: new Set(),
    welcome: new Set(),
    snapshot: new Set(),
    tick: new Set(),
    serverError: new Set(),
    latency: new Set(),
    status: new Set(),
    bar: new Set(),
  };
  return {
    state,
    latencyMs: null,
    on(event, listener) {
      const set = listeners[event] as Set<typeof listener>;
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(event, value) {
      for (const listener of listeners[event] as Set<FeedClientListener<typeof event>>) listener(value);
    },
    listenerCount: () => Object.values(listeners).reduce((n, set) => n + set.size, 0),
  };
}

export function tick(symbol: string, seq: number, price: number, size = 1, ts = 1_700_000_000_000 + seq): TickMessage {
  return { type: "tick", symbol, seq, price, size, ts };
}

export function point(seq: number, price: number, size = 1, ts = 1_700_000_000_000 + seq): TickPoint {
  return { seq, price, size, ts };
}

export function snapshot(symbol: string, open: number, ticks: TickPoint[], resumed = false): SnapshotMessage {
  const seq = ticks.length > 0 ? ticks[ticks.length - 1]!.seq : 0;
  return { type: "snapshot", symbol, seq, resumed, open, ticks };
}
