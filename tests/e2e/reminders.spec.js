import { test, expect } from "@playwright/test";
import { App } from "./app.js";
import { Reminders } from "./reminders.js";
import { execFileSync } from "node:child_process";
import { setToday, importBook, fillCompany } from "./book.js";

test("the worklist, a notice's draft and letter, mark as sent and the next level", async ({ page }) => {
  const app = new App(page);
  const rem = new Reminders(page);
  await app.goto("");
  await setToday(page, "2025-04-02");
  await fillCompany(page, app);
  await importBook(page, app);
  await rem.open();

  expect((await rem.clients()).sort()).toEqual(["Acme", "Bravo", "Cosy"]);
  // Nothing was sent yet: amicable first. Acme's date reaches the mise en demeure and Bravo's
  // the formal reminder, both start at the firm reminder and its call.
  await expect(rem.row("Acme").locator(".level")).toHaveText("Relance ferme + appel (3/6)");
  await expect(rem.row("Bravo").locator(".level")).toHaveText("Relance ferme + appel (3/6)");
  // Delta is not due until 30/04 (its courtesy note falls on 25/04): not listed.
  await expect(rem.row("Delta")).toHaveCount(0);
  const call = await rem.prepare("Acme");
  await call.getByRole("button", { name: "Appel effectué" }).click();
  await expect(rem.row("Acme")).toHaveCount(0);

  // The notice follows the firm reminder after its own gap (45 − 15 = 30 days): 02/05.
  await setToday(page, "2025-05-01");
  await rem.open();
  await expect(rem.row("Acme").locator(".level")).toHaveText("Relance formelle (4/6)");
  await setToday(page, "2025-05-02");
  await rem.open();
  await expect(rem.row("Acme").locator(".level")).toHaveText("Mise en demeure (5/6)");

  const draft = await rem.prepare("Acme");
  const body = await draft.locator("textarea[name=body]").inputValue();
  for (const text of ["A-1 du 01/01/2025", "A-2 du 15/01/2025", "A-3 du 01/02/2025", "Principal : 2\u202f000,00 €", "Indemnité forfaitaire", "120,00 €", "Atelier Dupont", "Nos précédentes relances", "base 365 jours", "les frais de procédure pouvant être mis à votre charge"]) {
    expect(body).toContain(text);
  }

  const letter = await rem.printLetter(draft, "Acme");
  // The deadline: the letter's date + 15 days.
  for (const text of ["Lettre recommandée avec accusé de réception", "mise en demeure", "Mise en demeure de payer", "A-1", "A-3", "Total réclamé", "au plus tard le 17/05/2025", "FR76 3000", "Lyon, le 02/05/2025", "Marie Dupont, gérante", "1 place Bellecour"]) {
    await expect(letter).toContainText(text);
  }
  // Only the letter prints: the worklist table is hidden in print.
  await expect(page.locator("table.worklist")).toBeHidden();
  await page.emulateMedia({ media: "screen" });

  await draft.getByRole("button", { name: "Marquer comme envoyé" }).click();
  await expect(rem.row("Acme")).toHaveCount(0);
  await expect(page.getByTestId("journal")).toContainText("Acme · Mise en demeure (Recommandé AR)");

  // The handover falls 15 days after the notice actually sent.
  await setToday(page, "2025-05-16");
  await rem.open();
  await expect(rem.row("Acme")).toHaveCount(0);
  await setToday(page, "2025-05-17");
  await rem.open();
  await expect(rem.row("Acme").locator(".level")).toHaveText("Transmission (6/6)");
});

test("demo data: the worklist the CLI computes for the same book; a call with a promise takes the client out", async ({ page }) => {
  const app = new App(page);
  const rem = new Reminders(page);
  await app.goto("");
  await setToday(page, "2025-06-30");
  await app.loadDemo();
  await rem.open();
  // The same demo book through `encours worklist --demo` (the core on the command line).
  const cli = JSON.parse(execFileSync("cargo", ["run", "-q", "-p", "encours-cli", "--", "worklist", "--demo", "--as-of", "2025-06-30", "--json"], { encoding: "utf8" }));
  const expected = cli.entries.map((e) => e.client).sort();
  expect(expected.length).toBeGreaterThan(3);
  expect((await rem.clients()).sort()).toEqual(expected);
  for (const e of cli.entries) {
    await expect(rem.row(e.client).locator(".level")).toContainText(`${e.level} (${e.level_index + 1}/`);
  }
  // A phone level: the call script and the outcome form.
  const phoneRow = page.locator("table.worklist tbody tr[data-client]", { hasText: "Appel" }).first();
  const name = await phoneRow.getAttribute("data-client");
  await phoneRow.getByRole("button").click();
  const draft = page.getByTestId("draft");
  await expect(draft.locator("pre.script")).toContainText(name);
  await draft.locator("select").nth(1).selectOption("promise");
  await draft.locator("input[name=promise-date]").fill("2099-01-01");
  await draft.locator("input[name=promise-amount]").fill("100");
  await draft.getByRole("button", { name: "Appel effectué" }).click();
  await expect(page.locator(`table.worklist tbody tr[data-client="${name}"]`)).toHaveCount(0);
  await expect(page.getByTestId("journal")).toContainText(`${name} · `);
  await expect(page.getByTestId("journal")).toContainText("Promesse de paiement");
});

test("a disputed invoice leaves the worklist with its reason", async ({ page }) => {
  const app = new App(page);
  const rem = new Reminders(page);
  await app.goto("");
  await setToday(page, "2025-04-02");
  await importBook(page, app);
  await rem.open();
  const draft = await rem.prepare("Bravo");
  // Bravo's level is a letter; mark disputed through the invoices page instead.
  await draft.getByRole("button", { name: "Fermer" }).click();
  await app.nav(/Factures|Invoices/).click();
  const row = page.locator('table.invoices tbody tr[data-number="B-1"]');
  await row.getByRole("button", { name: /litige|dispute/i }).click();
  await rem.open();
  await expect(rem.row("Bravo")).toHaveCount(0);
  await expect(page.getByTestId("excluded")).toContainText("Bravo · B-1 — facture en litige");
});
