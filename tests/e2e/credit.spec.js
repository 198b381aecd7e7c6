import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { App } from "./app.js";
import { Reminders } from "./reminders.js";
import { ClientPage } from "./client.js";
import { setToday, importBook, fillCompany } from "./book.js";

/** The shared book imported on 02/04/2025 (with the company profile when asked). */
async function start(page, { company = false } = {}) {
  const app = new App(page);
  await app.goto("");
  await setToday(page, "2025-04-02");
  if (company) await fillCompany(page, app);
  await importBook(page, app);
  return { app, rem: new Reminders(page), client: new ClientPage(page) };
}

/** Sets the provision grid to the statistical example (1.5 / 3.4 / 7.1 / 10.8 %). */
async function statisticalGrid(page) {
  const details = page.getByTestId("provisions").locator("details").first();
  for (const [k, v] of [[1, "1,5"], [2, "3,4"], [3, "7,1"], [4, "10,8"]]) {
    // Saving a rate redraws the panel (closed): open it again for the next one.
    if ((await details.getAttribute("open")) === null) await details.locator("summary").click();
    const input = page.locator(`input[name="rate-${k}"]`);
    await input.fill(v);
    await input.blur();
  }
}

test("a payment plan: the installment paid shows, dunning skips the client until one is missed", async ({ page }) => {
  const { app, rem, client } = await start(page);
  await rem.open();
  expect(await rem.clients()).toContain("Acme");

  // Acme owes 2,000.00: two monthly installments of 1,000.00 from 10/04.
  await client.open("Acme");
  await client.agreePlan({ count: "2", first: "2025-04-10" });
  const plan = page.getByTestId("plans");
  await expect(page.getByTestId("plan-status")).toHaveText("Respecté");
  await expect(plan.getByTestId("installment-status")).toHaveText(["À venir", "À venir"]);
  await rem.open();
  expect(await rem.clients()).not.toContain("Acme");

  await client.open("Acme");
  await client.pay("A-1", "1000", "2025-04-02");
  await expect(plan.getByTestId("installment-status")).toHaveText(["Payée", "À venir"]);
  await setToday(page, "2025-04-20");
  await rem.open();
  expect(await rem.clients()).not.toContain("Acme");

  // The second installment (10/05) not paid: the plan is broken, dunning takes Acme back.
  await setToday(page, "2025-05-12");
  await client.open("Acme");
  await expect(page.getByTestId("plan-status")).toHaveText("Échéance manquée");
  await expect(plan.getByTestId("installment-status")).toHaveText(["Payée", "Manquée"]);
  await app.goto("");
  await expect(page.getByTestId("alerts")).toContainText("Acme · Échéance manquée · 10/05/2025 · 1\u202f000,00 €");
  await rem.open();
  expect(await rem.clients()).toContain("Acme");
});

test("a dispute opened with its reason takes the invoice out of the worklist", async ({ page }) => {
  const { rem, client } = await start(page);
  await client.open("Bravo");
  await client.openDispute("B-1", "Qualité", "pièces rayées");
  await rem.open();
  expect(await rem.clients()).not.toContain("Bravo");
  await page.getByRole("link", { name: "Crédit" }).click();
  await expect(page.getByTestId("disputes")).toContainText("Bravo · B-1 · Qualité · 02/04/2025");
});

test("provisions: the accountant's CSV downloads with the expected totals", async ({ page }) => {
  await start(page);
  await page.getByRole("link", { name: "Crédit" }).click();
  // By default nothing is provisioned by age (CGI art. 39-1-5°: justified client by client).
  await expect(page.getByTestId("provision-note")).toContainText("CGI art. 39-1-5°");
  await expect(page.getByTestId("provision-total")).toContainText("0,00 €");
  // The user chooses a statistical grid (1.5 / 3.4 / 7.1 / 10.8 %).
  await statisticalGrid(page);
  // On the amounts net of 20 % VAT at 02/04/2025:
  // A-1 61 days 1,000.00 × 7.1 % = 71.00; A-2 250.00 × 3.4 % = 8.50; A-3 416.67 × 1.5 % = 6.25;
  // B-1 1,666.67 × 1.5 % = 25.00; C-1 125.00 × 1.5 % = 1.88; D-1 not due. Total 112.63.
  await expect(page.getByTestId("provision-total")).toContainText("112,63 €");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Exporter les écritures (CSV)" }).click()]);
  expect(download.suggestedFilename()).toBe("provisions-2025-04-02.csv");
  const csv = readFileSync(await download.path(), "utf8");
  expect(csv.startsWith("\ufeffDate;Compte;")).toBe(true);
  const sum = (account, col) => csv.split("\r\n").filter((l) => l.split(";")[1] === account)
    .reduce((s, l) => s + Number(l.split(";")[col].replace(",", ".")), 0);
  expect(sum("6817", 3).toFixed(2)).toBe("112.63");
  expect(sum("491", 4).toFixed(2)).toBe("112.63");
  // Nobody marked an invoice doubtful and none is in litigation: nothing moves to 416.
  expect(sum("416", 3).toFixed(2)).toBe("0.00");
});

test("a recorded closing: the next export writes back the provision of an invoice paid since (491 / 7817)", async ({ page }) => {
  const { client } = await start(page);
  await page.getByRole("link", { name: "Crédit" }).click();
  await expect(page.getByTestId("last-closing")).toContainText("Aucune clôture enregistrée");
  await statisticalGrid(page);
  // The same grid as above: 112.63 at 02/04/2025, A-2's part 250.00 × 3.4 % = 8.50.
  await expect(page.getByTestId("provision-total")).toContainText("112,63 €");
  await page.getByRole("button", { name: "Enregistrer la clôture" }).click();
  const last = page.getByTestId("last-closing");
  await expect(last).toHaveAttribute("data-date", "2025-04-02");
  await expect(last).toHaveAttribute("data-total", "112.63");
  await expect(last).toContainText("02/04/2025 · 112,63 €");
  // Recorded again at the same date: refused, the last closing unchanged.
  await page.getByRole("button", { name: "Enregistrer la clôture" }).click();
  await expect(page.getByText("Une clôture doit suivre la dernière enregistrée, du 02/04/2025.")).toBeVisible();

  // A-2 (300.00) is paid in full.
  await client.open("Acme");
  await client.pay("A-2", "300", "2025-04-02");
  await page.getByRole("link", { name: "Crédit" }).click();
  // Stored: the closing is still there after a reload.
  await page.reload();
  await expect(last).toHaveAttribute("data-total", "112.63");
  const date = page.locator('input[name="closing"]');
  await date.fill("2025-04-03");
  await date.press("Tab");
  await expect(page.getByTestId("last-closing")).toContainText("Écritures depuis la clôture du 02/04/2025");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Exporter les écritures (CSV)" }).click()]);
  expect(download.suggestedFilename()).toBe("provisions-2025-04-03.csv");
  const csv = readFileSync(await download.path(), "utf8");
  const lines = csv.split("\r\n");
  // A-2's 8.50 is written back whole; the others only rose with a day's age (6817 / 491).
  expect(lines.filter((l) => l.split(";")[1] === "7817")).toEqual(["03/04/2025;7817;Reprise provision A-2 Acme;;8,50;A-2"]);
  expect(lines).toContain("03/04/2025;491;Reprise provision A-2 Acme;8,50;;A-2");
  // The undo takes the closing back.
  await page.getByRole("button", { name: "Annuler la dernière clôture" }).click();
  await expect(page.getByTestId("last-closing")).toContainText("Aucune clôture enregistrée");
});

test("the case file's print view lists the reminders sent and the penalty computation", async ({ page }) => {
  const { rem, client } = await start(page, { company: true });
  await rem.open();
  // Amicable first: the firm reminder's call, then the notice 30 days later.
  const call = await rem.prepare("Acme");
  await call.getByRole("button", { name: "Appel effectué" }).click();
  // Recorded (the client leaves the worklist) before the reload that moves the date on.
  await expect(rem.row("Acme")).toHaveCount(0);
  await setToday(page, "2025-05-02");
  await rem.open();
  const draft = await rem.prepare("Acme");
  await draft.getByRole("button", { name: "Marquer comme envoyé" }).click();
  await expect(rem.row("Acme")).toHaveCount(0);

  await setToday(page, "2025-05-20");
  await client.open("Acme");
  await expect(page.getByTestId("timeline")).toContainText("02/05/2025 · Mise en demeure (Recommandé AR)");
  const doc = await client.print("Dossier de recouvrement");
  await expect(doc).toContainText("Atelier Dupont");
  await expect(doc.getByTestId("case-history")).toContainText("02/05/2025 · Mise en demeure (Recommandé AR)");
  await expect(doc.getByTestId("case-history")).toContainText("Mise en demeure");
  for (const n of ["A-1", "A-2", "A-3"]) await expect(doc).toContainText(n);
  // Principal 2,000.00 + €40 × 3; penalties at ECB 2025-H1 3.15 + 10 = 13.15 %.
  await expect(doc).toContainText("13,15 %");
  await expect(doc).toContainText("120,00 €");
  // Only the document prints.
  await expect(page.getByTestId("open-items")).toBeHidden();
});
