import { describe, expect, it } from "vitest";
import { FakeClock } from "../testing/fakeClock";
import { LeaseHold } from "./leaseHold";

describe("LeaseHold", () => {
  it("lapses a TTL after the last refresh was sent, not after its answer came", () => {
    const clock = new FakeClock();
    let lapses = 0;
    const sentAt = clock.now();
    clock.advance(400); // the answer took 400 ms
    const hold = new LeaseHold(7, sentAt, { ttlMs: 1500, now: clock.now, timers: clock, onLapse: () => lapses++ });
    clock.advance(1099);
    expect(lapses).toBe(0);
    clock.advance(1);
    expect(lapses).toBe(1);
    expect(hold.revision).toBe(7);
  });

  it("a renewal moves the fence on; a dropped hold never lapses", () => {
    const clock = new FakeClock();
    let lapses = 0;
    const hold = new LeaseHold(1, clock.now(), { ttlMs: 1000, now: clock.now, timers: clock, onLapse: () => lapses++ });
    clock.advance(900);
    hold.renewed(2, clock.now());
    clock.advance(900);
    expect(lapses).toBe(0);
    expect(hold.revision).toBe(2);
    hold.drop();
    clock.advance(5000);
    expect(lapses).toBe(0);
    expect(clock.timerCount).toBe(0);
  });
});
