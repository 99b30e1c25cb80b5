import type { Metadata } from "next";
import type { ReactNode } from "react";
import "@/components/admin/admin.css";

// Per request (the session, live job data): the dashboard renders on every request, never from a cache.
export const instant = false;

export const metadata: Metadata = {
  title: { default: "Dashboard · notion-sync", template: "%s · notion-sync dashboard" },
  robots: { index: false, follow: false },
};

export default function AdminLayout({ children }: { children: ReactNode }) {
  return <div className="admin">{children}</div>;
}
