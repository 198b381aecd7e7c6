// Import messages come from the core as codes and are said in the UI's language: a French UI
// never shows the core's English, an English UI never the French.
import { test, expect } from "@playwright/test";
import { App } from "./app.js";
import { ImportPage } from "./import.js";
import { setToday } from "./book.js";

const BAD_DATE = "N° facture;Client;Date;Montant TTC\nF-1;Dupont;05/01/2025;100,00\nF-2;Martin;31/02/2025;480,00\n";
const UNKNOWN_LAYOUT = "Doc;Qui;Quand;Combien\nX-1;Acme;05/03/2025;100,00\n";

async function start(page, lang) {
  const app = new App(page);
  await app.goto("settings");
  await page.getByTestId(`lang-${lang}`).click();
  await setToday(page, "2025-04-02");
  const wizard = new ImportPage(page);
  await wizard.open(app);
  return wizard;
}

test("a French UI says a bad date and an unknown layout in French", async ({ page }) => {
  const wizard = await start(page, "fr");
  await wizard.choose("factures.csv", BAD_DATE);
  const row = wizard.errorRows().first();
  await expect(row.locator("td[data-code=bad_date]")).toHaveText("cette date n'existe pas : « 31/02/2025 »");
  await expect(row).not.toContainText("no such date");

  await wizard.choose("export.csv", UNKNOWN_LAYOUT);
  const missing = wizard.errorRows().first();
  await expect(missing.locator("td[data-code=missing_columns]")).toContainText(/^colonne\(s\) introuvable\(s\) : .*Montant TTC.* associez-les ci-dessous$/);
  await expect(missing).not.toContainText("missing column");
});

test("an English UI says them in English", async ({ page }) => {
  const wizard = await start(page, "en");
  await wizard.choose("invoices.csv", BAD_DATE);
  const row = wizard.errorRows().first();
  await expect(row.locator("td[data-code=bad_date]")).toHaveText('no such date: "31/02/2025"');

  await wizard.choose("export.csv", UNKNOWN_LAYOUT);
  const missing = wizard.errorRows().first();
  await expect(missing.locator("td[data-code=missing_columns]")).toContainText(/^missing column\(s\): .*Amount incl\. VAT.* map them below$/);
  await expect(missing).not.toContainText("introuvable");
});

test("a header-only file says it has no data rows, and nothing can be imported", async ({ page }) => {
  const wizard = await start(page, "fr");
  await wizard.choose("vide.csv", "N° facture;Client;Date;Échéance;Montant TTC\n");
  await expect(page.getByTestId("import-no-rows")).toHaveText("Ce fichier n'a que sa ligne d'en-tête : aucune ligne de données à importer.");
  await expect(page.getByTestId("import-commit")).toBeDisabled();
});
