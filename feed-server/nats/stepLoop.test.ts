import { describe, expect, it } from "vitest";
import { FakeClock } from "../testing/fakeClock";
import { StepLoop } from "./stepLoop";

/** A step that stays pending until the test settles it. */
function pendingSteps() {
  const settles: ((delay: number) => void)[] = [];
  const step = () => new Promise<number>((resolve) => settles.push(resolve));
  return { step, settles };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("StepLoop", () => {
  it("runs the step at the delay it returned", async () => {
    const clock = new FakeClock();
    const { step, settles } = pendingSteps();
    const loop = new StepLoop(clock, step, 1000);
    loop.soon(0);
    clock.advance(0);
    expect(settles).toHaveLength(1);
    settles[0]!(500);
    await flush();
    clock.advance(499);
    expect(settles).toHaveLength(1);
    clock.advance(1);
    expect(settles).toHaveLength(2);
    loop.stop();
  });

  it("a run asked for during a run happens right after it, not an interval later", async () => {
    const clock = new FakeClock();
    const { step, settles } = pendingSteps();
    const loop = new StepLoop(clock, step, 1000);
    loop.soon(0);
    clock.advance(0);
    loop.soon(0); // e.g. NATS reconnected while the step waits on the dead connection
    expect(settles).toHaveLength(1); // never two at once
    settles[0]!(5000);
    await flush();
    clock.advance(0);
    expect(settles).toHaveLength(2);
    loop.stop();
  });

  it("waits the fallback after a failed step, and runs nothing once stopped", async () => {
    const clock = new FakeClock();
    let runs = 0;
    const loop = new StepLoop(clock, () => (runs++, Promise.reject(new Error("NATS away"))), 300);
    loop.soon(0);
    clock.advance(0);
    await flush();
    clock.advance(299);
    expect(runs).toBe(1);
    clock.advance(1);
    expect(runs).toBe(2);
    await flush();
    loop.stop();
    clock.advance(10_000);
    expect(runs).toBe(2);
    expect(clock.timerCount).toBe(0);
  });
});
