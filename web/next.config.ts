import type { NextConfig } from "next";

// A static export: the taskbox binary serves (or embeds) everything under out/.
const nextConfig: NextConfig = {
  output: "export",
  // Static export has no image optimizer; nothing here uses next/image anyway.
  images: { unoptimized: true },
  // The server adds its own security headers; no x-powered-by equivalent is emitted here.
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
