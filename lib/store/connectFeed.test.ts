import { describe, expect, it } from "vitest";
import { connectFeedToStore } from "./connectFeed";
import { createTickerStore } from "./tickerStore";
import { fakeFeed, manualFrames, point, snapshot, tick } from "./testSupport";

describe("connectFeedToStore", () => {
  it("turns a burst of ticks into one store update per frame", () => {
    const frames = manualFrames();
    const feed = fakeFeed("live");
    const store = createTickerStore();
    connectFeedToStore(feed, store, { scheduler: frames.scheduler });
    frames.runFrame();

    let updates = 0;
    store.subscribe(() => {
      updates += 1;
    });
    feed.emit("snapshot", snapshot("AAPL", 100, [point(1, 100)]));
    for (let seq = 2; seq <= 1_000; seq++) feed.emit("tick", tick("AAPL", seq, 100 + seq / 100));
    expect(updates).toBe(0);
    frames.runFrame();
    expect(updates).toBe(1);
    expect(store.getState().symbols.get("AAPL")?.seq).toBe(1_000);

    feed.emit("tick", tick("AAPL", 1_001, 90));
    feed.emit("tick", tick("AAPL", 1_002, 91));
    frames.runFrame();
    expect(updates).toBe(2);
    expect(store.getState().symbols.get("AAPL")?.last).toBe(91);
  });

  it("starts from the client's current state and follows state and latency", () => {
    const frames = manualFrames();
    const feed = fakeFeed("live");
    const store = createTickerStore();
    connectFeedToStore(feed, store, { scheduler: frames.scheduler });
    frames.runFrame();
    expect(store.getState().connection).toBe("live");
    feed.emit("latency", 3);
    frames.runFrame();
    expect(store.getState().latencyMs).toBe(3);
    feed.emit("state", "reconnecting");
    frames.runFrame();
    expect(store.getState().connection).toBe("reconnecting");
    expect(store.getState().latencyMs).toBeNull();
  });

  it("stops listening when disconnected", () => {
    const frames = manualFrames();
    const feed = fakeFeed();
    const store = createTickerStore();
    const disconnect = connectFeedToStore(feed, store, { scheduler: frames.scheduler });
    expect(feed.listenerCount()).toBe(8);
    disconnect();
    expect(feed.listenerCount()).toBe(0);
    feed.emit("tick", tick("AAPL", 1, 1));
    frames.runFrame();
    expect(store.getState().symbols.size).toBe(0);
  });
});
