/**
 * Issue #3, 4: the feed server dies mid-session and comes back on the same port.
 *
 * A restarted server starts a new epoch: seqs are numbered afresh, so the client's resume
 * request (old epoch + since) is answered with resumed:false and the card replaces its history.
 * That is the protocol's promise (docs/protocol.md, "Epochs"), so "no missing seq" is judged
 * within each epoch: the old epoch's trail is contiguous up to the kill, the new one from its
 * snapshot on. A genuine no-gap resume across a drop is covered in resumeNoGap.spec.ts.
 */
import { formatPrice } from "../lib/format";
import { card, connectionStatus, dataSeq, expect, expectLive, test } from "./fixtures";
import { dataSeqs, decreases, installDataSeqLog } from "./support/dataSeqLog";

const SYMBOLS = ["AAPL", "MSFT"];

for (const signal of ["SIGTERM", "SIGKILL"] as const) {
  test(`feed killed with ${signal}: last data stays visible while reconnecting, then live again in the new epoch`, async ({
    page,
    feed,
    frames,
  }) => {
    await installDataSeqLog(page);
    await page.goto("/?symbols=AAPL,MSFT");
    await expectLive(page, SYMBOLS);
    const aapl = card(page, "AAPL");
    const firstSeq = await dataSeq(aapl);
    await expect.poll(() => dataSeq(aapl), { message: "live ticks after the snapshot" }).toBeGreaterThan(firstSeq + 3);
    const oldEpoch = feed.epoch;

    await feed.kill(signal);
    await expect(connectionStatus(page)).toHaveText("Reconnecting…");
    // Once the page knows the socket is gone, no frame can still be on its way.
    const last = frames.latest("AAPL");
    expect(last).not.toBeNull();
    await expect(aapl).toHaveAttribute("data-stale", "true");
    await expect(aapl.getByText("Reconnecting — showing last known prices.")).toBeVisible();
    await expect(aapl).toHaveAttribute("data-seq", String(last!.seq));
    await expect(aapl.getByTestId("AAPL-price")).toHaveText(formatPrice(last!.price));
    await expect(aapl.locator(".day-chart__plot .recharts-line-curve")).toBeVisible();
    const socketsBeforeRestart = frames.socketCount;

    await feed.restart();
    expect(feed.epoch).not.toBe(oldEpoch);
    await expect(connectionStatus(page)).toHaveText(/^Live/, { timeout: 25_000 });
    await expect(aapl).not.toHaveAttribute("data-stale");

    // The client asked to resume where it stopped; the new server cannot and says so.
    const afterRestart = (socket: number) => socket > socketsBeforeRestart;
    const resume = frames.sent.find(({ socket, message }) => afterRestart(socket) && message.op === "subscribe");
    expect(resume?.message).toMatchObject({ op: "subscribe", epoch: oldEpoch, since: { AAPL: last!.seq } });
    const welcome = frames.received.find(({ socket, message }) => afterRestart(socket) && message.type === "welcome");
    expect(welcome?.message).toMatchObject({ type: "welcome", epoch: feed.epoch });
    const snapshot = frames.received.find(
      ({ socket, message }) => afterRestart(socket) && message.type === "snapshot" && message.symbol === "AAPL",
    );
    expect(snapshot?.message).toMatchObject({ type: "snapshot", resumed: false });
    const restartSeq = snapshot?.message.type === "snapshot" ? snapshot.message.seq : 0;

    // The card and its chart carry on in the new epoch.
    await expect.poll(() => dataSeq(aapl), { message: "AAPL ticks in the new epoch" }).toBeGreaterThan(restartSeq + 3);
    await expect(aapl.locator(".day-chart__plot .recharts-line-curve")).toBeVisible();

    for (const symbol of SYMBOLS) {
      const trail = frames.trail(symbol);
      expect(trail.problems, `${symbol}: seqs contiguous within each epoch`).toEqual([]);
      expect(trail.segments.map((s) => s.epoch), `${symbol}: one segment per epoch`).toEqual([oldEpoch, feed.epoch]);
    }
    // data-seq only moved back once: at the switch to the new epoch's numbering.
    expect(decreases(await dataSeqs(page, "AAPL")).length).toBeLessThanOrEqual(1);
    expect(frames.malformed).toEqual([]);
  });
}
