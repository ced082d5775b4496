/** Relay: bars are built live from relayed ticks, and a bar subscription creates upstream demand like a tick one. */
import { describe, expect, it } from "vitest";
import { waitFor } from "../../lib/testing/waitFor";
import { useHarness } from "../testing/harness";
import { ManualSource } from "../testing/manualSource";

const h = useHarness();

describe("bars on a relay (FEED_RELAY=tickwire)", () => {
  it("a bar subscriber on the relay pulls the symbol upstream and gets the upstream's bars", async () => {
    const source = new ManualSource({ AAPL: 100, MSFT: 400 });
    const upstream = await h.start({}, { source });
    const relay = await h.start({ FEED_SOURCE: "relay", FEED_RELAY: "tickwire", FEED_UPSTREAM_URL: upstream.wsUrl, FEED_UPSTREAM_LINGER_MS: "100" });
    await waitFor(() => relay.server.epoch === upstream.server.epoch, "the relay to adopt the upstream epoch");
    const c = await h.connect(relay.wsUrl);
    c.send({ op: "subscribe", symbols: ["AAPL"], bars: "1m" });
    await c.next("snapshot");
    await waitFor(() => source.demands.some(([s, w]) => s === "AAPL" && w), "demand for AAPL upstream");
    await waitFor(async () => ((await (await fetch(`${upstream.httpUrl}/metrics`)).text()).match(/tickwire_symbol_subscribers\{symbol="AAPL"\} 1/) ? true : false), "the relay to subscribe upstream");
    const t0 = Date.parse("2027-01-15T15:00:00Z");
    for (let i = 0; i < 30; i++) source.emit("AAPL", 100 + (i % 5), t0 + i * 10_000);
    await waitFor(() => relay.server.bars?.book.open("AAPL", "1s")?.seq === 30, "all 30 ticks at the relay");
    for (const interval of ["1m", "1h", "1d"]) {
      const read = async (url: string) => (await (await fetch(`${url}/bars/AAPL?interval=${interval}`)).json()) as unknown;
      expect(await read(relay.httpUrl), interval).toEqual(await read(upstream.httpUrl));
    }
    await c.next("bar", (b) => b.seq === 30, 0, 5000);
  });
});
