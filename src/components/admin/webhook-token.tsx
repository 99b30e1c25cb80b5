import type { WebhookTokenRecord } from "@/lib/store/webhook-token";
import { formatTime } from "@/lib/admin/format";

/**
 * The verification token Notion sent when a webhook subscription was created: Notion shows it nowhere,
 * so the signed-in overview does, hidden until asked for, with what to do with it.
 */
export function WebhookTokenPanel({ record }: { record: WebhookTokenRecord | null }) {
  if (!record) return null;
  return (
    <section aria-labelledby="webhook-token-heading" className="admin-card" data-panel="webhook-token">
      <h2 id="webhook-token-heading">Notion webhook verification</h2>
      <p>
        Webhook verification token received at{" "}
        <time dateTime={record.receivedAt}>{formatTime(record.receivedAt)}</time> (kept for 24 hours).
      </p>
      <details>
        <summary>Show the token</summary>
        <p>
          <code data-secret="webhook-verification-token">{record.token}</code>
        </p>
      </details>
      <ol>
        <li>
          In Notion&apos;s integration settings, open the webhook subscription and press <b>Verify</b>; paste
          the token.
        </li>
        <li>
          Set <code>NOTION_WEBHOOK_SECRET</code> to the same token (it signs every event) and redeploy.
        </li>
      </ol>
    </section>
  );
}
