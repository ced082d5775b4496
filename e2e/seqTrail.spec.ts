/** The seq checker the browser tests rely on must itself catch gaps; no browser needed. */
import type { ServerMessage } from "../lib/protocol";
import { expect, test } from "./fixtures";
import { seqTrail, type ReceivedMessage } from "./support/seqTrail";

const welcome = (epoch: string): ServerMessage => ({ type: "welcome", protocol: 1, server: "t", epoch, symbols: ["A"], time: 0 });
const tick = (seq: number): ServerMessage => ({ type: "tick", symbol: "A", seq, price: 1, size: 1, ts: seq });
const snapshot = (seqs: number[], resumed: boolean, seq = seqs.at(-1) ?? 0): ServerMessage => ({
  type: "snapshot",
  symbol: "A",
  seq,
  resumed,
  open: 1,
  ticks: seqs.map((s) => ({ seq: s, price: 1, size: 1, ts: s })),
});
const on = (socket: number, ...messages: ServerMessage[]): ReceivedMessage[] => messages.map((message) => ({ socket, message }));

test.describe("seqTrail", () => {
  test("accepts snapshot + ticks + a resumed snapshot continuing them", () => {
    const trail = seqTrail([...on(1, welcome("e1"), snapshot([1, 2, 3], false), tick(4)), ...on(3, welcome("e1"), snapshot([5, 6], true), tick(7))], "A");
    expect(trail.problems).toEqual([]);
    expect(trail.segments).toEqual([{ epoch: "e1", socket: 1, first: 1, last: 7, count: 7, resumes: 1 }]);
  });

  test("reports a missing tick, a resume that skips, and a resume into another epoch", () => {
    expect(seqTrail(on(1, welcome("e1"), snapshot([1, 2], false), tick(4)), "A").problems).toEqual(["tick 4 on socket 1, expected 3"]);
    expect(seqTrail([...on(1, welcome("e1"), snapshot([1], false)), ...on(2, welcome("e1"), snapshot([3], true))], "A").problems).toEqual([
      "resumed snapshot on socket 2 starts at 3, expected 2",
    ]);
    expect(seqTrail([...on(1, welcome("e1"), snapshot([1], false)), ...on(2, welcome("e2"), snapshot([2], true))], "A").problems).toEqual([
      "resumed:true snapshot on socket 2 continues no segment of epoch e2",
    ]);
    expect(seqTrail(on(1, welcome("e1"), tick(1)), "A").problems).toEqual(["tick 1 on socket 1 before any snapshot"]);
  });

  test("starts a new segment per resumed:false snapshot (new epoch) and checks each on its own", () => {
    const trail = seqTrail([...on(1, welcome("e1"), snapshot([8, 9], false), tick(10)), ...on(2, welcome("e2"), snapshot([1], false), tick(2))], "A");
    expect(trail.problems).toEqual([]);
    expect(trail.segments.map((s) => [s.epoch, s.first, s.last])).toEqual([
      ["e1", 8, 10],
      ["e2", 1, 2],
    ]);
  });
});
