import { describe, expect, it } from "vitest";
import { ServerAllowance } from "./rate-allowance";

const accept = (a: ServerAllowance, n: number) => {
  for (let i = 0; i < n; i++) a.noteAccepted();
};

describe("ServerAllowance", () => {
  it("learns a window server: probes with what the window accepted, then spends each budget at once", () => {
    const a = new ServerAllowance(10);
    accept(a, 180);
    expect(a.refused()).toEqual({ burst: 180, tokensAtResume: 180 });
    expect(a.mode).toBe("probing");
    accept(a, 180);
    expect(a.mode).toBe("window");
    // The one call refused at the window's end: the next window gets the whole budget again.
    expect(a.refused()).toEqual({ burst: 180, tokensAtResume: 180 });
    // A plan with a smaller budget is followed down.
    accept(a, 120);
    expect(a.refused()).toEqual({ burst: 120, tokensAtResume: 120 });
  });

  it("learns a bucket server when the probe is refused early, keeping the burst the server allowed", () => {
    const a = new ServerAllowance(10);
    accept(a, 60);
    a.refused();
    accept(a, 4);
    expect(a.refused()).toEqual({ burst: 4, tokensAtResume: 1 });
    expect(a.mode).toBe("bucket");
  });

  it("shrinks to the server's burst when refused within its own", () => {
    const a = new ServerAllowance(10);
    accept(a, 5);
    expect(a.refused()).toEqual({ burst: 5, tokensAtResume: 1 });
    expect(a.mode).toBe("bucket");
  });

  it("takes a short wait after more than its burst for a bucket at about its own rate", () => {
    const a = new ServerAllowance(10);
    accept(a, 50);
    expect(a.refused(false)).toEqual({ burst: 10, tokensAtResume: 1 });
    expect(a.mode).toBe("bucket");
  });

  it("learns nothing from a refusal before any call went through (another step spent the allowance)", () => {
    const a = new ServerAllowance(10);
    expect(a.refused()).toEqual({ burst: 10, tokensAtResume: 1 });
    expect(a.mode).toBe("unknown");
  });
});
