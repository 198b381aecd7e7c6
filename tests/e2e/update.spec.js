// A new deploy reaching a browser that already has the app: the service worker of the new
// build replaces the old one, the next load serves the new build (online and offline), and the
// stored book is untouched.
//
// Two builds are made from dist-pages the way `make build-pages` makes one: the Trunk output
// (dist-pages with the postbuild step undone) and `node tools/postbuild.mjs`, build B with a
// changed index.html and web manifest. They are served in turn from one folder by
// tools/serve.mjs on a port of its own, so the origin (and its IndexedDB) stays the same.
import { test, expect } from "@playwright/test";
import { App } from "./app.js";
import { spawn, execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A build in `dir`: dist-pages as Trunk wrote it, `change`d, then post-built. */
function build(dir, change = () => {}) {
  cpSync("dist-pages", dir, { recursive: true });
  const index = join(dir, "index.html");
  // Undo postbuild: the CSP's loader hashes back to their placeholder, the worker's template.
  const html = readFileSync(index, "utf8").replace(/'sha256-[^']+'( 'sha256-[^']+')*/, "__LOADER_HASH__");
  if (!html.includes("__LOADER_HASH__")) throw new Error("no loader hash in dist-pages/index.html");
  writeFileSync(index, html);
  cpSync("public/sw.js", join(dir, "sw.js"));
  change(dir);
  execFileSync("node", ["tools/postbuild.mjs", dir]);
  return readFileSync(join(dir, "sw.js"), "utf8").match(/const VERSION = "([^"]+)"/)[1];
}

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** The page's caches, its build marker, and the manifest as the page gets it. */
const look = (page) => page.evaluate(async () => ({
  caches: (await caches.keys()).filter((k) => k.startsWith("encours-")).sort(),
  build: document.querySelector("meta[name=encours-build]")?.content || "A",
  manifest: (await (await fetch("manifest.webmanifest")).json()).build || "A",
}));

test("a new deploy replaces the old build, online and offline, and keeps the stored book", async ({ page, context }) => {
  const tmp = mkdtempSync(join(tmpdir(), "encours-update-"));
  const [a, b, site] = ["a", "b", "site"].map((n) => join(tmp, n));
  const va = build(a);
  const vb = build(b, (dir) => {
    const index = join(dir, "index.html");
    writeFileSync(index, readFileSync(index, "utf8").replace("<head>", '<head><meta name="encours-build" content="B">'));
    const m = join(dir, "manifest.webmanifest");
    writeFileSync(m, JSON.stringify({ ...JSON.parse(readFileSync(m, "utf8")), build: "B" }));
  });
  // Undoing postbuild and doing it again gives the deployed build back, worker version included.
  expect(va).toBe(readFileSync("dist-pages/sw.js", "utf8").match(/const VERSION = "([^"]+)"/)[1]);
  expect(vb).not.toBe(va);
  cpSync(a, site, { recursive: true });
  const port = await freePort();
  const server = spawn("node", ["tools/serve.mjs", site, "/encours/", String(port)], { stdio: "ignore" });
  try {
    const base = `http://127.0.0.1:${port}/encours/`;
    await expect.poll(() => fetch(base).then((r) => r.status, () => 0)).toBe(200);
    const app = new App(page);
    await page.goto(base);
    await app.ready();
    await app.loadDemo();
    await app.payFirstOpenInvoice("12,34");
    await app.nav("Tableau de bord").click();
    const counts = await app.counts();
    const outstanding = () => page.locator(".cards .card", { hasText: "Encours total" }).first().locator(".card-value").innerText();
    const owed = await outstanding();
    // Build A's worker controls the page and holds A's cache.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
      }
    });
    await expect.poll(() => look(page)).toEqual({ caches: [`encours-${va}`], build: "A", manifest: "A" });
    // The first worker taking the page is no update: nothing to announce.
    await expect(page.getByText("Une nouvelle version d'Encours est prête")).toHaveCount(0);

    // Deploy B. The next visit fetches the new worker, which installs B and drops A's cache.
    cpSync(b, site, { recursive: true });
    await page.reload();
    await app.ready();
    // The browser checks the worker's script after a navigation, when it sees fit; asked here
    // at once (the same byte-for-byte check) so the test does not wait on that schedule.
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()).catch(() => {}));
    await expect.poll(() => look(page).then((l) => l.caches), { timeout: 30_000 }).toEqual([`encours-${vb}`]);
    // The open page, still running the old build, says a new version is ready and reloads.
    const notice = page.getByRole("alert").filter({ hasText: "Une nouvelle version d'Encours est prête" });
    await expect(notice).toBeVisible();
    await Promise.all([page.waitForEvent("load"), notice.getByRole("button", { name: "Recharger" }).click()]);

    // The next load is build B, its unhashed files too (the manifest is served cache-first).
    await app.ready();
    await expect(notice).toHaveCount(0);
    expect(await look(page)).toEqual({ caches: [`encours-${vb}`], build: "B", manifest: "B" });
    expect(await app.counts()).toEqual(counts);
    expect(await outstanding()).toBe(owed);

    // Offline, the cached shell is B's, with the same book.
    await context.setOffline(true);
    await page.reload();
    await app.ready();
    expect(await look(page)).toEqual({ caches: [`encours-${vb}`], build: "B", manifest: "B" });
    expect(await app.counts()).toEqual(counts);
    expect(await outstanding()).toBe(owed);
    await context.setOffline(false);
  } finally {
    server.kill();
    rmSync(tmp, { recursive: true, force: true });
  }
});
