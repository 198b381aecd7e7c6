import { test, expect } from "@playwright/test";
import { App } from "./app.js";

test("after one visit the app loads and works offline", async ({ page, context }) => {
  const app = new App(page);
  await app.goto("");
  await app.loadDemo();
  const counts = await app.counts();
  // Wait until the service worker controls the page and has cached the shell.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
    }
  });
  await context.setOffline(true);
  await page.reload();
  await app.ready();
  expect(await app.counts()).toEqual(counts);
  // A deep link too, and an edit while offline.
  await page.goto("invoices");
  await app.ready();
  await expect(page.locator("h1")).toHaveText("Factures");
  await app.payFirstOpenInvoice("5");
  await app.nav("Tableau de bord").click();
  await expect(page.getByTestId("count-payments")).toHaveText(String(counts.payments + 1));
  await context.setOffline(false);
});
