import { forceSync, syncNow, syncPage } from "@/app/admin/actions";
import type { PageChoice } from "@/lib/admin/page-choices";

/** The three ways to start a sync; plain forms, so they work before (or without) client JS. */
export function SyncActions({ choices, busy }: { choices: PageChoice[]; busy: boolean }) {
  return (
    <section aria-labelledby="actions-heading" className="admin-card admin-actions">
      <h2 id="actions-heading">Actions</h2>
      {busy ? (
        <p className="muted">
          A sync is in progress: a request it covers joins it; one it does not (a force sync, another page)
          runs right after it.
        </p>
      ) : null}
      <div className="admin-action-row">
        <form action={syncNow}>
          <button type="submit" className="primary">
            Sync now
          </button>
        </form>
        <form action={forceSync}>
          <button type="submit" aria-describedby="force-help">
            Force sync
          </button>
        </form>
      </div>
      <p id="force-help" className="muted small">
        Sync now fetches only what changed since the last sync; Force sync refetches every page.
      </p>
      <form action={syncPage} className="admin-page-sync">
        <label htmlFor="sync-page">Sync one page</label>
        <div className="admin-inline">
          <select id="sync-page" name="page" required disabled={choices.length === 0} defaultValue="">
            <option value="" disabled>
              {choices.length ? "Choose a page…" : "Run a full sync first"}
            </option>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
          <button type="submit" disabled={choices.length === 0}>
            Sync page
          </button>
        </div>
      </form>
    </section>
  );
}
