import { describe, expect, it } from "vitest";
import type { PropertyValue } from "@/lib/bundle-types";
import { isConfigError, publishingRules, syncClock } from "@/lib/config";
import { controlPropertyNames, draftState } from "@/lib/sync/publishing-rules";

const NOW = Date.parse("2026-03-02T10:00:00.000Z");
const rules = publishingRules({});
const judge = (properties: Record<string, PropertyValue>) => draftState(properties, rules, NOW);

describe("publishing rules", () => {
  it("default to Published / Status in Published,Done,Live / Publish date / Slug", () => {
    expect(rules).toEqual({
      publishedProperty: "Published",
      statusProperty: "Status",
      publishedStatuses: ["Published", "Done", "Live"],
      publishDateProperty: "Publish date",
      slugProperty: "Slug",
    });
    expect([...controlPropertyNames(rules)].sort()).toEqual(["publish date", "published", "slug", "status"]);
  });

  it("judge each rule, names matched case-insensitively", () => {
    expect(judge({ published: { type: "checkbox", value: false } })).toEqual({ reason: "unpublished" });
    expect(judge({ Published: { type: "checkbox", value: true } })).toBeNull();
    expect(judge({ STATUS: { type: "status", value: "In review" } })).toEqual({ reason: "status" });
    expect(judge({ Status: { type: "select", value: "done" } })).toBeNull();
    expect(judge({ Status: { type: "select", value: null } })).toEqual({ reason: "status" });
    expect(judge({ "Publish date": { type: "date", start: "2026-03-03", end: null } })).toEqual({
      reason: "scheduled",
      publishAt: "2026-03-03T00:00:00.000Z",
    });
    expect(judge({ "Publish date": { type: "date", start: "2026-03-02T09:59:00Z", end: null } })).toBeNull();
    expect(judge({ "Publish date": { type: "date", start: null, end: null } })).toBeNull();
    // A property of another type under a rule's name does not count.
    expect(judge({ Published: { type: "rich_text", spans: [], text: "" } })).toBeNull();
    // The checkbox wins over a future date: such a row does not go public on that date.
    expect(
      judge({
        Published: { type: "checkbox", value: false },
        "Publish date": { type: "date", start: "2026-04-01", end: null },
      }),
    ).toEqual({ reason: "unpublished" });
    expect(judge({})).toBeNull();
  });

  it("are configurable, and a malformed value names the variable", () => {
    const custom = publishingRules({
      PUBLISH_CHECKBOX_PROPERTY: "Live?",
      PUBLISH_STATUS_PROPERTY: "Stage",
      PUBLISH_STATUS_VALUES: " Shipped , Public ",
      PUBLISH_DATE_PROPERTY: "Go live",
      SLUG_PROPERTY: "Permalink",
    });
    expect(custom.publishedStatuses).toEqual(["Shipped", "Public"]);
    expect(draftState({ Stage: { type: "status", value: "Published" } }, custom, NOW)).toEqual({
      reason: "status",
    });
    expect(draftState({ "Live?": { type: "checkbox", value: false } }, custom, NOW)).toEqual({
      reason: "unpublished",
    });
    for (const [variable, value] of [
      ["PUBLISH_STATUS_VALUES", " , "],
      ["SLUG_PROPERTY", "x".repeat(101)],
      ["SYNC_CLOCK_OFFSET_MS", "soon"],
    ] as const) {
      let error: unknown;
      try {
        publishingRules({ [variable]: value });
        syncClock({ [variable]: value });
      } catch (e) {
        error = e;
      }
      expect(isConfigError(error) && error.variable).toBe(variable);
    }
    expect(syncClock({ SYNC_CLOCK_OFFSET_MS: "60000" })() - Date.now()).toBeGreaterThan(59_000);
  });
});
