import { describe, expect, it } from "vitest";
import { Heartbeat } from "./heartbeat";
import { FakeClock } from "./testing/fakeClock";

function setup() {
  const clock = new FakeClock();
  const pings: number[] = [];
  const roundTrips: number[] = [];
  let timeouts = 0;
  const heartbeat = new Heartbeat({
    intervalMs: 5_000,
    timeoutMs: 4_000,
    now: clock.now,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    sendPing: (id) => pings.push(id),
    onRoundTrip: (ms) => roundTrips.push(ms),
    onTimeout: () => {
      timeouts += 1;
    },
  });
  return { clock, heartbeat, pings, roundTrips, timeouts: () => timeouts };
}

describe("Heartbeat", () => {
  it("pings after the interval and measures the round trip with now()", () => {
    const { clock, heartbeat, pings, roundTrips } = setup();
    heartbeat.start();
    clock.advance(4_999);
    expect(pings).toEqual([]);
    clock.advance(1);
    expect(pings).toEqual([1]);
    clock.advance(37);
    expect(heartbeat.handlePong(1)).toBe(true);
    expect(roundTrips).toEqual([37]);
  });

  it("schedules the next ping an interval after the pong, with a new id", () => {
    const { clock, heartbeat, pings } = setup();
    heartbeat.start();
    clock.advance(5_000);
    clock.advance(100);
    heartbeat.handlePong(1);
    clock.advance(4_999);
    expect(pings).toEqual([1]);
    clock.advance(1);
    expect(pings).toEqual([1, 2]);
  });

  it("times out when the pong is late, and only then", () => {
    const { clock, heartbeat, timeouts } = setup();
    heartbeat.start();
    clock.advance(5_000 + 3_999);
    expect(timeouts()).toBe(0);
    clock.advance(1);
    expect(timeouts()).toBe(1);
    expect(heartbeat.running).toBe(false);
  });

  it("ignores pongs for other ids and pongs with no ping outstanding", () => {
    const { clock, heartbeat, roundTrips, timeouts } = setup();
    heartbeat.start();
    expect(heartbeat.handlePong(1)).toBe(false);
    clock.advance(5_000);
    expect(heartbeat.handlePong(99)).toBe(false);
    clock.advance(4_000);
    expect(roundTrips).toEqual([]);
    expect(timeouts()).toBe(1);
  });

  it("stop() leaves no timer behind", () => {
    const { clock, heartbeat, pings } = setup();
    heartbeat.start();
    clock.advance(5_000);
    heartbeat.stop();
    expect(clock.pending).toBe(0);
    clock.advance(60_000);
    expect(pings).toEqual([1]);
  });
});
