import { test, expect } from "@playwright/test";
import { App } from "./app.js";

test("demo data survives a reload with the same counts", async ({ page }) => {
  const app = new App(page);
  await app.goto("");
  expect(await app.counts()).toEqual({ clients: 0, invoices: 0, payments: 0 });
  await app.loadDemo();
  const before = await app.counts();
  expect(before.clients).toBe(40);
  expect(before.invoices).toBeGreaterThanOrEqual(600);
  await page.reload();
  await app.ready();
  await expect(page.getByTestId("count-invoices")).toHaveText(String(before.invoices));
  expect(await app.counts()).toEqual(before);
});

test("an edit made after a reload survives the next reload", async ({ page }) => {
  const app = new App(page);
  await app.goto("");
  await app.loadDemo();
  await page.reload();
  await app.ready();
  const before = await app.counts();
  const number = await app.payFirstOpenInvoice("10,00");
  await page.reload();
  await app.ready();
  await app.nav("Tableau de bord").click();
  await expect(page.getByTestId("count-payments")).toHaveText(String(before.payments + 1));
  expect(number).toBeTruthy();
});

test("an import reports bad rows with their line and can be undone", async ({ page }) => {
  const app = new App(page);
  await app.goto("import");
  const csv = "N° facture;Client;Date;Échéance;Montant TTC\nF1;\"Dupont; Fils\";01/02/2025;03/03/2025;1 200,00\nF2;Martin;31/02/2025;;50,00\nF3;<b>Martin</b>;05/02/2025;;80,00\n";
  await page.getByTestId("import-file").setInputFiles({ name: "factures.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await expect(page.getByTestId("import-preview")).toContainText("2 nouvelles factures");
  await expect(page.locator("table.errors tbody tr")).toHaveCount(1);
  await expect(page.locator("table.errors tbody tr td").first()).toHaveText("3");
  await page.getByTestId("import-commit").click();
  await expect(page.getByTestId("import-report")).toContainText("2 nouvelles factures");
  // Imported text is shown as text, not HTML.
  await app.nav("Clients").click();
  await expect(page.locator("td", { hasText: "<b>Martin</b>" })).toHaveCount(1);
  await app.nav("Import").click();
  await page.getByRole("button", { name: "Annuler le dernier import" }).click();
  await app.nav("Tableau de bord").click();
  await expect(page.getByTestId("count-invoices")).toHaveText("0");
});
