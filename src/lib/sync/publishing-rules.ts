import type { PropertyValue } from "../bundle-types";
import type { PublishingRules } from "../config";
import type { DraftInfo } from "../store/manifest";

function property(properties: Record<string, PropertyValue>, name: string): PropertyValue | undefined {
  const wanted = name.trim().toLowerCase();
  return Object.entries(properties).find(([key]) => key.trim().toLowerCase() === wanted)?.[1];
}

/** A Notion date ("2026-12-01" or a full ISO time) as epoch ms; a bare date starts at 00:00 UTC. */
export function dateMs(value: string): number {
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
}

/**
 * Whether a database row is a draft under the rules, judged at `now`: an unchecked published checkbox,
 * a status outside the published set (an empty one included), or a publish date still in the future
 * ("scheduled", with the time it goes public). A row without those properties is public (null).
 */
export function draftState(
  properties: Record<string, PropertyValue>,
  rules: PublishingRules,
  now: number,
): DraftInfo | null {
  const published = property(properties, rules.publishedProperty);
  if (published?.type === "checkbox" && !published.value) return { reason: "unpublished" };
  const status = property(properties, rules.statusProperty);
  if (status && (status.type === "status" || status.type === "select")) {
    const allowed = rules.publishedStatuses.map((s) => s.trim().toLowerCase());
    if (!allowed.includes((status.value ?? "").trim().toLowerCase())) return { reason: "status" };
  }
  const date = property(properties, rules.publishDateProperty);
  if (date?.type === "date" && date.start) {
    const at = dateMs(date.start);
    if (Number.isFinite(at) && at > now)
      return { reason: "scheduled", publishAt: new Date(at).toISOString() };
  }
  return null;
}

/** The names readers never see: the properties that only steer publishing and URLs. */
export function controlPropertyNames(rules: PublishingRules): Set<string> {
  return new Set(
    [rules.publishedProperty, rules.statusProperty, rules.publishDateProperty, rules.slugProperty].map((n) =>
      n.trim().toLowerCase(),
    ),
  );
}
