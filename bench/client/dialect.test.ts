import { describe, expect, it } from "vitest";
import { codecFor } from "./dialect";

const kind = (dialect: "tickwire" | "socketio", text: string) => {
  const bytes = Buffer.from(text);
  return codecFor(dialect).classify(bytes, 0, bytes.length);
};

describe("dialects", () => {
  it("classify tickwire frames by their type, never taking status for snapshot", () => {
    expect(kind("tickwire", '{"type":"tick","symbol":"A","seq":1}')).toBe("tick");
    expect(kind("tickwire", '{"type":"snapshot","symbol":"A","seq":0}')).toBe("snapshot");
    expect(kind("tickwire", '{"type":"status","symbol":"A","state":"stale"}')).toBe("other");
    expect(kind("tickwire", '{"type":"welcome","protocol":1}')).toBe("welcome");
    expect(kind("tickwire", '{"type":"error","code":"UNKNOWN_SYMBOL"}')).toBe("error");
    expect(kind("tickwire", '{"type":"ticker"}')).toBe("other");
  });

  it("classify Engine.IO and Socket.IO packets", () => {
    expect(kind("socketio", '0{"sid":"x","pingInterval":25000}')).toBe("engine-open");
    expect(kind("socketio", "2")).toBe("engine-ping");
    expect(kind("socketio", '40{"sid":"y"}')).toBe("other");
    expect(kind("socketio", '42["tick",{"symbol":"A"}]')).toBe("tick");
    expect(kind("socketio", '42["snapshot",{"symbol":"A"}]')).toBe("snapshot");
    expect(kind("socketio", '42["welcome",{}]')).toBe("welcome");
    expect(kind("socketio", '42["feed_error",{}]')).toBe("error");
  });

  it("build subscribe frames each server understands", () => {
    expect(JSON.parse(codecFor("tickwire").subscribeFrame(["A", "B"]))).toEqual({ op: "subscribe", symbols: ["A", "B"] });
    expect(codecFor("socketio").subscribeFrame(["A"])).toBe('42["subscribe",{"symbols":["A"]}]');
    expect(codecFor("socketio").joinFrame).toBe("40");
    expect(codecFor("socketio").pongFrame).toBe("3");
  });
});
