// Layout with the demo portfolio at a phone's width (390 px) and a laptop's (1280 px): no element
// reaches past the viewport's right edge on any page (tables stack on the phone instead of
// scrolling sideways), the menu shows every entry, a reminder draft opens as a view of its own,
// and a long list of a file's headers wraps.
import { test, expect } from "@playwright/test";
import { App } from "./app.js";
import { setToday } from "./book.js";

const PAGES = ["", "clients", "clients/3", "aging", "invoices", "invoices/1", "import", "reminders", "credit", "settings"];

/** Elements whose box ends past the viewport's right edge (or the page scrolls sideways). */
async function overflowing(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    if (document.documentElement.scrollWidth > width) out.push(`page scrollWidth ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      // Visually hidden text (1 px, clipped) is not laid out for the eye.
      if (r.width <= 1 && r.height <= 1) continue;
      if (r.right > width + 0.5) {
        const name = el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
        out.push(`${name} right=${Math.round(r.right)} width=${Math.round(r.width)} "${(el.textContent || "").trim().slice(0, 40)}"`);
      }
      if (out.length > 8) break;
    }
    return out;
  });
}

async function withDemo(page, width) {
  await page.setViewportSize({ width, height: 860 });
  const app = new App(page);
  await app.goto("");
  await setToday(page, "2025-04-02");
  await app.ready();
  await app.loadDemo();
  return app;
}

for (const width of [390, 1280]) {
  test(`nothing is wider than the viewport at ${width} px, on any page with the demo data`, async ({ page }) => {
    const app = await withDemo(page, width);
    const found = {};
    for (const path of PAGES) {
      await app.goto(path);
      await expect(page.locator("main h1").first()).toBeVisible();
      // Open the first expandable row where there is one, so that its lines are measured too.
      if (path === "aging") await page.locator("button.expand").first().click();
      const o = await overflowing(page);
      if (o.length) found[path || "/"] = o;
    }
    expect(found).toEqual({});
  });
}

test("at 390 px the menu shows every entry whole, and tables stack their cells", async ({ page }) => {
  const app = await withDemo(page, 390);
  const links = page.locator("header.top nav a");
  await expect(links).toHaveCount(9);
  for (const link of await links.all()) {
    const box = await link.boundingBox();
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    // Whole: the text is not cut by its box.
    expect(await link.evaluate((a) => a.scrollWidth <= a.clientWidth)).toBe(true);
  }
  await app.goto("aging");
  const row = page.locator("table.aging tbody tr.client-row").first();
  // A stacked row: its amounts are under its name, each with its column's name.
  const total = row.locator("td").nth(1);
  await expect(total).toHaveAttribute("data-label", "Total");
  const [nameBox, totalBox] = [await row.locator("td").first().boundingBox(), await total.boundingBox()];
  expect(totalBox.y).toBeGreaterThan(nameBox.y);
  expect(totalBox.x + totalBox.width).toBeLessThanOrEqual(390);
});

test("at 390 px a reminder draft opens as a view of its own, and closes back to the worklist", async ({ page }) => {
  const app = await withDemo(page, 390);
  await app.goto("reminders");
  await page.locator("table.worklist tbody tr").first().getByRole("button").click();
  const draft = page.getByTestId("draft");
  await expect(draft).toBeVisible();
  const view = page.locator("table.worklist tr.inline-form > td");
  const box = await view.boundingBox();
  expect(box.x).toBe(0);
  expect(box.y).toBe(0);
  expect(box.width).toBe(390);
  expect(await overflowing(page)).toEqual([]);
  await draft.getByRole("button", { name: "Fermer" }).click();
  await expect(draft).toHaveCount(0);
});

test("a file's long list of headers wraps in the wizard's message", async ({ page }) => {
  const app = await withDemo(page, 1280);
  await app.goto("import");
  const headers = Array.from({ length: 120 }, (_, k) => `Colonne_sans_rapport_numero_${k}`);
  const csv = `${headers.join(";")}\n${headers.map((_, k) => k).join(";")}\n`;
  await page.getByTestId("import-file").setInputFiles({ name: "autre.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await expect(page.locator("main")).toContainText("Colonne_sans_rapport_numero_119");
  expect(await overflowing(page)).toEqual([]);
});
