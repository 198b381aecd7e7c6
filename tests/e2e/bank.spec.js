// Rapprochement bancaire on the demo portfolio of 02/04/2025 (simulated date, so the demo's
// invoices are always the same): the statement fixtures/releve-demo.camt053.xml pays two of
// them in full (one by its RF reference, one by its number), one client pays a lump sum toward
// its invoices, the electricity bill is a debit and a refund from a mutual is nobody's payment.
// The statement goes through the import page to the Rapprochement page; the sure matches are
// applied in one click, the lump sum is split by hand across two invoices, the refund set
// aside; both batches are undone. The aged balance moves by exactly the amounts the fixture
// says, and back. Then the EPC QR code of a client's statement is decoded by jsQR (npm) to
// the payload the EPC rules give, computed here.
import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { App } from "./app.js";
import { AgingPage } from "./aging.js";
import { ClientPage } from "./client.js";
import { setToday, companyStored } from "./book.js";
import { decodeQr, rf } from "./qr.js";

// jsQR (qr.js) decodes in Node what the page drew: no script is added to the page, whose
// Content-Security-Policy stays as it ships.
const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const TODAY = "2025-04-02";
const FIXTURE = new URL("./fixtures/releve-demo.camt053.xml", import.meta.url);
const XML = readFileSync(FIXTURE, "utf8");

/** The fixture's entries by the bank's reference: amount in cents, credit or debit. */
const ENTRIES = Object.fromEntries(
  [...XML.matchAll(/<Ntry>[\s\S]*?<\/Ntry>/g)].map(([e]) => {
    const [, amount] = e.match(/<Amt Ccy="EUR">([\d.]+)<\/Amt>/);
    const [, ref] = e.match(/<AcctSvcrRef>([^<]+)<\/AcctSvcrRef>/);
    const [, dir] = e.match(/<CdtDbtInd>(\w+)<\/CdtDbtInd>/);
    const [euros, cents = "00"] = amount.split(".");
    return [ref, { cents: Number(euros) * 100 + Number(cents.padEnd(2, "0")), credit: dir === "CRDT" }];
  }),
);
const cents = (ref) => ENTRIES[ref].cents;
/** "1 000,00 €" with whatever spaces the locale puts in, as one plain space. */
const plain = (s) => s.replace(/\s+/g, " ").trim();
/** Cents → "1 000,00 €" as the French UI writes it. */
const euros = (c) => `${String(Math.floor(c / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, " ")},${String(c % 100).padStart(2, "0")} €`;


async function agedTotal(page, app) {
  const aging = new AgingPage(page);
  await aging.open(app);
  const [total] = await aging.amounts();
  return Math.round(Number(total) * 100);
}

async function demo(page, app) {
  await app.goto();
  await setToday(page, TODAY);
  await app.ready();
  await app.loadDemo();
}

test("ISO 11649 as computed here: the issue's own example", () => {
  expect(rf("F2025-038")).toBe("RF34F2025038");
  expect(rf("RF18 5390 0754 7034".slice(4))).toBe("RF18539007547034");
});

test("a statement of the demo book: sure matches applied, one receipt split by hand, one set aside, both batches undone; the aged balance moves by the fixture's amounts and back", async ({ page }) => {
  const app = new App(page);
  await demo(page, app);
  const before = await agedTotal(page, app);

  await app.nav("Import").click();
  await page.getByTestId("import-file").setInputFiles(FIXTURE.pathname);
  // The import hands a statement to the Rapprochement page.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rapprochement bancaire");
  const summary = page.getByTestId("bank-summary");
  await expect(summary).toContainText("releve-demo.camt053.xml");
  await expect(summary).toContainText(`${Object.keys(ENTRIES).length} opérations`);
  await expect(summary).toContainText("1 débit ignoré");

  // The sure matches, each with its evidence, looked at then applied in one click.
  const sure = page.getByTestId("bank-auto").locator("tbody tr");
  await expect(sure).toHaveCount(2);
  await expect(sure.filter({ hasText: "F2025-0580" })).toContainText("référence RF");
  await expect(sure.filter({ hasText: "F2025-0580" })).toContainText("CABINET CHEVALIER");
  await expect(sure.filter({ hasText: "F2025-0513" })).toContainText("n° de facture");
  await expect(sure.filter({ hasText: "F2025-0513" })).toContainText("IMPRIMERIE BONNET");
  const auto = cents("E2E-0001") + cents("E2E-0002");
  await page.getByTestId("bank-apply-auto").click();
  await expect(page.getByTestId("bank-applied")).toContainText("2 règlements enregistrés");
  expect(plain(await page.getByTestId("bank-applied").innerText())).toContain(euros(auto));
  await expect(sure).toHaveCount(0);
  await expect(page.getByTestId("bank-auto-none")).toHaveText("Aucun rapprochement sûr : rien ne sera appliqué sans votre choix.");
  expect(await agedTotal(page, app)).toBe(before - auto);

  // The queue: the lump sum of Clinique Moreau, proposed as a partial payment of its oldest
  // invoice (by name only: not sure).
  await app.nav("Rapprochement").click();
  const card = page.getByTestId("bank-review").getByTestId("bank-card");
  await expect(card).toHaveCount(1);
  await expect(card).toContainText("CLINIQUE MOREAU");
  await expect(card).toContainText("F2024-0479");
  await expect(card).toContainText("paiement partiel");
  await expect(card.getByRole("button", { name: /^Accepter F2024-0479 1\s000,00\s€$/ })).toBeVisible();
  // The bank's text once (camt puts the remittance in the label too), as text, never as markup.
  await expect(card.locator(".bank-label")).toHaveCount(1);
  await expect(card.locator(".bank-label")).toHaveText("ACOMPTE <b>SUR SOLDE</b>");
  await expect(card.locator("b")).toHaveCount(0);
  // Chosen by hand: 600,00 on F2024-0479 and the rest on F2025-0522, the keyboard only.
  const lump = cents("E2E-0003");
  const amounts = card.getByTestId("bank-line-amount");
  await amounts.first().fill("600,00");
  await amounts.first().press("Tab");
  await card.getByTestId("bank-add-line").focus();
  await page.keyboard.press("Enter");
  await card.getByTestId("bank-line-invoice").nth(1).focus();
  await page.keyboard.type("f2025-0522");
  await page.keyboard.press("Tab");
  // Tab goes from a line's invoice to its amount: the editor is the keyboard's.
  await expect(card.getByTestId("bank-line-amount").nth(1)).toBeFocused();
  await page.keyboard.type(`${(lump - 60000) / 100},00`);
  await page.keyboard.press("Tab");
  await card.getByTestId("bank-choose-lines").focus();
  await page.keyboard.press("Enter");
  await expect(card.getByTestId("bank-choice")).toContainText("F2024-0479");
  expect(plain(await card.getByTestId("bank-choice").innerText())).toContain(`F2024-0479 ${euros(60000)}, F2025-0522 ${euros(lump - 60000)}`);
  // The refund is nobody's payment: set aside, it moves nothing.
  const refund = page.getByTestId("bank-unmatched").getByTestId("bank-card");
  await expect(refund).toHaveCount(1);
  await expect(refund).toContainText("MUTUELLE DES ARTISANS");
  await refund.getByTestId("bank-not-customer").click();
  await expect(refund.getByTestId("bank-choice")).toContainText("Pas un règlement client");
  await expect(page.getByTestId("bank-apply-choices")).toHaveText("Appliquer mes choix (2)");
  await page.getByTestId("bank-apply-choices").click();
  await expect(page.getByTestId("bank-review").getByTestId("bank-card")).toHaveCount(0);
  await expect(page.getByTestId("bank-unmatched").getByTestId("bank-card")).toHaveCount(0);
  await expect(page.getByTestId("bank-applied")).toContainText("1 règlement enregistré");
  await expect(summary).toContainText("4 déjà rapprochées");
  expect(await agedTotal(page, app)).toBe(before - auto - lump);

  // Undo, batch by batch: back to the cent.
  await app.nav("Rapprochement").click();
  await page.getByTestId("bank-undo").click();
  await expect(page.getByTestId("bank-review").getByTestId("bank-card")).toHaveCount(1);
  await expect(page.getByTestId("bank-unmatched").getByTestId("bank-card")).toHaveCount(1);
  expect(await agedTotal(page, app)).toBe(before - auto);
  await app.nav("Rapprochement").click();
  await page.getByTestId("bank-undo").click();
  await expect(page.getByTestId("bank-auto").locator("tbody tr")).toHaveCount(2);
  await expect(page.getByTestId("bank-undo")).toHaveCount(0);
  expect(await agedTotal(page, app)).toBe(before);
  const said = (c) => (c / 100).toFixed(2);
  test.info().annotations.push({ type: "aged balance", description: `${said(before)} → ${said(before - auto)} (sure: ${said(auto)}) → ${said(before - auto - lump)} (split: ${said(lump)}) → ${said(before - auto)} → ${said(before)}` });
});

test("a file that is no statement is refused, its name shown as text", async ({ page }) => {
  const app = new App(page);
  await demo(page, app);
  await app.goto("bank");
  const name = "<img src=x onerror=alert(1)>.csv";
  await page.getByTestId("bank-file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from("bonjour\n", "utf8") });
  const error = page.getByTestId("bank-file-error");
  await expect(error).toContainText(name);
  await expect(error).toContainText("pas un relevé bancaire reconnu");
  await expect(page.locator("section.bank img")).toHaveCount(0);
  await expect(page.getByTestId("bank-summary")).toHaveCount(0);
});

test("the EPC QR code of a client's statement decodes back, field by field, to the transfer it asks for", async ({ page }) => {
  const app = new App(page);
  await demo(page, app);
  // The French example IBAN of the SWIFT registry (a valid one: the code needs it).
  const company = { name: "Atelier Dupont", iban: "FR76 3000 6000 0112 3456 7890 189", bic: "BNPAFRPP" };
  await app.goto("settings");
  for (const [name, value] of Object.entries(company)) {
    const input = page.locator(`.company [name="${name}"]`);
    await input.fill(value);
    await input.blur();
  }
  // Stored before the next page load (which could cut the last write short).
  await companyStored(page, company);
  await app.goto();
  // Ferme Roux owes one invoice on 02/04/2025: F2025-0592, 4 656,78 € (the demo's figures).
  const client = new ClientPage(page);
  await client.open("Ferme Roux");
  const doc = await client.print("Relevé de compte");
  await expect(doc.getByTestId("statement-items").locator("tbody tr")).toHaveCount(1);
  const qr = doc.getByTestId("statement-qr");
  await expect(qr).toBeVisible();
  // The SVG as the browser draws it, onto a canvas, read back as pixels and decoded.
  const decoded = await decodeQr(qr);
  expect(decoded, "jsQR reads the drawn code").not.toBeNull();
  test.info().annotations.push({ type: "EPC payload", description: JSON.stringify(decoded) });
  const fields = decoded.split("\n");
  const expected = [
    ["service tag", "BCD"],
    ["version", "002"],
    ["character set (UTF-8)", "1"],
    ["identification", "SCT"],
    ["BIC", company.bic],
    ["beneficiary", company.name],
    ["IBAN", company.iban.replace(/ /g, "")],
    ["amount", "EUR4656.78"],
    ["purpose", ""],
    ["RF reference", rf("F2025-0592")],
  ];
  for (const [k, [name, value]] of expected.entries()) expect(fields[k], name).toBe(value);
  expect(fields.length, "nothing after the reference").toBe(expected.length);
  expect(rf("F2025-0592")).toBe("RF12F20250592");
  // The page's own copy of the payload says the same.
  expect(await qr.getAttribute("data-payload")).toBe(decoded);
});

test.describe("axe-core", () => {
  // The app's CSP allows no inline script: axe is injected with the CSP bypassed, here only.
  test.use({ bypassCSP: true });
  for (const theme of ["light", "dark"]) {
    test(`no violation on the Rapprochement page with a statement, a choice made and a batch applied (${theme})`, async ({ page }) => {
      const app = new App(page);
      await app.goto();
      await page.evaluate((t) => localStorage.setItem("encours.theme", t), theme);
      await demo(page, app);
      await app.goto("bank");
      await page.getByTestId("bank-file").setInputFiles(FIXTURE.pathname);
      await page.getByTestId("bank-review").getByTestId("bank-accept").first().click();
      await page.getByTestId("bank-apply-auto").click();
      await expect(page.getByTestId("bank-applied")).toBeVisible();
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      expect(result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
    });
  }
});
