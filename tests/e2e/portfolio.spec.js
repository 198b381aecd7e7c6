// The portfolio screens: aged balance against the CLI, a partial payment seen everywhere, the
// CSV export against formula injection, the statement's print view, and imported text as text.
import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { App } from "./app.js";
import { AgingPage } from "./aging.js";
import { ClientPage } from "./client.js";
import { setToday } from "./book.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/balance.csv", import.meta.url));

/** `encours aging FILE --as-of DATE --json` from the workspace's CLI. */
function cliAging(file, asOf, buckets = "30,60,90") {
  const env = { ...process.env, PATH: `${process.env.HOME}/.cargo/bin:${process.env.PATH}` };
  const out = execFileSync("cargo", ["run", "-q", "-p", "encours-cli", "--", "aging", file, "--as-of", asOf, "--buckets", buckets, "--json"], { env, encoding: "utf8" });
  return JSON.parse(out);
}

async function importText(page, app, name, text) {
  await app.goto("import");
  await page.getByTestId("import-file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text, "utf8") });
  await page.getByTestId("import-commit").click();
  await expect(page.getByTestId("import-report")).toBeVisible();
}

async function start(page, text = readFileSync(FIXTURE, "utf8"), name = "balance.csv") {
  const app = new App(page);
  await app.goto("");
  await setToday(page, "2025-04-02");
  await importText(page, app, name, text);
  return app;
}

const row = (r) => [r.total, ...r.buckets.map((b) => b.amount), r.disputed, r.unallocated_credits];

test("the aged balance shows what `encours aging` computes on the same file", async ({ page }) => {
  const app = await start(page);
  const aging = new AgingPage(page);
  for (const buckets of ["30,60,90", "15,45"]) {
    const cli = cliAging(FIXTURE, "2025-04-02", buckets);
    expect(cli.errors).toEqual([]);
    await aging.open(app);
    await page.locator("input[name=buckets]").fill(buckets);
    await page.locator("input[name=buckets]").dispatchEvent("change");
    await expect(page.locator("table.aging thead th")).toHaveCount(buckets.split(",").length + 6);
    expect(await aging.clientNames()).toEqual(cli.clients.map((c) => c.client));
    for (const c of cli.clients) expect(await aging.amounts(c.client), c.client).toEqual(row(c));
    expect(await aging.amounts()).toEqual(row(cli));
  }
  // By hand: Dupont 1,000.00 + 480.00, Lefèvre 750.00 disputed + 125.50, Martin 3,600.00 + 900.00, Roux a credit of 300.00 (F-107 paid in full): 6,555.50.
  expect(cliAging(FIXTURE, "2025-04-02").total).toBe("6555.50");
});

test("a partial payment shows at once on the dashboard and in the aged balance", async ({ page }) => {
  const app = await start(page);
  const card = page.locator(".card", { hasText: "Encours total" }).locator(".card-value");
  await app.nav("Tableau de bord").click();
  await expect(card).toHaveText("6 555,50 €");
  const aging = new AgingPage(page);
  await aging.open(app);
  expect((await aging.amounts("Martin SA"))[0]).toBe("4500.00");

  await app.nav("Factures").click();
  await page.getByRole("searchbox").fill("F-103");
  await page.locator("tr[data-number=F-103]").getByRole("button", { name: "Enregistrer un règlement" }).click();
  await page.locator("form.payment input[name=amount]").fill("1 000,50");
  await page.locator("form.payment button[type=submit]").click();
  await expect(page.locator("tr[data-number=F-103] .outstanding")).toHaveText("2 599,50 €");

  await app.nav("Tableau de bord").click();
  await expect(card).toHaveText("5 555,00 €");
  await aging.open(app);
  // F-103 is 83 days late: the payment comes off the 61–90 column.
  expect(await aging.amounts("Martin SA")).toEqual(["3499.50", "900.00", "0.00", "0.00", "2599.50", "0.00", "0.00", "0.00"]);
});

test("the aged balance's CSV neutralises formulas and keeps amounts as numbers", async ({ page }) => {
  const csv = 'N° facture;Client;Date;Échéance;Montant TTC\nX-1;"=HYPERLINK(""http://evil.example"",""clic"")";01/03/2025;31/03/2025;100,00\nX-2;@SUM(A1);01/03/2025;31/03/2025;50,00\nX-3;@SUM(A1);02/03/2025;02/03/2025;-300,00\n';
  const app = await start(page, csv, "evil.csv");
  const aging = new AgingPage(page);
  await aging.open(app);
  const fr = await aging.exportCsv("french");
  expect(fr.name).toBe("balance-âgée-2025-04-02.csv");
  const text = fr.bytes.toString("utf8");
  expect(text.startsWith("\ufeffClient;Devise;Total;Non échu;")).toBe(true);
  const lines = text.split("\r\n");
  expect(lines[1]).toBe('"\'=HYPERLINK(""http://evil.example"",""clic"")";EUR;100,00;0,00;100,00;0,00;0,00;0,00;0,00;0,00');
  expect(lines[2]).toBe("'@SUM(A1);EUR;-250,00;0,00;0,00;0,00;0,00;0,00;0,00;250,00");
  expect(lines[3]).toBe("TOTAL;EUR;-150,00;0,00;100,00;0,00;0,00;0,00;0,00;250,00");
  const en = (await aging.exportCsv("plain")).bytes.toString("utf8");
  expect(en.split("\r\n")[2]).toBe("'@SUM(A1),EUR,-250.00,0.00,0.00,0.00,0.00,0.00,0.00,250.00");
});

test("a client named like HTML shows as text everywhere", async ({ page }) => {
  let dialogs = 0;
  page.on("dialog", (d) => { dialogs += 1; d.dismiss(); });
  const evil = "<img src=x onerror=alert(1)>";
  const app = await start(page, `N° facture;Client;Date;Échéance;Montant TTC\nH-1;"${evil}";01/03/2025;31/03/2025;100,00\n`, "xss.csv");
  await app.nav("Clients").click();
  await expect(page.locator("main td a", { hasText: evil })).toHaveCount(1);
  const aging = new AgingPage(page);
  await aging.open(app);
  expect(await aging.clientNames()).toEqual([evil]);
  await app.nav("Factures").click();
  await expect(page.locator("tr[data-number=H-1] td").nth(1)).toHaveText(evil);
  const client = new ClientPage(page);
  await client.open(evil);
  await app.nav("Tableau de bord").click();
  await expect(page.locator("svg.hbars")).toContainText(evil);
  await expect(page.locator("main img")).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test("the statement of account's print view lists the client's open items", async ({ page }) => {
  await start(page);
  const client = new ClientPage(page);
  await client.open("Dupont; Fils");
  const doc = await client.print("Relevé de compte");
  const items = doc.getByTestId("statement-items");
  await expect(items).toContainText("F-101");
  await expect(items).toContainText("1 000,00 €");
  await expect(items).toContainText("F-102");
  await expect(items).toContainText("480,00 €");
  await expect(doc).toContainText("1 480,00 €");
  await expect(page.getByTestId("open-items")).toBeHidden();
});

test("an invoice's page: a credit note and a write-off, each seen in the aged balance at once", async ({ page }) => {
  const app = await start(page);
  await app.nav("Factures").click();
  await page.getByRole("searchbox").fill("F-106");
  await page.locator("tr[data-number=F-106] a", { hasText: "F-106" }).click();
  await expect(page.getByTestId("invoice-number")).toHaveText("Facture F-106");
  await expect(page.getByTestId("invoice-outstanding")).toHaveText("125,50 €");

  await page.locator("input[name=credit]").fill("25,50");
  await page.getByRole("button", { name: "Émettre un avoir" }).click();
  await expect(page.getByTestId("invoice-outstanding")).toHaveText("100,00 €");
  await expect(page.getByTestId("invoice-payments")).toContainText("AV-F-106-1 · -25,50 €");

  await page.getByTestId("write-off").click();
  await expect(page.getByTestId("invoice-status")).toHaveText("Passée en perte");
  const aging = new AgingPage(page);
  await aging.open(app);
  // Lefèvre keeps only the disputed F-105.
  expect(await aging.amounts("Lefèvre")).toEqual(["750.00", "0.00", "0.00", "0.00", "0.00", "0.00", "750.00", "0.00"]);
  await page.goBack();
  await page.getByRole("button", { name: "Annuler le passage en perte" }).click();
  await expect(page.getByTestId("invoice-outstanding")).toHaveText("100,00 €");
});
