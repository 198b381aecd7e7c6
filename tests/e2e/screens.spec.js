// The everyday screens (issue 19): the invoices list reaches every row and sorts; a payment is
// checked (negative refused, an overpayment confirmed), corrected, cancelled and restored.
import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { App } from "./app.js";
import { AgingPage } from "./aging.js";
import { ClientPage } from "./client.js";
import { setToday } from "./book.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/balance.csv", import.meta.url));

async function importText(page, app, name, text) {
  await app.goto("import");
  await page.getByTestId("import-file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text, "utf8") });
  await page.getByTestId("import-commit").click();
  await expect(page.getByTestId("import-report")).toBeVisible();
}

async function start(page, text, name) {
  const app = new App(page);
  await app.goto("");
  await setToday(page, "2025-04-02");
  await importText(page, app, name, text);
  return app;
}

// 123 invoices N-1 … N-123 for three clients; N-k is worth k × 10 € + 0,50 €.
const N = 123;
const amount = (k) => k * 10 + 0.5;
function bigBook() {
  const lines = ["N° facture;Client;Date;Échéance;Montant TTC"];
  for (let k = 1; k <= N; k++) {
    const client = ["Arbre", "Borne", "Cèdre"][k % 3];
    lines.push(`N-${k};${client};01/02/2025;03/03/2025;${String(amount(k)).replace(".", ",")}0`);
  }
  return lines.join("\n") + "\n";
}

const numbers = (page) => page.locator("table.invoices tbody tr[data-number]").evaluateAll((rows) => rows.map((r) => r.dataset.number));

test("the invoices list reaches its last invoice page by page, shows the count and sorts by each column", async ({ page }) => {
  const app = await start(page, bigBook(), "grand.csv");
  await app.nav("Factures").click();
  await expect(page.getByTestId("invoice-summary")).toContainText(`${N} affichées`);
  // 123 rows at 50 a page: 3 pages (50, 50, 23).
  await expect(page.getByTestId("invoice-page")).toHaveText("page 1 / 3");
  const next = page.getByRole("button", { name: "Page suivante" });
  const seen = [];
  for (let p = 1; p <= 3; p++) {
    await expect(page.getByTestId("invoice-page")).toHaveText(`page ${p} / 3`);
    seen.push(...(await numbers(page)));
    if (p < 3) await next.click();
  }
  await expect(next).toBeDisabled();
  expect(seen.length).toBe(N);
  expect(new Set(seen).size).toBe(N);
  // The book's order: the last row of the last page is the last invoice imported.
  expect(seen.at(-1)).toBe(`N-${N}`);
  // « First » then « last » page.
  await page.getByRole("button", { name: "Première page" }).click();
  await expect(page.getByTestId("invoice-page")).toHaveText("page 1 / 3");
  await page.getByRole("button", { name: "Dernière page" }).click();
  expect((await numbers(page)).length).toBe(23);

  // Sorting: by amount, descending (second click): N-123 (1 230,50 €) first; the pager starts over.
  const sortBy = (name) => page.locator("table.invoices thead th button", { hasText: name });
  await sortBy("Montant").first().click();
  await expect(page.getByTestId("invoice-page")).toHaveText("page 1 / 3");
  expect((await numbers(page))[0]).toBe("N-1");
  await sortBy("Montant").first().click();
  await expect(page.locator("table.invoices thead th[aria-sort=descending]")).toHaveCount(1);
  expect((await numbers(page)).slice(0, 3)).toEqual(["N-123", "N-122", "N-121"]);
  // By number, natural order: N-9 before N-10.
  await sortBy("N°").click();
  expect((await numbers(page)).slice(8, 11)).toEqual(["N-9", "N-10", "N-11"]);
  // By client: Arbre holds k ≡ 1 (mod 3): 41 invoices, then Borne.
  await sortBy("Client").click();
  const rows = page.locator("table.invoices tbody tr[data-number] td:nth-child(2)");
  await expect(rows.first()).toHaveText("Arbre");
  await page.getByRole("button", { name: "Page suivante" }).click();
  // Rows 51–100: 51..82 are Borne (k ≡ 2, 41 of them: rows 42–82), then Cèdre.
  await expect(rows.first()).toHaveText("Borne");
  await expect(rows.last()).toHaveText("Cèdre");
  // By due date, by status, by outstanding, by issue date: each sorts without losing a row.
  for (const name of ["Échéance", "Statut", "Reste dû", "Date"]) {
    await sortBy(name).first().click();
    await expect(page.getByTestId("invoice-summary")).toContainText(`${N} affichées`);
    await expect(page.getByTestId("invoice-page")).toHaveText("page 1 / 3");
  }
});

const total = async (page, app) => {
  const aging = new AgingPage(page);
  await aging.open(app);
  return (await aging.amounts())[0];
};

async function openInvoice(page, app, number) {
  await app.nav("Factures").click();
  await page.getByRole("searchbox").fill(number);
  await page.locator(`tr[data-number="${number}"] a`).click();
  await expect(page.getByTestId("invoice-number")).toContainText(number);
}

test("a zero or negative payment is refused with a message; an overpayment asks first and says where the surplus goes", async ({ page }) => {
  const app = await start(page, readFileSync(FIXTURE, "utf8"), "balance.csv");
  // By hand (portfolio.spec.js): 6,555.50 outstanding in all.
  expect(await total(page, app)).toBe("6555.50");
  await openInvoice(page, app, "F-102");
  await page.getByRole("button", { name: "Enregistrer un règlement" }).click();
  const form = page.locator("form.payment");
  // Opening the form puts the keyboard in its amount.
  await expect(form.locator("input[name=amount]")).toBeFocused();
  for (const bad of ["-5", "0", "0,00"]) {
    await form.locator("input[name=amount]").fill(bad);
    await form.locator("button[type=submit]").click();
    await expect(page.getByTestId("payment-error")).toHaveText("Le montant doit être supérieur à zéro.");
  }
  // 1,000,000 € on F-102 (480,00 € due): 999 520,00 € above it.
  await form.locator("input[name=amount]").fill("1 000 000");
  await form.locator("button[type=submit]").click();
  const ask = page.getByTestId("overpayment");
  await expect(ask).toContainText("dépasse le reste dû de 999\u202f520,00 €");
  await expect(ask).toContainText("reste dû : 480,00 €");
  await expect(ask).toContainText("crédit du client");
  await ask.getByRole("button", { name: "Modifier le montant" }).click();
  await expect(ask).toHaveCount(0);
  await expect(page.getByTestId("invoice-payments").locator("li")).toHaveCount(0);
  expect(await total(page, app)).toBe("6555.50");

  // Confirmed on Martin's F-104 (900,00 €): 1 000,00 € settles it, the 100,00 € surplus goes
  // to Martin's credit, applied to its oldest open invoice F-103 (3 600,00 → 3 500,00).
  await openInvoice(page, app, "F-104");
  await page.getByRole("button", { name: "Enregistrer un règlement" }).click();
  await form.locator("input[name=amount]").fill("1 000,00");
  await form.locator("button[type=submit]").click();
  await expect(ask).toContainText("de 100,00 €");
  await ask.getByRole("button", { name: "Confirmer le règlement" }).click();
  await expect(form).toHaveCount(0);
  // After saving, the keyboard is on the figure that changed.
  await expect(page.getByTestId("invoice-outstanding")).toBeFocused();
  await expect(page.getByTestId("invoice-outstanding")).toHaveText("0,00 €");
  // 6,555.50 − 1,000.00 = 5,555.50; never a negative invoice.
  expect(await total(page, app)).toBe("5555.50");
  await openInvoice(page, app, "F-103");
  await expect(page.getByTestId("invoice-outstanding")).toHaveText("3\u202f500,00 €");
});

test("a payment is corrected and cancelled from the invoice and the client pages, both kept in the history, and undone", async ({ page }) => {
  const app = await start(page, readFileSync(FIXTURE, "utf8"), "balance.csv");
  await openInvoice(page, app, "F-102");
  await page.getByRole("button", { name: "Enregistrer un règlement" }).click();
  const form = page.locator("form.payment");
  await form.locator("input[name=amount]").fill("100");
  await form.locator("button[type=submit]").click();
  await expect(page.getByTestId("invoice-outstanding")).toHaveText("380,00 €");
  // 6,555.50 − 100 = 6,455.50.
  expect(await total(page, app)).toBe("6455.50");

  // Corrected on the invoice page: 100 was meant to be 150 → 480 − 150 = 330 owed.
  await openInvoice(page, app, "F-102");
  const payments = page.getByTestId("invoice-payments");
  await payments.getByRole("button", { name: "Corriger" }).click();
  await expect(form.locator("input[name=amount]")).toBeFocused();
  await form.locator("input[name=amount]").fill("150");
  await form.locator("button[type=submit]").click();
  await expect(page.getByTestId("invoice-outstanding")).toHaveText("330,00 €");
  expect(await total(page, app)).toBe("6405.50");

  // Cancelled from the client page: the aged balance is back to its figure.
  const client = new ClientPage(page);
  await client.open("Dupont; Fils");
  await page.getByTestId("payments").locator("li", { hasText: "F-102" }).getByRole("button", { name: "Annuler ce règlement" }).click();
  await expect(page.getByTestId("payments").locator("li")).toHaveCount(1); // F-101's 200 paid so far
  expect(await total(page, app)).toBe("6555.50");

  // The invoice's history lists both, newest last.
  await openInvoice(page, app, "F-102");
  const history = page.getByTestId("invoice-timeline").locator("li");
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toContainText("Règlement corrigé : 100,00 € 02/04/2025 → 150,00 € 02/04/2025");
  await expect(history.nth(1)).toContainText("Règlement annulé (contre-passation) : 150,00 €");
  await expect(page.getByTestId("invoice-outstanding")).toHaveText("480,00 €");

  // Undo the cancellation from the client's timeline: 150 back, 330 owed again.
  await client.open("Dupont; Fils");
  const timeline = page.getByTestId("timeline");
  await timeline.locator("li", { hasText: "annulé" }).getByRole("button", { name: "Défaire" }).click();
  await expect(timeline.locator("li", { hasText: "défaite" })).toHaveCount(1);
  await expect(timeline.locator("li", { hasText: "annulé" }).getByRole("button", { name: "Défaire" })).toHaveCount(0);
  expect(await total(page, app)).toBe("6405.50");
  // And the correction, from the invoice page: back to 100 → 380 owed.
  await openInvoice(page, app, "F-102");
  await page.getByTestId("invoice-timeline").locator("li", { hasText: "corrigé" }).getByRole("button", { name: "Défaire" }).click();
  await expect(page.getByTestId("invoice-outstanding")).toHaveText("380,00 €");
  // Kept after a reload (stored).
  await page.reload();
  await app.ready();
  await expect(page.getByTestId("invoice-outstanding")).toHaveText("380,00 €");
  await expect(page.getByTestId("invoice-timeline").locator("li")).toHaveCount(4);
});

test("one count of open disputes: the Crédit page, the dashboard and the worklist agree, imported or opened here", async ({ page }) => {
  const app = await start(page, readFileSync(FIXTURE, "utf8"), "balance.csv");
  // F-105 (750,00 €) comes in « litige »; F-103 (3 600,00 €) is disputed here.
  const client = new ClientPage(page);
  await client.open("Martin SA");
  await client.openDispute("F-103", "Prix", "contesté");
  await page.locator("header.top nav a", { hasText: "Crédit" }).click();
  const count = page.getByTestId("dispute-count");
  await expect(count).toHaveAttribute("data-open", "2");
  await expect(count).toContainText("2 ouverts");
  const list = page.getByTestId("disputes").locator("li");
  await expect(list).toHaveCount(2);
  await expect(page.getByTestId("disputes")).toContainText("F-105");
  await expect(page.getByTestId("disputes")).toContainText("F-103");
  // « 13 semaines »: 13 weeks ahead, the past weeks labelled as such.
  const forecast = page.getByTestId("forecast");
  await expect(forecast.locator("tr.ahead")).toHaveCount(13);
  await expect(forecast.locator("tr.group").last()).toHaveText("13 semaines à venir");
  await expect(forecast.locator("tr.group").first()).toContainText("semaines passées : prévu et reçu");
  await expect(forecast.locator("svg rect")).toHaveCount(13);
  // The dashboard's disputed figure is those two invoices: 750,00 + 3 600,00 = 4 350,00 €.
  await app.nav("Tableau de bord").click();
  await expect(page.locator(".card", { hasText: "En litige" }).locator(".card-value")).toHaveText("4\u202f350,00 €");
  // The worklist leaves out the same two for their dispute.
  await page.locator("header.top nav a", { hasText: "Relances" }).click();
  await expect(page.getByTestId("excluded").locator("li", { hasText: "facture en litige" })).toHaveCount(2);
});

test("the charts have value axes with French ticks: the dashboard's and the 13-week forecast", async ({ page }) => {
  const app = new App(page);
  await app.goto("");
  await setToday(page, "2025-04-02");
  await app.goto("");
  await app.loadDemo();
  // A whole number of euros, thousands (k) or millions (M) with a decimal comma, before the
  // narrow no-break space and the symbol: « 0 € », « 2,5 k€ », « 40 k€ ».
  const french = /^-?\d+(,\d)?\u202f[kM]?€$/;
  const ticks = (scope) => scope.locator("svg g.tick text").allTextContents();
  await expect(page.getByTestId("aging-chart").locator("svg g.tick").first()).toBeVisible();
  const aging = await ticks(page.getByTestId("aging-chart"));
  expect(aging.length).toBeGreaterThanOrEqual(3);
  for (const v of aging) expect(v).toMatch(french);
  expect(aging[0]).toBe("0\u202f€");
  // Every chart of the dashboard but the horizontal bars (their values are written on them)
  // has a value axis: money, or days for the DSO line.
  const charts = await page.locator("main svg:not(.hbars)").evaluateAll((svgs) => svgs.map((s) => [...s.querySelectorAll("g.tick text")].map((t) => t.textContent)));
  expect(charts.length).toBeGreaterThanOrEqual(3);
  for (const t of charts) {
    expect(t.length).toBeGreaterThanOrEqual(3);
    for (const v of t) expect(v).toMatch(/^-?\d+(,\d)?(\u202f[kM]?€)?$/);
  }
  await app.nav("Crédit").click();
  const forecast = page.getByTestId("forecast-chart");
  await expect(forecast.locator("svg g.tick").first()).toBeVisible();
  const t = await ticks(forecast);
  expect(t.length).toBeGreaterThanOrEqual(3);
  for (const v of t) expect(v).toMatch(french);
});
