/**
 * Wires a feed client into a ticker store: every client event is queued and the queue is
 * applied to the store once per animation frame, so a burst of ticks costs one store update.
 */
import type { FeedClient } from "../feedClient/types";
import type { FeedEvent } from "./feedEvents";
import { createFrameBatcher, type FrameBatcherOptions } from "./frameBatcher";
import type { TickerStore } from "./tickerStore";

export type FeedSource = Pick<FeedClient, "on" | "state" | "latencyMs">;

/** Returns a function that disconnects the store from the client. */
export function connectFeedToStore(
  client: FeedSource,
  store: TickerStore,
  options: FrameBatcherOptions = {},
): () => void {
  const batcher = createFrameBatcher<FeedEvent>((events) => store.getState().applyBatch(events), options);
  const push = (event: FeedEvent): void => batcher.push(event);

  push({ type: "state", state: client.state });
  if (client.latencyMs !== null) push({ type: "latency", ms: client.latencyMs });

  const offs = [
    client.on("state", (state) => push({ type: "state", state })),
    client.on("latency", (ms) => push({ type: "latency", ms })),
    client.on("welcome", push),
    client.on("snapshot", push),
    client.on("tick", push),
    client.on("serverError", push),
    client.on("status", push),
    client.on("bar", push),
  ];

  return () => {
    for (const off of offs) off();
    batcher.dispose();
  };
}
