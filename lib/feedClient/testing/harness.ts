/** Builds a client wired to a fake socket and clock, and records every event it emits. */
import type { ServerMessage, SnapshotMessage, TickMessage, TickPoint, WelcomeMessage } from "../../protocol";
import { createFeedClient } from "../feedClient";
import type { FeedClientEvents, FeedClientExtraEvents, FeedClientOptions, FullFeedClient } from "../types";
import { FakeClock } from "./fakeClock";
import { fakeSocketFactory, type FakeSocket, type FakeSocketFactory } from "./fakeSocket";

type AllEvents = FeedClientEvents & FeedClientExtraEvents;

export type RecordedEvent = { [K in keyof AllEvents]: { event: K; value: AllEvents[K] } }[keyof AllEvents];

export interface Harness {
  client: FullFeedClient;
  clock: FakeClock;
  factory: FakeSocketFactory;
  events: RecordedEvent[];
  /** Values of one event kind, in order. */
  values<K extends RecordedEvent["event"]>(event: K): Extract<RecordedEvent, { event: K }>["value"][];
  /** Opens the newest socket and sends a welcome; returns that socket. */
  goLive(welcome?: Partial<WelcomeMessage>): FakeSocket;
}

const EVENT_NAMES: (keyof FeedClientEvents)[] = ["state", "welcome", "snapshot", "tick", "serverError", "latency", "bar"];

export function createHarness(overrides: Partial<FeedClientOptions> = {}): Harness {
  const clock = new FakeClock();
  const factory = fakeSocketFactory();
  const client = createFeedClient({
    urls: ["ws://a.test/ws"],
    WebSocket: factory.WebSocket,
    now: clock.now,
    random: () => 0.5,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    // Requests go out at once unless a test passes its own `defer` to look at batching.
    defer: (fn) => fn(),
    ...overrides,
  });
  const events: RecordedEvent[] = [];
  for (const name of EVENT_NAMES) {
    client.on(name, (value) => events.push({ event: name, value } as RecordedEvent));
  }
  client.on("status", (value) => events.push({ event: "status", value }));
  client.on("disconnect", (value) => events.push({ event: "disconnect", value }));
  return {
    client,
    clock,
    factory,
    events,
    values(event) {
      return events.filter((e) => e.event === event).map((e) => e.value) as never;
    },
    goLive(welcome = {}) {
      const socket = factory.last();
      socket.serverOpen();
      socket.serverSend(welcomeMsg(welcome));
      return socket;
    },
  };
}

export function welcomeMsg(overrides: Partial<WelcomeMessage> = {}): WelcomeMessage {
  return {
    type: "welcome",
    protocol: 1,
    server: "tickwire/0.1.0",
    epoch: "e1",
    symbols: ["AAPL", "MSFT", "TSLA"],
    time: 1_700_000_000_000,
    ...overrides,
  };
}

export function point(seq: number, price = 100 + seq): TickPoint {
  return { seq, price, size: 10, ts: 1_700_000_000_000 + seq };
}

/** A snapshot whose ticks are `fromSeq..toSeq` (empty when toSeq < fromSeq) and seq is toSeq. */
export function snapshotMsg(symbol: string, fromSeq: number, toSeq: number, resumed = false): SnapshotMessage {
  const ticks: TickPoint[] = [];
  for (let seq = fromSeq; seq <= toSeq; seq++) ticks.push(point(seq));
  return { type: "snapshot", symbol, seq: toSeq, resumed, open: 100, ticks };
}

export function tickMsg(symbol: string, seq: number): TickMessage {
  return { type: "tick", symbol, ...point(seq) };
}

/** Sends several server messages in order. */
export function serve(socket: FakeSocket, ...messages: ServerMessage[]): void {
  for (const message of messages) socket.serverSend(message);
}
