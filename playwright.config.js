// End-to-end tests against the GitHub Pages build (dist-pages) served under /encours/ by a
// static server that answers unknown paths with 404.html, as Pages does.
import { defineConfig } from "@playwright/test";

// E2E_PORT lets two checkouts on one machine run their suites at once.
const PORT = Number(process.env.E2E_PORT || 4173);
export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  use: {
    baseURL: `http://127.0.0.1:${PORT}/encours/`,
    locale: "fr-FR",
    serviceWorkers: "allow",
    launchOptions: {
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    command: `node tools/serve.mjs dist-pages /encours/ ${PORT}`,
    url: `http://127.0.0.1:${PORT}/encours/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
