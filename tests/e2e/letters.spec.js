// Letters (issue 19): a letter whose sender fields are missing says which, links to the
// profile and can be neither printed nor marked sent; today's letters, once printed, are
// marked sent in one step; "mark as sent" is undone; the statement shows the IBAN and the
// payments received. With a valid IBAN in the profile a printed letter shows it, the RF
// reference of each invoice and an EPC QR code, decoded here to the transfer it asks for.
import { test, expect } from "@playwright/test";
import { App } from "./app.js";
import { Reminders } from "./reminders.js";
import { ClientPage } from "./client.js";
import { setToday, importBook, fillCompany, companyStored, BOOK } from "./book.js";
import { decodeQr, rf } from "./qr.js";

// Nothing was sent yet on 02/04/2025: every client starts at the firm reminder and its call
// (amicable first). The calls made, the notice (Acme) and the formal reminders follow 30 days
// later: on 02/05/2025.
async function start(page, { company }) {
  const app = new App(page);
  await app.goto("");
  await setToday(page, "2025-04-02");
  if (company) await fillCompany(page, app);
  await importBook(page, app);
  const rem = new Reminders(page);
  await rem.open();
  for (const c of (await rem.clients())) {
    const call = await rem.prepare(c);
    await call.getByRole("button", { name: "Appel effectué" }).click();
    await expect(rem.row(c)).toHaveCount(0);
  }
  await setToday(page, "2025-05-02");
  await rem.open();
  await expect(rem.row("Acme").locator(".level")).toHaveText("Mise en demeure (5/6)");
  return { app, rem };
}

const stubPrint = (page) => page.evaluate(() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; });

test("with an empty profile a notice names the missing sender fields, links to the profile, and cannot be printed or marked sent", async ({ page }) => {
  const { app, rem } = await start(page, { company: false });
  const draft = await rem.prepare("Acme");
  // Opening the draft puts the keyboard in it.
  await expect(draft.locator("input[name=subject]")).toBeFocused();
  const banner = draft.getByTestId("sender-missing");
  // The notice quotes the company, its address, SIREN, IBAN and BIC, the contact, « Fait à » and the signature.
  await expect(banner).toHaveText(/Courrier bloqué : le profil de l'entreprise ne donne pas : Raison sociale, Adresse, Ville \(« Fait à »\), SIREN \/ SIRET, IBAN, BIC, Interlocuteur, Signature\./);
  await expect(draft.getByRole("button", { name: "Imprimer le courrier" })).toBeDisabled();
  await expect(draft.getByRole("button", { name: "Marquer comme envoyé" })).toBeDisabled();
  // « Print today's letters » leaves the blocked ones out and says so.
  await stubPrint(page);
  const letters = await page.locator("table.worklist tbody tr[data-client]").filter({ hasText: /Courrier|Recommandé/ }).count();
  expect(letters).toBeGreaterThan(0);
  await page.getByRole("button", { name: "Imprimer les courriers du jour" }).click();
  await expect(page.getByTestId("letters-blocked")).toHaveText(`${letters} courriers bloqués (profil incomplet)`);
  await expect(page.locator(".letter")).toHaveCount(0);
  await expect(page.getByTestId("printed")).toHaveCount(0);

  // The link opens the profile; once filled, the same draft is free.
  await banner.getByRole("link", { name: "Compléter le profil" }).click();
  await expect(page.locator(".company [name=name]")).toBeVisible();
  await fillCompany(page, app);
  await rem.open();
  const again = await rem.prepare("Acme");
  await expect(again.getByTestId("sender-missing")).toHaveCount(0);
  await expect(again.getByRole("button", { name: "Marquer comme envoyé" })).toBeEnabled();
  const body = await again.locator("textarea[name=body]").inputValue();
  // No phone nor e-mail in the profile: no dangling « au » or « ou à ».
  expect(body).toContain("vous pouvez joindre Marie Dupont.");
  expect(body).not.toMatch(/IBAN\s+\(|\(\)|Fait à ,/);
});

test("today's letters printed are marked sent in one step, and that is undone", async ({ page }) => {
  const { rem } = await start(page, { company: true });
  const before = (await rem.clients()).sort();
  const letterRows = page.locator("table.worklist tbody tr[data-client]").filter({ hasText: /Courrier|Recommandé/ });
  const letterClients = (await letterRows.evaluateAll((rows) => rows.map((r) => r.dataset.client))).sort();
  expect(letterClients.length).toBeGreaterThan(0);
  await stubPrint(page);
  await page.getByRole("button", { name: "Imprimer les courriers du jour" }).click();
  await expect.poll(() => page.evaluate(() => window.__printed || 0)).toBe(1);
  await expect(page.locator(".letter")).toHaveCount(letterClients.length);
  // fillCompany's IBAN fails its check digits: no payment block, no QR code, and no error.
  await expect(page.locator(".letter [data-testid=letter-pay]")).toHaveCount(0);
  await expect(page.locator(".letter [data-testid=statement-qr]")).toHaveCount(0);
  const offer = page.getByTestId("printed");
  await expect(offer).toContainText(`${letterClients.length} courriers imprimés`);
  await offer.getByRole("button", { name: "Marquer les courriers imprimés comme envoyés" }).click();
  // Those clients leave the worklist; the others stay.
  await expect.poll(async () => (await rem.clients()).sort()).toEqual(before.filter((c) => !letterClients.includes(c)));
  for (const c of letterClients) await expect(page.getByTestId("journal")).toContainText(`${c} · `);
  const last = page.getByTestId("last-sent");
  await expect(last).toContainText("Marqué comme envoyé.");
  const journal = await page.getByTestId("journal").locator("li").count();
  await last.getByRole("button", { name: "Défaire" }).click();
  await expect.poll(async () => (await rem.clients()).sort()).toEqual(before);
  // The letters' lines leave the journal; the calls of 02/04 stay.
  await expect(page.getByTestId("journal").locator("li")).toHaveCount(journal - letterClients.length);
});

test("« Marquer comme envoyé » is undone: the notice is due again at the same level, and stays so after a reload", async ({ page }) => {
  const { rem } = await start(page, { company: true });
  const draft = await rem.prepare("Acme");
  await draft.getByRole("button", { name: "Marquer comme envoyé" }).click();
  await expect(rem.row("Acme")).toHaveCount(0);
  await expect(page.getByTestId("journal")).toContainText("Acme · Mise en demeure (Recommandé AR)");
  await page.getByTestId("last-sent").getByRole("button", { name: "Défaire" }).click();
  await expect(rem.row("Acme").locator(".level")).toHaveText("Mise en demeure (5/6)");
  // The journal keeps the call of 02/04, not the notice.
  await expect(page.getByTestId("journal")).not.toContainText("Acme · Mise en demeure");
  await page.reload();
  await rem.open();
  await expect(rem.row("Acme").locator(".level")).toHaveText("Mise en demeure (5/6)");
});

test("the statement of account shows the company's IBAN and the payments received", async ({ page }) => {
  const { app } = await start(page, { company: true });
  const client = new ClientPage(page);
  await client.open("Acme");
  await client.pay("A-1", "200,00", "2025-03-15");
  await client.pay("A-2", "50,00", "2025-03-20");
  const doc = await client.print("Relevé de compte");
  await expect(doc.getByTestId("statement-iban")).toHaveText("Règlement par virement sur le compte IBAN FR76 3000 4000 0500 0012 3456 789 (BIC BNPAFRPP)");
  const rows = doc.getByTestId("statement-payments").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("15/03/2025");
  await expect(rows.nth(0)).toContainText("200,00 €");
  await expect(rows.nth(1)).toContainText("20/03/2025");
  await expect(rows.nth(1)).toContainText("50,00 €");
  void app;
});

/** A client's invoices as the book's CSV gives them: number and amount in cents. */
const invoicesOf = (client) =>
  BOOK.trim().split("\n").slice(1).map((l) => l.split(";")).filter((r) => r[1] === client)
    .map(([number, , , , amount]) => ({ number, cents: Math.round(Number(amount.replace(/\s/g, "").replace(",", ".")) * 100) }));
/** Cents as the EPC payload writes them: EUR, a dot, two decimals. */
const epcAmount = (c) => `EUR${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`;
const plain = (s) => s.replace(/\s+/g, " ").trim();

test("with a valid IBAN a printed letter shows it, each invoice's RF reference and an EPC QR code that decodes to the amount due and the reference", async ({ page }) => {
  const { app, rem } = await start(page, { company: true });
  // fillCompany's IBAN fails its check digits; the SWIFT registry's French example passes.
  const company = { name: "Atelier Dupont", iban: "FR76 3000 6000 0112 3456 7890 189", bic: "BNPAFRPP" };
  await app.goto("settings");
  const iban = page.locator('.company [name="iban"]');
  await iban.fill(company.iban);
  await iban.blur();
  await companyStored(page, { iban: company.iban });
  await rem.open();
  const head = ["BCD", "002", "1", "SCT", company.bic, company.name, company.iban.replace(/ /g, "")];
  const payTo = `Règlement par virement sur le compte IBAN ${company.iban} (BIC ${company.bic})`;

  // One invoice (Cosy's notice, 150 €: not Acme's total of 2 000 €, nor Bravo's): its RF
  // reference, in the draft, the letter and the code.
  const [c1, ...none] = invoicesOf("Cosy");
  expect(none).toEqual([]);
  const draft = await rem.prepare("Cosy");
  expect(plain(await draft.locator("textarea[name=body]").inputValue())).toContain(`IBAN ${company.iban} (BIC ${company.bic}), en rappelant les numéros de facture (en référence : ${rf(c1.number)}).`);
  const letter = await rem.printLetter(draft, "Cosy");
  const pay = letter.getByTestId("letter-pay");
  await expect(pay.locator(".pay-to")).toHaveText(payTo);
  expect(plain(await pay.getByTestId("letter-references").innerText())).toBe(`Référence du virement : ${rf(c1.number)}`);
  const one = await decodeQr(pay.getByTestId("statement-qr"));
  expect(one, "jsQR reads the drawn code").not.toBeNull();
  test.info().annotations.push({ type: "EPC payload, one invoice", description: JSON.stringify(one) });
  expect(one.split("\n")).toEqual([...head, epcAmount(c1.cents), "", rf(c1.number)]);
  expect(await pay.getByTestId("statement-qr").getAttribute("data-payload")).toBe(one);

  // Several (Acme's notice, with today's letters): each invoice's reference, and the code
  // carries their total with their numbers as its text, as the statement of account does.
  await page.emulateMedia({ media: "screen" });
  await page.getByRole("button", { name: "Imprimer les courriers du jour" }).click();
  await expect.poll(() => page.evaluate(() => window.__printed || 0)).toBe(2);
  await page.emulateMedia({ media: "print" });
  const acme = page.locator('.letter[data-client="Acme"]');
  await expect(acme).toBeVisible();
  const inv = invoicesOf("Acme");
  expect(inv.length).toBe(3);
  const refs = inv.map((i) => `${i.number} ${rf(i.number)}`).join(", ");
  const several = acme.getByTestId("letter-pay");
  await expect(several.locator(".pay-to")).toHaveText(payTo);
  expect(plain(await several.getByTestId("letter-references").innerText())).toBe(`Référence du virement, facture par facture : ${refs}`);
  expect(plain(await acme.locator(".letter-body").innerText())).toContain(`en rappelant les numéros de facture (en référence : ${inv.map((i) => rf(i.number)).join(", ")}).`);
  const text = await decodeQr(several.getByTestId("statement-qr"));
  expect(text, "jsQR reads the drawn code").not.toBeNull();
  test.info().annotations.push({ type: "EPC payload, three invoices", description: JSON.stringify(text) });
  const total = inv.reduce((s, i) => s + i.cents, 0);
  expect(text.split("\n")).toEqual([...head, epcAmount(total), "", "", inv.map((i) => i.number).join(" ")]);
});
