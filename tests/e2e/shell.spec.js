import { test, expect } from "@playwright/test";
import { App } from "./app.js";

test("navigation, page titles and a deep link that survives a reload", async ({ page }) => {
  const app = new App(page);
  await app.goto("");
  await expect(page).toHaveTitle(/Tableau de bord · Encours/);
  for (const [name, path, title] of [
    ["Clients", "clients", "Clients"],
    ["Factures", "invoices", "Factures"],
    ["Import", "import", "Import"],
    ["Relances", "reminders", "Relances"],
    ["Réglages", "settings", "Réglages"],
  ]) {
    await app.nav(name).click();
    await expect(page).toHaveURL(new RegExp(`/encours/${path}$`));
    await expect(page).toHaveTitle(`${title} · Encours`);
  }
  // A deep link loaded directly (Pages answers it with 404.html) and reloaded.
  const res = await page.goto("invoices");
  expect(res.status()).toBe(404);
  await app.ready();
  await expect(page.locator("h1")).toHaveText("Factures");
  await page.reload();
  await app.ready();
  await expect(page.locator("h1")).toHaveText("Factures");
});

test("the language switch persists across a reload", async ({ page }) => {
  const app = new App(page);
  await app.goto("settings");
  await expect(page.locator("h1")).toHaveText("Réglages");
  await page.getByTestId("lang-en").click();
  await expect(page.locator("h1")).toHaveText("Settings");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.reload();
  await app.ready();
  await expect(page.locator("h1")).toHaveText("Settings");
  await expect(app.nav("Invoices")).toBeVisible();
});

test("the layout fits a 360 px phone and the theme follows the system", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.emulateMedia({ colorScheme: "dark" });
  const app = new App(page);
  await app.goto("");
  await app.loadDemo();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe("rgb(18, 22, 27)");
  await page.emulateMedia({ colorScheme: "light" });
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(255, 255, 255)");
});
