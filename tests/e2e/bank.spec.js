// Rapprochement bancaire on the demo data: a statement built here for the demo's own open
// invoices goes through the import page to the Rapprochement page; the sure match is applied
// in one click, one receipt of the review queue is accepted, and both batches are undone. The
// aged balance moves by exactly the applied amounts, and back. Then the EPC QR code of a
// client's statement is decoded by jsQR (npm) back to the payload the core wrote.
import { test, expect } from "@playwright/test";
import { createRequire } from "node:module";
import { App } from "./app.js";
import { AgingPage } from "./aging.js";
import { ClientPage } from "./client.js";

const require = createRequire(import.meta.url);
const JSQR = require.resolve("jsqr/dist/jsQR.js");

/** "1 440,00 €" → cents. */
const cents = (s) => Math.round(Number(s.replace(/[^\d,-]/g, "").replace(",", ".")) * 100);
/** Cents → "1 440,00" as a French bank writes it (no grouping: "1440,00"). */
const fr = (c) => `${Math.floor(c / 100)},${String(c % 100).padStart(2, "0")}`;

/** Open invoices of the demo, one per client: number, client, what is still due (cents). */
async function openInvoices(page, app) {
  await app.nav(/Factures|Invoices/).click();
  await page.locator("select[aria-label=Statut], select[aria-label=Status]").selectOption("Open");
  const rows = page.locator("table.invoices tbody tr[data-number]");
  await expect(rows.first()).toBeVisible();
  const all = await rows.evaluateAll((trs) =>
    trs.map((tr) => ({ number: tr.dataset.number, client: tr.children[1].innerText, due: tr.querySelector("td.outstanding").innerText, status: tr.children[6].innerText })),
  );
  const seen = new Set();
  return all
    .filter((r) => !/litige/i.test(r.status))
    .map((r) => ({ ...r, due: cents(r.due) }))
    .filter((r) => r.due > 20000 && !seen.has(r.client) && seen.add(r.client));
}

async function agedTotal(page, app) {
  const aging = new AgingPage(page);
  await aging.open(app);
  const [total] = await aging.amounts();
  return Math.round(Number(total) * 100);
}

test("a statement of the demo book: sure match applied, one reviewed, both undone; the aged balance moves by the applied amounts and back", async ({ page }) => {
  const app = new App(page);
  await app.goto();
  await app.loadDemo();
  const [a, b] = await openInvoices(page, app);
  expect(a && b, "two open invoices of two clients").toBeTruthy();
  const before = await agedTotal(page, app);

  // A: the whole amount, its number and its payer: sure. B: part of it, by number: to review.
  const part = 10000;
  const csv = [
    "Compte;FR76 3000 6000 0112 3456 7890 189",
    "Date;Libellé;Débit;Crédit",
    `10/07/2025;VIR SEPA RECU /DE ${a.client.toUpperCase()} /MOTIF FACTURE ${a.number};;${fr(a.due)}`,
    `11/07/2025;VIR SEPA RECU /DE ${b.client.toUpperCase()} /MOTIF ACOMPTE ${b.number};;${fr(part)}`,
    "12/07/2025;PRLV SEPA EDF;84,00;",
  ].join("\n");
  await app.nav("Import").click();
  await page.getByTestId("import-file").setInputFiles({ name: "releve.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  // The import sends a statement to the Rapprochement page.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rapprochement bancaire");
  await expect(page.getByTestId("bank-summary")).toContainText("3 opérations");
  await expect(page.getByTestId("bank-summary")).toContainText("1 débits ignorés");

  // The sure match, looked at, then applied in one click.
  const sure = page.getByTestId("bank-auto").locator("tbody tr");
  await expect(sure).toHaveCount(1);
  await expect(sure).toContainText(a.number);
  await expect(sure).toContainText("n° de facture");
  await page.getByTestId("bank-apply-auto").click();
  await expect(page.getByTestId("bank-applied")).toContainText("1 règlements enregistrés");
  expect(await agedTotal(page, app)).toBe(before - a.due);

  // The receipt to review shows its evidence; accepted as proposed (a partial payment).
  await app.nav("Rapprochement").click();
  const card = page.getByTestId("bank-review").getByTestId("bank-card");
  await expect(card).toHaveCount(1);
  await expect(card).toContainText(b.number);
  await expect(card).toContainText("paiement partiel");
  // The bank's text is shown as text.
  await expect(card.locator(".bank-label").first()).toHaveText(`VIR SEPA RECU /DE ${b.client.toUpperCase()} /MOTIF ACOMPTE ${b.number}`);
  await card.getByTestId("bank-accept").first().focus();
  await page.keyboard.press("Enter");
  await expect(card.getByTestId("bank-choice")).toContainText(b.number);
  await page.getByTestId("bank-apply-choices").click();
  await expect(page.getByTestId("bank-review").getByTestId("bank-card")).toHaveCount(0);
  expect(await agedTotal(page, app)).toBe(before - a.due - part);

  // Undo, batch by batch: back to the cent.
  await app.nav("Rapprochement").click();
  await page.getByTestId("bank-undo").click();
  await expect(page.getByTestId("bank-review").getByTestId("bank-card")).toHaveCount(1);
  expect(await agedTotal(page, app)).toBe(before - a.due);
  await app.nav("Rapprochement").click();
  await page.getByTestId("bank-undo").click();
  await expect(page.getByTestId("bank-auto").locator("tbody tr")).toHaveCount(1);
  expect(await agedTotal(page, app)).toBe(before);
});

test("the EPC QR code of a client's statement decodes back to the core's payload", async ({ page }) => {
  const app = new App(page);
  await app.goto();
  await app.loadDemo();
  const [a] = await openInvoices(page, app);
  await app.goto("settings");
  for (const [name, value] of Object.entries({ name: "Atelier Dupont", iban: "FR76 3000 6000 0112 3456 7890 189", bic: "BNPAFRPP" })) {
    const input = page.locator(`.company [name="${name}"]`);
    await input.fill(value);
    await input.blur();
  }
  await app.goto();
  const client = new ClientPage(page);
  await client.open(a.client);
  const doc = await client.print("Relevé de compte");
  const qr = doc.getByTestId("statement-qr");
  await expect(qr).toBeVisible();
  const payload = await qr.getAttribute("data-payload");
  await page.addScriptTag({ path: JSQR });
  const decoded = await qr.evaluate(async (fig) => {
    const svg = fig.querySelector("svg");
    const url = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(svg));
    const img = new Image();
    await new Promise((ok, ko) => { img.onload = ok; img.onerror = ko; img.src = url; });
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth || 400;
    canvas.height = img.naturalHeight || 400;
    const cx = canvas.getContext("2d");
    cx.fillStyle = "#fff";
    cx.fillRect(0, 0, canvas.width, canvas.height);
    cx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const data = cx.getImageData(0, 0, canvas.width, canvas.height);
    return window.jsQR(data.data, canvas.width, canvas.height)?.data ?? null;
  });
  expect(decoded).toBe(payload);
  // Field by field, against what the page and the settings say (not the core's own words).
  const lines = decoded.split("\n");
  expect(lines.slice(0, 4)).toEqual(["BCD", "002", "1", "SCT"]);
  expect(lines[4]).toBe("BNPAFRPP");
  expect(lines[5]).toBe("Atelier Dupont");
  expect(lines[6]).toBe("FR7630006000011234567890189");
  const total = await doc.locator("table.totals tr").last().locator("td").innerText();
  expect(lines[7]).toBe(`EUR${(cents(total) / 100).toFixed(2)}`);
});
