import { describe, expect, it } from "vitest";
import { DEFAULT_FEED_PORT, readFeedConfig } from "./feedConfig";
import { httpBaseFor, resolveFeedUrls } from "./feedUrls";

describe("readFeedConfig", () => {
  it("defaults to the page host on port 9001", () => {
    expect(readFeedConfig({})).toEqual({ config: { urls: [], port: DEFAULT_FEED_PORT, marketHours: "always" }, warnings: [] });
  });

  it("reads FEED_PORT and a comma-separated FEED_PUBLIC_URL list in order", () => {
    const { config, warnings } = readFeedConfig({
      FEED_PORT: "9100",
      FEED_PUBLIC_URL: " wss://a.example/ws , ws://b.example:9001/ws,,wss://a.example/ws",
    });
    expect(warnings).toEqual([]);
    expect(config).toEqual({ urls: ["wss://a.example/ws", "ws://b.example:9001/ws"], port: 9100, marketHours: "always" });
  });

  it("maps http(s) to ws(s), adds /ws to a bare origin and keeps a path prefix", () => {
    const { config } = readFeedConfig({ FEED_PUBLIC_URL: "https://feed.example,http://h:1/feed/ws" });
    expect(config.urls).toEqual(["wss://feed.example/ws", "ws://h:1/feed/ws"]);
  });

  it("ignores bad values with a warning instead of failing the page", () => {
    const { config, warnings } = readFeedConfig({ FEED_PORT: "abc", FEED_PUBLIC_URL: "ftp://x/ws,nonsense" });
    expect(config).toEqual({ urls: [], port: DEFAULT_FEED_PORT, marketHours: "always" });
    expect(warnings).toHaveLength(3);
  });

  it("reads FEED_MARKET_HOURS for the market-state badges", () => {
    expect(readFeedConfig({ FEED_MARKET_HOURS: "exchange" }).config.marketHours).toBe("exchange");
    const bad = readFeedConfig({ FEED_MARKET_HOURS: "sometimes" });
    expect(bad.config.marketHours).toBe("always");
    expect(bad.warnings[0]).toMatch(/FEED_MARKET_HOURS/);
  });
});

describe("resolveFeedUrls", () => {
  it("uses explicit URLs as given", () => {
    expect(resolveFeedUrls({ urls: ["wss://x/ws"], port: 1 }, { protocol: "http:", hostname: "h" })).toEqual(["wss://x/ws"]);
  });

  it("derives ws://<page hostname>:<port>/ws, wss on https pages, brackets for IPv6", () => {
    expect(resolveFeedUrls({ urls: [], port: 9001 }, { protocol: "http:", hostname: "10.0.0.5" })).toEqual(["ws://10.0.0.5:9001/ws"]);
    expect(resolveFeedUrls({ urls: [], port: 443 }, { protocol: "https:", hostname: "d.example" })).toEqual(["wss://d.example:443/ws"]);
    expect(resolveFeedUrls({ urls: [], port: 9001 }, { protocol: "http:", hostname: "::1" })).toEqual(["ws://[::1]:9001/ws"]);
  });
});

describe("httpBaseFor", () => {
  it("maps the WebSocket URL to the feed's HTTP base", () => {
    expect(httpBaseFor("ws://127.0.0.1:9001/ws")).toBe("http://127.0.0.1:9001");
    expect(httpBaseFor("wss://h.example/feed/ws?token=x")).toBe("https://h.example/feed");
  });
});
