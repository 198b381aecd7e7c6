// Screenshots of every page with the demo portfolio, desktop (1280 px) and phone (390 px), into
// docs/screenshots/. Run by `make screenshots` after the Pages build; the simulated date keeps
// the pictures stable from one run to the next.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";

const PORT = 4179;
const base = `http://127.0.0.1:${PORT}/encours/`;
const OUT = "docs/screenshots";
const TODAY = "2025-04-02";
const PAGES = [
  ["dashboard", ""],
  ["clients", "clients"],
  ["client", "clients/3"],
  ["aging", "aging"],
  ["invoices", "invoices"],
  ["import", "import"],
  ["reminders", "reminders"],
  ["credit", "credit"],
  ["settings", "settings"],
];
const SIZES = [
  ["desktop", { width: 1280, height: 860 }],
  ["mobile", { width: 390, height: 844 }],
];

mkdirSync(OUT, { recursive: true });
const server = spawn("node", ["tools/serve.mjs", "dist-pages", "/encours/", String(PORT)], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  for (const [size, viewport] of SIZES) {
    const context = await browser.newContext({ viewport, locale: "fr-FR", serviceWorkers: "block", colorScheme: "light" });
    const page = await context.newPage();
    await page.goto(base);
    await page.evaluate((d) => localStorage.setItem("encours.today", d), TODAY);
    await page.reload();
    await page.getByTestId("load-demo").click();
    await page.getByTestId("count-invoices").filter({ hasNotText: /^0$/ }).waitFor();
    for (const [name, path] of PAGES) {
      await page.goto(base + path);
      await page.locator("main h1").first().waitFor();
      await page.waitForTimeout(300);
      const file = `${OUT}/${name}-${size}.png`;
      await page.screenshot({ path: file });
      console.log("screenshot:", file);
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.kill();
}
