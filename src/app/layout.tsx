import type { Metadata } from "next";
import type { ReactNode } from "react";
import { siteBaseUrl } from "@/lib/site/site-url";
import "./globals.css";

// A function, not a constant: APP_URL is read at request time, so relative Open Graph URLs become absolute.
export function generateMetadata(): Metadata {
  return { metadataBase: new URL(siteBaseUrl()) };
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
