import type { HealthItem, HealthStatus } from "@/lib/admin/config-health";

const WORDS: Record<HealthStatus, string> = {
  ok: "OK",
  info: "Info",
  warning: "Warning",
  problem: "Problem",
};

/** Configuration facts without secret values: each row says its state in words, not colour only. */
export function HealthList({ items }: { items: HealthItem[] }) {
  return (
    <ul className="admin-health">
      {items.map((item) => (
        <li key={item.id} data-status={item.status}>
          <span className="health-state">{WORDS[item.status]}</span>
          <span className="health-label">{item.label}</span>
          <span className="health-detail">{item.detail}</span>
        </li>
      ))}
    </ul>
  );
}
