import { describe, expect, it } from "vitest";
import { SubscriptionBatch } from "./subscriptionBatch";

describe("SubscriptionBatch", () => {
  it("sends the requests of one batch as one frame per kind, unsubscribes first", () => {
    const batch = new SubscriptionBatch();
    for (const s of ["AAPL", "MSFT", "NVDA"]) batch.add(s, "subscribe");
    batch.add("TSLA", "unsubscribe");
    expect(batch.take()).toEqual([
      { op: "unsubscribe", symbols: ["TSLA"] },
      { op: "subscribe", symbols: ["AAPL", "MSFT", "NVDA"] },
    ]);
    expect(batch.take()).toEqual([]);
  });

  it("drops a subscribe released in the same batch: the server never hears of it", () => {
    const batch = new SubscriptionBatch();
    batch.add("AAPL", "subscribe");
    batch.add("AAPL", "unsubscribe");
    expect(batch.take()).toEqual([]);
  });

  it("keeps a re-subscribe after an unsubscribe, for the fresh snapshot the client now needs", () => {
    const batch = new SubscriptionBatch();
    batch.add("AAPL", "unsubscribe");
    batch.add("AAPL", "subscribe");
    expect(batch.take()).toEqual([{ op: "subscribe", symbols: ["AAPL"] }]);
    batch.add("MSFT", "unsubscribe");
    batch.add("MSFT", "subscribe");
    batch.add("MSFT", "unsubscribe");
    expect(batch.take()).toEqual([{ op: "unsubscribe", symbols: ["MSFT"] }]);
  });

  it("says whether taking it now would subscribe to anything", () => {
    const batch = new SubscriptionBatch();
    expect(batch.hasSubscribe()).toBe(false);
    batch.add("AAPL", "subscribe");
    expect(batch.hasSubscribe()).toBe(true);
    batch.add("AAPL", "unsubscribe");
    batch.add("MSFT", "unsubscribe");
    expect(batch.hasSubscribe()).toBe(false);
  });
});
