/** A measured figure with its target, and the table `npm run bench` prints. */
export interface Figure {
  /** Stable key for the JSON results. */
  id: string;
  label: string;
  value: number | null;
  unit: string;
  /** Human-readable target, e.g. "≤ 1.05"; "" for context figures without one. */
  target: string;
  /** true PASS, false MISS, null for context figures. */
  pass: boolean | null;
  note?: string;
  digits?: number;
}

export type Check = { op: "<=" | ">="; limit: number } | null;

export interface FigureInput {
  id: string;
  label: string;
  value: number | null;
  unit?: string;
  check?: Check;
  note?: string;
  /** Decimals shown (default: 0 for integers and values ≥ 100, else 1 or 2). */
  digits?: number;
}

export function figure({ id, label, value, unit = "", check = null, note, digits }: FigureInput): Figure {
  // Ratios show their limit with the value's precision (1.00); quantities as written (250 ms).
  const limit = check ? formatNumber(check.limit, unit === "" || unit === "×" ? digits : undefined) : "";
  const target = check ? `${check.op === "<=" ? "≤" : "≥"} ${limit}${unit ? ` ${unit}` : ""}` : "";
  const pass =
    check === null
      ? null
      : value !== null && (check.op === "<=" ? value <= check.limit : value >= check.limit);
  return {
    id,
    label,
    value,
    unit,
    target,
    pass,
    ...(note ? { note } : {}),
    ...(digits !== undefined ? { digits } : {}),
  };
}

function formatNumber(v: number, digits?: number): string {
  const d = digits ?? (Math.abs(v) >= 100 || Number.isInteger(v) ? 0 : Math.abs(v) >= 10 ? 1 : 2);
  return v.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
}

/** A figure that could not be measured (the suite failed): always a MISS, with the reason. */
export function failedFigure(id: string, label: string, reason: string): Figure {
  return { id, label, value: null, unit: "", target: "measured", pass: false, note: reason };
}

function formatValue(f: Figure): string {
  if (f.value === null) return "—";
  const text = formatNumber(f.value, f.digits);
  return f.unit ? `${text} ${f.unit}` : text;
}

export function formatTable(figures: Figure[]): string {
  const rows = figures.map((f) => [
    f.label,
    formatValue(f),
    f.target || "—",
    f.pass === null ? "" : f.pass ? "PASS" : "MISS",
  ]);
  const header = ["figure", "value", "target", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ")} |`;
  return [
    line(header),
    `|${widths.map((w, i) => (i === 1 ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`,
    ...rows.map(line),
  ].join("\n");
}

/** Notes of the figures that have one, as a list under the table. */
export function formatNotes(figures: Figure[]): string {
  return figures
    .filter((f) => f.note)
    .map((f) => `- ${f.label}: ${f.note}`)
    .join("\n");
}
