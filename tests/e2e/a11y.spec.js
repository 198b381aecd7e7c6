// axe-core on every page, with data in it: no violation of any impact (minor ones included).
import { test, expect } from "@playwright/test";
import { createRequire } from "node:module";
import { App } from "./app.js";
import { setToday, importBook } from "./book.js";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

// The app's CSP allows no inline script: axe is injected with the CSP bypassed, for this spec only.
test.use({ bypassCSP: true });

const PAGES = ["", "clients", "clients/1", "aging", "invoices", "import", "reminders", "credit", "settings"];

async function audit(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

for (const theme of ["light", "dark"]) {
  test(`no axe violation of any impact on any page (${theme})`, async ({ page }) => {
    const app = new App(page);
    await app.goto("");
    await page.evaluate((t) => localStorage.setItem("encours.theme", t), theme);
    await setToday(page, "2025-04-02");
    await importBook(page, app);
    const found = {};
    for (const path of PAGES) {
      await app.goto(path);
      await expect(page.locator("main h1").first()).toBeVisible();
      const v = await audit(page);
      if (v.length) found[path || "/"] = v;
    }
    expect(found).toEqual({});
    // The audit does find what it looks for: an image without a text alternative is critical.
    await page.evaluate(() => document.querySelector("main").appendChild(document.createElement("img")));
    expect((await audit(page)).join()).toContain("image-alt (critical)");
  });
}
