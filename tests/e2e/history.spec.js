// The audit trail (issue 20): an invoice's page lists who did what, when — read off the event
// log, so a payment, a reminder and a dispute appear with their date and their author.
import { test, expect } from "@playwright/test";
import { App } from "./app.js";
import { Reminders } from "./reminders.js";
import { setToday, importBook } from "./book.js";

test("an invoice's history lists its import, a payment, a reminder and a dispute, each with its date and author", async ({ page }) => {
  const app = new App(page);
  await app.goto("");
  await setToday(page, "2025-04-02");
  await app.goto("settings");
  const author = page.getByTestId("author");
  await author.fill("Léa Martin");
  await author.blur();

  await importBook(page, app);

  // A payment on A-1 from the invoices list.
  await app.nav("Factures").click();
  await page.getByRole("searchbox").fill("A-1");
  const row = page.locator("tr[data-number=A-1]");
  await row.getByRole("button", { name: "Enregistrer un règlement" }).click();
  await page.locator("form.payment input[name=amount]").fill("200,00");
  await page.locator("form.payment button[type=submit]").click();
  await expect(row.locator(".outstanding")).toHaveText("1 000,00 €");

  // A reminder to Acme (A-1 is in it): its level is a call, recorded as made.
  const rem = new Reminders(page);
  await rem.open();
  const draft = await rem.prepare("Acme");
  await draft.getByRole("button", { name: "Appel effectué" }).click();
  await expect(rem.row("Acme")).toHaveCount(0);

  // A dispute on A-1 from the invoices list.
  await app.nav("Factures").click();
  await page.getByRole("searchbox").fill("A-1");
  await row.getByRole("button", { name: "Marquer en litige" }).click();
  await expect(row.getByRole("button", { name: "Litige résolu" })).toBeVisible();

  // The invoice's page: its history, newest first.
  await row.locator("a", { hasText: "A-1" }).click();
  await expect(page.getByTestId("invoice-number")).toHaveText("Facture A-1");
  const history = page.getByTestId("history");
  await history.locator("summary").click();
  const rows = history.locator("tbody tr");
  await expect(rows).toHaveCount(4);
  const texts = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  const what = texts.map((r) => r[3]);
  expect(what[0]).toBe("Litige ouvert : A-1");
  expect(what[1]).toMatch(/^Relance : Relance ferme \+ appel \(.+, appel noté\) · A-1, A-2, A-3$/);
  expect(what[2]).toBe("Règlement de 200,00 € reçu le 02/04/2025 (A-1)");
  expect(what[3]).toBe("Import : relances.csv");
  for (const r of texts) {
    // When: the device's clock today (the simulated date only moves the book's "today").
    expect(r[0]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(r[1]).toBe("Léa Martin");
    // Where: this device, which has no name set.
    expect(r[2]).toBe("cet appareil");
  }
  // Another invoice's history does not list A-1's payment or dispute.
  await app.goto("invoices");
  await page.getByRole("searchbox").fill("B-1");
  await page.locator("tr[data-number=B-1] a", { hasText: "B-1" }).click();
  await page.getByTestId("history").locator("summary").click();
  await expect(page.getByTestId("history").locator("tbody tr")).toHaveCount(1);

  // A history read before (its heads cached) lists what was appended since.
  await app.goto("invoices");
  await page.getByRole("searchbox").fill("A-1");
  await row.getByRole("button", { name: "Enregistrer un règlement" }).click();
  await page.locator("form.payment input[name=amount]").fill("100,00");
  await page.locator("form.payment button[type=submit]").click();
  await expect(row.locator(".outstanding")).toHaveText("900,00 €");
  await row.locator("a", { hasText: "A-1" }).click();
  await history.locator("summary").click();
  await expect(rows).toHaveCount(5);
  await expect(rows.first().locator("td").nth(3)).toHaveText("Règlement de 100,00 € reçu le 02/04/2025 (A-1)");
});
