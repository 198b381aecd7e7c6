// The import wizard: a French Windows-1252 file with bad rows, columns mapped by hand and
// remembered, a payments file through the same steps.
import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { App } from "./app.js";
import { ImportPage } from "./import.js";
import { setToday } from "./book.js";

const FRENCH = `N° facture;Client;Date;Échéance;Montant TTC;Réglé
F-1;"Dupont; Fils";05/01/2025;04/02/2025;1 200,00;200,00
F-2;Martin;31/02/2025;;480,00;
F-3;Lefèvre;01/02/2025;03/03/2025;7x0,00;
F-4;Roux;01/03/2025;31/03/2025;125,50;
F-5;Martin;10/03/2025;;900,00;
`;

async function start(page) {
  const app = new App(page);
  await app.goto("");
  await setToday(page, "2025-04-02");
  const wizard = new ImportPage(page);
  await wizard.open(app);
  return { app, wizard };
}

test("a French ; CSV with two bad rows: errors listed, good rows imported, undo", async ({ page }) => {
  const { app, wizard } = await start(page);
  // Windows-1252 bytes, as a French Excel saves them.
  await wizard.choose("factures.csv", Buffer.from(FRENCH, "latin1"));
  await expect(wizard.setting("encoding")).toHaveValue("1252");
  await expect(wizard.setting("delimiter")).toHaveValue(";");
  await expect(wizard.setting("decimal")).toHaveValue("comma");
  await expect(wizard.setting("dates")).toHaveValue("dmy");
  await expect(wizard.previewRows()).toHaveCount(3);
  await expect(wizard.previewRows().first()).toContainText("Dupont; Fils");
  await expect(wizard.previewRows().first()).toContainText("1 200,00 €");
  await expect(wizard.summary()).toContainText("3 nouvelles factures");
  await expect(page.getByTestId("bad-rows")).toHaveText("2 lignes en erreur");
  await expect(wizard.errorRows()).toHaveCount(2);
  await expect(wizard.errorRows().nth(0).locator("td").nth(0)).toHaveText("3");
  await expect(wizard.errorRows().nth(0).locator("td").nth(1)).toHaveText("3");
  await expect(wizard.errorRows().nth(1).locator("td").nth(0)).toHaveText("4");
  await expect(wizard.errorRows().nth(1).locator("td").nth(1)).toHaveText("5");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Télécharger les erreurs (CSV)" }).click()]);
  const errors = readFileSync(await download.path(), "utf8").split("\r\n");
  expect(errors[0]).toBe("line;column;code;message");
  expect(errors.slice(1, 3).map((l) => l.split(";").slice(0, 3).join(";"))).toEqual(["3;3;bad_date", "4;5;bad_amount"]);
  // The message in the UI's language.
  expect(errors[1]).toContain("cette date n'existe pas");

  const report = await wizard.commit();
  await expect(report).toContainText("3 nouvelles factures");
  await expect(report.locator("table.errors tbody tr")).toHaveCount(2);
  await app.nav("Tableau de bord").click();
  await expect(page.getByTestId("count-invoices")).toHaveText("3");
  await expect(page.getByTestId("count-clients")).toHaveText("3");

  await app.nav("Import").click();
  await wizard.undo();
  await app.nav("Tableau de bord").click();
  await expect(page.getByTestId("count-invoices")).toHaveText("0");
});

test("columns the import does not know are mapped by hand, and the mapping is offered next time", async ({ page }) => {
  const { wizard } = await start(page);
  const header = "Doc;Qui;Quand;Combien\n";
  await wizard.choose("export.csv", header + "X-1;Acme;05/03/2025;100,00\nX-2;Bravo;06/03/2025;250,00\n");
  await expect(wizard.errorRows().first()).toContainText("colonne(s) introuvable(s)");
  await expect(page.getByTestId("import-commit")).toBeDisabled();
  await wizard.map("Doc", "N° de facture");
  await wizard.map("Qui", "Client");
  await wizard.map("Quand", "Date de facture");
  await wizard.map("Combien", "Montant TTC");
  await expect(wizard.previewRows()).toHaveCount(2);
  await expect(wizard.summary()).toContainText("2 nouvelles factures");
  await expect(wizard.errorRows()).toHaveCount(0);
  await wizard.commit();

  await wizard.choose("export-avril.csv", header + "X-3;Cosy;01/04/2025;80,00\n");
  await expect(page.getByTestId("mapping-remembered")).toBeVisible();
  await expect(wizard.previewRows()).toHaveCount(1);
  await expect(wizard.summary()).toContainText("1 nouvelle facture");
  await expect(page.getByTestId("import-mapping").getByRole("combobox", { name: "Doc", exact: true })).toHaveValue("Number");
});

test("a payments file goes through the same wizard and pays the invoices", async ({ page }) => {
  const { app, wizard } = await start(page);
  await wizard.choose("factures.csv", FRENCH);
  await wizard.commit();
  await wizard.choose("reglements.csv", "Date de règlement;Client;Montant;N° facture\n15/03/2025;Roux;125,50;F-4\n20/03/2025;Martin;400,00;F-5\n");
  await expect(wizard.setting("kind")).toHaveValue("payments");
  await expect(wizard.previewRows()).toHaveCount(2);
  await expect(wizard.previewRows().nth(0)).toContainText("Roux");
  await expect(wizard.summary()).toContainText("2 nouveaux règlements");
  await wizard.commit();
  await app.nav("Factures").click();
  await expect(page.locator("tr[data-number=F-4] .outstanding")).toHaveText("0,00 €");
  await expect(page.locator("tr[data-number=F-5] .outstanding")).toHaveText("500,00 €");
});

test("a binary file is refused with a clear message, not offered for mapping", async ({ page }) => {
  const { wizard } = await start(page);
  await page.getByTestId("import-file").setInputFiles({ name: "photo.csv", mimeType: "text/csv", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) });
  await expect(page.locator("main [role=alert]")).toContainText("photo.csv : ce n'est pas un fichier texte");
  await expect(page.getByTestId("import-settings")).toHaveCount(0);
  // The next good file goes through as usual.
  await wizard.choose("factures.csv", FRENCH);
  await expect(wizard.previewRows()).toHaveCount(3);
});

// The preview and the import run in the engine's worker; a page that cannot start it (a
// browser without workers, here) does both itself: the same summary, errors and report, and
// the book holds the rows.
for (const worker of ["the engine's worker", "no worker"]) {
  test(`the same file previews and imports alike with ${worker}`, async ({ page }) => {
    const started = [];
    page.on("worker", (w) => started.push(w.url()));
    if (worker === "no worker") await page.addInitScript(() => delete window.Worker);
    const { app, wizard } = await start(page);
    await wizard.choose("factures.csv", Buffer.from(FRENCH, "latin1"));
    await expect(wizard.summary()).toContainText("3 nouvelles factures");
    await expect(page.getByTestId("bad-rows")).toHaveText("2 lignes en erreur");
    await expect(wizard.errorRows().nth(0)).toContainText("cette date n'existe pas");
    const report = await wizard.commit();
    await expect(report).toContainText("3 nouvelles factures");
    await expect(report.locator("table.errors tbody tr")).toHaveCount(2);
    await app.nav("Tableau de bord").click();
    await expect(page.getByTestId("count-invoices")).toHaveText("3");
    expect(started.some((u) => /engine-worker/.test(u))).toBe(worker !== "no worker");
  });
}
