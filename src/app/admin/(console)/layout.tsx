import Link from "next/link";
import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/admin-nav";
import { requireAdmin } from "@/lib/admin/guard";
import { signOut } from "../actions";

// Per request (the session, live job data): the dashboard renders on every request, never from a cache.
export const instant = false;

/** The signed-in part of the dashboard. Pages check the session too (see guard.ts). */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  await requireAdmin();
  return (
    <>
      <a className="skip-link" href="#admin-main">
        Skip to content
      </a>
      <header className="admin-header">
        <Link className="admin-brand" href="/admin">
          notion-sync
        </Link>
        <AdminNav />
        <form action={signOut} className="admin-signout">
          <button type="submit">Sign out</button>
        </form>
      </header>
      <main id="admin-main" className="admin-main">
        {children}
      </main>
    </>
  );
}
