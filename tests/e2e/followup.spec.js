// The follow-up settings a user changes, seen through the worklist: the scenario editor (a
// level's days and channel, a text and its reset), pausing and snoozing a client, the minimum
// amount; and the dashboard's KPIs in two currencies. Every check is on what the page shows
// (rows, levels, reasons, amounts), and each change is checked again after a reload (stored).
import { test, expect } from "@playwright/test";
import { App } from "./app.js";
import { Reminders } from "./reminders.js";
import { Scenarios } from "./scenarios.js";
import { ImportPage } from "./import.js";
import { setToday, importBook } from "./book.js";

/** The "left out today" line of a client. */
const excluded = (page, client) => page.getByTestId("excluded").locator(`li[data-client="${client}"]`);

async function start(page) {
  const app = new App(page);
  const rem = new Reminders(page);
  await app.goto("");
  await setToday(page, "2025-04-02");
  await importBook(page, app);
  await rem.open();
  return { app, rem, scen: new Scenarios(page) };
}

test("the scenario editor: a level's days and channel, saved, move the worklist; a text and its reset", async ({ page }) => {
  const { rem, scen } = await start(page);
  // Defaults: Delta is due 30/04 and its courtesy note (J−5) falls on 25/04, not today.
  await expect(rem.row("Delta")).toHaveCount(0);
  await expect(rem.row("Acme")).toContainText("Appel");

  await scen.open();
  // The courtesy note 30 days before the due date (31/03): Delta is due a note today. The
  // firm reminder by e-mail instead of a call.
  await scen.setOffset(0, -30);
  await scen.setChannel(2, "E-mail");
  await scen.save();
  await scen.close();
  await expect(rem.row("Delta").locator(".level")).toHaveText("Courtoisie (1/6)");
  await expect(rem.row("Acme").locator(".level")).toHaveText("Relance ferme + appel (3/6)");
  await expect(rem.row("Acme")).toContainText("E-mail");
  await expect(rem.row("Acme")).not.toContainText("Appel effectué");

  // Stored: the same after a reload.
  await page.reload();
  await rem.open();
  await expect(rem.row("Delta").locator(".level")).toHaveText("Courtoisie (1/6)");
  await expect(rem.row("Acme")).toContainText("E-mail");
  for (const c of ["Acme", "Bravo", "Cosy"]) await expect(rem.row(c)).not.toContainText("Appel");

  // The default text of Delta's note, then the user's own, then the reset.
  let draft = await rem.prepare("Delta");
  const defaultSubject = await draft.locator("input[name=subject]").inputValue();
  expect(defaultSubject).not.toContain("Petit rappel");
  await draft.getByRole("button", { name: "Fermer" }).click();
  await scen.open();
  let subject = await scen.editText(0);
  await subject.fill("Petit rappel pour {client}");
  // The preview fills the placeholder with a client of today's worklist.
  await expect(page.getByTestId("template-preview")).toContainText(/Petit rappel pour (Acme|Bravo|Cosy|Delta)/);
  await scen.save();
  await page.reload();
  await rem.open();
  draft = await rem.prepare("Delta");
  await expect(draft.locator("input[name=subject]")).toHaveValue("Petit rappel pour Delta");
  await draft.getByRole("button", { name: "Fermer" }).click();

  await scen.open();
  subject = await scen.editText(0);
  await expect(subject).toHaveValue("Petit rappel pour {client}");
  await scen.resetText();
  await expect(page.getByTestId("template-preview")).not.toContainText("Petit rappel");
  await scen.save();
  await page.reload();
  await rem.open();
  draft = await rem.prepare("Delta");
  await expect(draft.locator("input[name=subject]")).toHaveValue(defaultSubject);
  // The reset touched the text only: the days saved before stay.
  await expect(rem.row("Delta").locator(".level")).toHaveText("Courtoisie (1/6)");
});

test("a scenario whose days do not increase is refused and changes nothing", async ({ page }) => {
  const { rem, scen } = await start(page);
  await scen.open();
  // The reminder (J+3) after the firm reminder (J+15): refused.
  await scen.setOffset(1, 20);
  await page.locator(".actions").getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await page.reload();
  await rem.open();
  await scen.open();
  await expect(scen.level(1).locator("input[name=offset]")).toHaveValue("3");
});

test("a paused client leaves the worklist with its reason and comes back when resumed", async ({ page }) => {
  const { rem } = await start(page);
  const draft = await rem.prepare("Bravo");
  await draft.getByRole("button", { name: "Suspendre les relances" }).click();
  await expect(rem.row("Bravo")).toHaveCount(0);
  await expect(excluded(page, "Bravo")).toContainText("Bravo — relances en pause");
  // The others are untouched.
  expect((await rem.clients()).sort()).toEqual(["Acme", "Cosy"]);

  // Stored, and a pause has no end date: still out months later.
  await setToday(page, "2025-09-01");
  await rem.open();
  await expect(rem.row("Bravo")).toHaveCount(0);
  await expect(excluded(page, "Bravo")).toContainText("relances en pause");

  await setToday(page, "2025-04-02");
  await rem.open();
  await excluded(page, "Bravo").getByRole("button", { name: "Reprendre" }).click();
  await expect(rem.row("Bravo").locator(".level")).toHaveText("Relance ferme + appel (3/6)");
  await expect(excluded(page, "Bravo")).toHaveCount(0);
  await page.reload();
  await rem.open();
  await expect(rem.row("Bravo")).toHaveCount(1);
});

test("a snoozed client is out until the date, and back on it", async ({ page }) => {
  const { rem } = await start(page);
  const draft = await rem.prepare("Bravo");
  await draft.locator("input[name=snooze]").fill("2025-04-10");
  await draft.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(rem.row("Bravo")).toHaveCount(0);
  await expect(excluded(page, "Bravo")).toContainText("Bravo — reporté au 10/04/2025");
  expect((await rem.clients()).sort()).toEqual(["Acme", "Cosy"]);

  // The day before: still out.
  await setToday(page, "2025-04-09");
  await rem.open();
  await expect(rem.row("Bravo")).toHaveCount(0);
  await expect(excluded(page, "Bravo")).toContainText("reporté au 10/04/2025");
  // On the date: back, at the level its dates reach.
  await setToday(page, "2025-04-10");
  await rem.open();
  await expect(rem.row("Bravo").locator(".level")).toHaveText("Relance ferme + appel (3/6)");
  await expect(excluded(page, "Bravo")).toHaveCount(0);
});

test("a client owing less than the minimum amount is left out with the reason", async ({ page }) => {
  const { rem, scen } = await start(page);
  // Cosy owes 150 €, above the default minimum (10 €).
  await expect(rem.row("Cosy")).toHaveCount(1);
  await scen.open();
  await scen.setMinimum("200");
  await scen.save();
  await page.reload();
  await rem.open();
  await expect(rem.row("Cosy")).toHaveCount(0);
  await expect(excluded(page, "Cosy")).toContainText(/Cosy — sous le montant minimum \(150,00\s€\)/);
  expect((await rem.clients()).sort()).toEqual(["Acme", "Bravo"]);

  // A minimum equal to what is owed: reminded (only a smaller debt is left out).
  await scen.open();
  await expect(page.locator("input[name=minimum]")).toHaveValue("200");
  await scen.setMinimum("150");
  await scen.save();
  await page.reload();
  await rem.open();
  await expect(rem.row("Cosy")).toHaveCount(1);
  await expect(excluded(page, "Cosy")).toHaveCount(0);
});

// Two currencies, no payment. As of 30/06/2025:
//   EUR: E1 1 000 € due 31/05 (late), E2 500 € due 20/07 (not due) → 1 500 € owed, 1 000 € overdue.
//   USD: U1 3 000 $ due 31/03 (91 days late)                        → 3 000 $ owed and overdue.
const TWO = `N° facture;Client;Date;Échéance;Montant TTC;Devise
E1;Xeno;01/05/2025;31/05/2025;1 000,00;EUR
E2;Yole;20/06/2025;20/07/2025;500,00;EUR
U1;Zeta;01/03/2025;31/03/2025;3 000,00;USD
`;

test("the dashboard shows one set of KPIs per currency, each with its own figures", async ({ page }) => {
  const app = new App(page);
  await app.goto("");
  await setToday(page, "2025-06-30");
  const imp = new ImportPage(page);
  await imp.open(app);
  await imp.choose("devises.csv", TWO);
  await expect(await imp.commit()).toContainText("3 nouvelles factures");
  await app.nav("Tableau de bord").click();
  const card = (cur, label) => page.locator(`.cards[data-currency="${cur}"] .card`)
    .filter({ has: page.locator(".card-label", { hasText: new RegExp(`^${label}$`) }) }).locator(".card-value");
  await expect(page.locator(".cards[data-currency]")).toHaveCount(2);
  await expect(card("EUR", "Encours total")).toHaveText(/^1\s500,00\s€$/);
  await expect(card("EUR", "Échu")).toHaveText(/^1\s000,00\s€$/);
  await expect(card("USD", "Encours total")).toHaveText(/^3\s000,00\s\$/);
  await expect(card("USD", "Échu")).toHaveText(/^3\s000,00\s\$/);
  // Over 90 days: none of the euros, all of the dollars.
  await expect(card("EUR", "Part > 90 jours")).toHaveText(/^0(,0+)?\s%$/);
  await expect(card("USD", "Part > 90 jours")).toHaveText(/^100(,0+)?\s%$/);
});
