// Letters (issue 19): a letter whose sender fields are missing says which, links to the
// profile and can be neither printed nor marked sent; today's letters, once printed, are
// marked sent in one step; "mark as sent" is undone; the statement shows the IBAN and the
// payments received.
import { test, expect } from "@playwright/test";
import { App } from "./app.js";
import { Reminders } from "./reminders.js";
import { ClientPage } from "./client.js";
import { setToday, importBook, fillCompany } from "./book.js";

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
