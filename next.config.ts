import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The sync engine and CLI share code with the app; keep the server bundle lean.
  serverExternalPackages: ["@notionhq/client"],
  poweredByHeader: false,
};

export default nextConfig;
