import { describe, expect, it } from "vitest";
import { dashboardHost, dashboardUrl, nextArgs } from "./dashboardHost.mjs";

describe("dashboard host (issue 13: next start listened on every interface)", () => {
  it("listens on 127.0.0.1 by default, like the feed, and passes the host to Next.js", () => {
    expect(dashboardHost({})).toEqual({ host: "127.0.0.1" });
    expect(nextArgs("start", "127.0.0.1", 3000)).toEqual(["start", "-H", "127.0.0.1", "-p", "3000"]);
    expect(nextArgs("dev", "0.0.0.0", 3001)).toEqual(["dev", "-H", "0.0.0.0", "-p", "3001"]);
  });

  it("reads DASHBOARD_HOST and names it when the value is bad", () => {
    expect(dashboardHost({ DASHBOARD_HOST: " 0.0.0.0 " })).toEqual({ host: "0.0.0.0" });
    expect(dashboardHost({ DASHBOARD_HOST: "::" })).toEqual({ host: "::" });
    expect(dashboardHost({ DASHBOARD_HOST: "a host; rm -rf" })).toEqual({ error: expect.stringMatching(/^DASHBOARD_HOST=/) });
  });

  it("prints a URL a browser can open", () => {
    expect(dashboardUrl("127.0.0.1", 3000)).toBe("http://127.0.0.1:3000/");
    expect(dashboardUrl("0.0.0.0", 3000)).toBe("http://localhost:3000/");
    expect(dashboardUrl("::1", 3000)).toBe("http://[::1]:3000/");
  });
});
