import { describe, expect, it } from "vitest";
import { createTopicDemand } from "./topicDemand";

describe("topic demand", () => {
  it("a symbol is in demand while any of its tick or bar topics has a subscriber", () => {
    const events: string[] = [];
    const on = createTopicDemand({
      onDemand: (s, w) => events.push(`${s} ${w ? "watched" : "unwatched"}`),
      onBarTopic: (s, i, w) => events.push(`${s}@${i} ${w ? "on" : "off"}`),
    });
    on("AAPL", 1, 0);
    on("AAPL@1m", 1, 0);
    on("AAPL", 0, 1);
    on("AAPL@1m", 2, 1); // a second subscriber changes nothing
    on("AAPL@1m", 0, 2);
    on("BTC-USD@1d", 1, 0);
    expect(events).toEqual(["AAPL watched", "AAPL@1m on", "AAPL@1m off", "AAPL unwatched", "BTC-USD@1d on", "BTC-USD watched"]);
  });
});
