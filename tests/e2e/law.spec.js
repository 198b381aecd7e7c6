// French law in the app: a consumer's notice (art. 1231-6 Code civil, the legal rate, no €40)
// and a prescribed invoice (L110-4 Code de commerce) flagged and left out of the worklist.
import { test, expect } from "@playwright/test";
import { App } from "./app.js";
import { Reminders } from "./reminders.js";
import { ClientPage } from "./client.js";
import { setToday, importBook, fillCompany } from "./book.js";

test("a consumer's notice cites art. 1231-6 and the legal rate, without the €40", async ({ page }) => {
  const app = new App(page);
  const rem = new Reminders(page);
  const client = new ClientPage(page);
  await app.goto("");
  await setToday(page, "2025-04-02");
  await fillCompany(page, app);
  await importBook(page, app);
  await client.open("Cosy");
  await page.locator("details.details summary").first().click();
  await page.locator('select[name="kind"]').selectOption("b2c");

  // Amicable first: the firm reminder's call, then the notice 30 days later.
  await rem.open();
  await expect(rem.row("Cosy").locator(".level")).toHaveText("Relance ferme + appel (3/6)");
  const call = await rem.prepare("Cosy");
  await call.getByRole("button", { name: "Appel effectué" }).click();
  // Recorded (the client leaves the worklist) before the reload that moves the date on.
  await expect(rem.row("Cosy")).toHaveCount(0);
  await setToday(page, "2025-05-02");
  await rem.open();
  await expect(rem.row("Cosy").locator(".level")).toHaveText("Mise en demeure (5/6)");
  const draft = await rem.prepare("Cosy");
  const body = await draft.locator("textarea[name=body]").inputValue();
  // The legal interest rate « autres cas » of 2025-H1: 3.71 %; interest runs from this notice.
  for (const text of ["article 1231-6 du Code civil", "3,71 %", "1er semestre 2025", "base 365 jours", "Principal : 150,00 €", "Total réclamé : 150,00 €", "À compter de la présente mise en demeure", "les frais de procédure pouvant être mis à votre charge", "au plus tard le 17/05/2025"]) {
    expect(body).toContain(text);
  }
  for (const text of ["40 €", "D441-5", "L441-10", "Indemnité forfaitaire", ": 0,00 €"]) {
    expect(body).not.toContain(text);
  }
});

test("an invoice due six years ago shows « prescrite » and is absent from the worklist", async ({ page }) => {
  const app = new App(page);
  const rem = new Reminders(page);
  const client = new ClientPage(page);
  await app.goto("");
  await setToday(page, "2025-04-02");
  // V-1 due 31/01/2019: 5 years (L110-4), last day 31/01/2024, prescribed from 01/02/2024.
  const csv = "N° facture;Client;Date;Échéance;Montant TTC\nV-1;Vieux;01/12/2018;31/01/2019;800,00\nN-1;Neuf;01/02/2025;03/03/2025;500,00\n";
  await app.goto("import");
  await page.getByTestId("import-file").setInputFiles({ name: "old.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByTestId("import-commit").click();
  await expect(page.getByTestId("import-report")).toBeVisible();

  await rem.open();
  expect(await rem.clients()).toContain("Neuf");
  expect(await rem.clients()).not.toContain("Vieux");
  await expect(page.getByTestId("excluded")).toContainText("Vieux · V-1 — Prescrite depuis le 01/02/2024");

  await client.open("Vieux");
  await expect(client.item("V-1").getByTestId("prescribed")).toHaveText("prescrite depuis le 01/02/2024");
  await app.nav(/Factures|Invoices/).click();
  await page.locator('table.invoices tbody tr[data-number="V-1"] a').first().click();
  await expect(page.getByTestId("prescribed")).toHaveText("prescrite depuis le 01/02/2024");
});
