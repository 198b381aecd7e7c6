import { test, expect } from "@playwright/test";
import { App } from "./app.js";

test("two tabs: a change in one appears in the other, and neither loses it", async ({ context }) => {
  const a = new App(await context.newPage());
  const b = new App(await context.newPage());
  await a.goto("");
  await b.goto("");
  await a.loadDemo();
  // B hears of it without a reload.
  const counts = await a.counts();
  await expect(b.page.getByTestId("count-invoices")).toHaveText(String(counts.invoices));
  // Both tabs edit, one after the other.
  await a.payFirstOpenInvoice("3");
  await b.payFirstOpenInvoice("4");
  await a.nav("Tableau de bord").click();
  await b.nav("Tableau de bord").click();
  await expect(a.page.getByTestId("count-payments")).toHaveText(String(counts.payments + 2));
  await expect(b.page.getByTestId("count-payments")).toHaveText(String(counts.payments + 2));
  await a.page.reload();
  await a.ready();
  await expect(a.page.getByTestId("count-payments")).toHaveText(String(counts.payments + 2));
});
