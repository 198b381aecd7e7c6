// What two devices add apart to the follow-up is all kept once they sync: each marks a
// reminder sent (or a call made) for a different client while the server is away; back
// together, both devices' journals hold both entries. (Before the
// follow-up's lists changed by splice, the later event's tail replaced the earlier one's:
// each device kept only the other's reminder.) Real CouchDB-protocol server on loopback.
import { test, expect } from "@playwright/test";
import { startCouch } from "../../tools/couch.mjs";
import { Reminders } from "./reminders.js";
import { ClientPage } from "./client.js";
import { USER, PASSWORD, synced, syncState, twoDevices } from "./sync.js";

let couch;

test.beforeAll(async () => {
  couch = await startCouch({ user: USER, password: PASSWORD });
});
test.afterAll(async () => {
  await couch?.stop();
});

test("reminders marked sent apart on two devices are all kept on both", async ({ browser }) => {
  test.setTimeout(180_000);
  const [A, B] = await twoDevices(browser, couch, "merge");
  const [remA, remB] = [new Reminders(A.page), new Reminders(B.page)];
  await remA.open();
  const late = await remA.clients();
  expect(late.length).toBeGreaterThanOrEqual(2);
  const [first, second] = late;

  await couch.pause();
  for (const [rem, client] of [[remA, first], [remB, second]]) {
    await rem.open();
    const draft = await rem.prepare(client);
    // A letter or an e-mail is marked sent; a call level records the call made.
    await draft.getByRole("button", { name: /^(Marquer comme envoyé|Appel effectué|Mark as sent|Call made)$/ }).click();
    await expect(rem.page.getByTestId("journal").locator("li")).toHaveCount(1);
  }
  for (const d of [A, B]) {
    await d.app.nav(/Réglages|Settings/).click();
    await expect(syncState(d.page)).toHaveAttribute("data-state", "offline", { timeout: 30_000 });
  }
  await couch.resume();
  for (const d of [A, B]) await synced(d.page, 90_000);

  for (const rem of [remA, remB]) {
    await rem.open();
    const journal = rem.page.getByTestId("journal");
    await expect(journal).toContainText(first, { timeout: 30_000 });
    await expect(journal).toContainText(second);
    await expect(journal.locator("li")).toHaveCount(2);
  }
  // In one order on both (the order of the events' stamps), not each device's own first.
  const [onA, onB] = await Promise.all([remA, remB].map((r) => r.page.getByTestId("journal").locator("li").allInnerTexts()));
  expect(onB).toEqual(onA);
  for (const d of [A, B]) await d.context.close();
});

// The same record changed apart: a client given to Julie on A, then to Marc on B, while the
// server is away. Back together, both devices show Marc — the later change — on the card.
// (Before the per-record order of `portfolio/written.rs`, each device kept the change that
// reached it last: A showed Marc, B Julie, for good.)
test("a client given to two people apart ends with the later owner on both devices", async ({ browser }) => {
  test.setTimeout(180_000);
  const [A, B] = await twoDevices(browser, couch, "owner");
  const owner = async (d) => {
    const card = new ClientPage(d.page);
    await card.open("Acme");
    const details = d.page.locator("details", { has: d.page.locator("input[name=owner]") });
    if (!(await details.getAttribute("open"))) await details.locator("summary").click();
    return d.page.locator("input[name=owner]");
  };
  await couch.pause();
  for (const [d, who] of [[A, "Julie"], [B, "Marc"]]) {
    const input = await owner(d);
    await input.fill(who);
    await input.press("Tab");
    await d.app.nav(/Réglages|Settings/).click();
    await expect(syncState(d.page)).toHaveAttribute("data-state", "offline", { timeout: 30_000 });
    // A millisecond clock: B's change is surely later than A's.
    await d.page.waitForTimeout(20);
  }
  await couch.resume();
  for (const d of [A, B]) await synced(d.page, 90_000);
  // Whichever came down first, each device ends with the later change.
  for (const d of [A, B]) {
    await expect.poll(async () => (await owner(d)).inputValue(), { timeout: 30_000 }).toBe("Marc");
  }
  for (const d of [A, B]) await d.context.close();
});

// One export imported on both devices while the server is away: each makes its own copy of
// the two new invoices. Back together, nothing is merged silently: one review item per number,
// on both devices. Keeping one on A removes the twin on both; keeping both on B leaves both.
test("one export imported apart on two devices is one review item per invoice number, settled on either", async ({ browser }) => {
  test.setTimeout(180_000);
  const [A, B] = await twoDevices(browser, couch, "twins");
  const EXPORT = "N° facture;Client;Date;Échéance;Montant TTC\nA-7;Acme;01/03/2025;31/03/2025;640,00\nB-7;Bravo;02/03/2025;01/04/2025;80,00\n";
  await couch.pause();
  for (const d of [A, B]) {
    await d.app.nav("Import").click();
    await d.page.getByTestId("import-file").setInputFiles({ name: "export-mars.csv", mimeType: "text/csv", buffer: Buffer.from(EXPORT, "utf8") });
    await d.page.getByTestId("import-commit").click();
    await expect(d.page.getByTestId("import-report")).toContainText("2 nouvelles factures");
    await d.app.nav(/Réglages|Settings/).click();
    await expect(syncState(d.page)).toHaveAttribute("data-state", "offline", { timeout: 30_000 });
  }
  await couch.resume();
  for (const d of [A, B]) {
    await synced(d.page, 90_000);
    await d.app.nav(/Tableau de bord|Dashboard/).click();
    await expect(d.page.getByTestId("count-invoices")).toHaveText("10", { timeout: 30_000 });
    const items = d.page.getByTestId("review-item");
    await expect(items).toHaveCount(2, { timeout: 30_000 });
    await expect(items.getByTestId("review-kind").first()).toHaveText(/Même numéro de facture créé sur deux appareils/);
    await expect(items.filter({ hasText: "A-7" })).toHaveCount(1);
    await expect(items.filter({ hasText: "B-7" })).toHaveCount(1);
    // Each side shows its invoice's amount, to tell what differs.
    await expect(items.filter({ hasText: "A-7" }).getByTestId("review-side-1")).toContainText("640,00");
  }
  await A.page.getByTestId("review-item").filter({ hasText: "A-7" }).getByTestId("review-keep-0").click();
  for (const d of [A, B]) {
    await expect(d.page.getByTestId("review-item")).toHaveCount(1, { timeout: 30_000 });
    await expect(d.page.getByTestId("count-invoices")).toHaveText("9");
  }
  await B.page.getByTestId("review-item").getByTestId("review-keep-both").click();
  for (const d of [A, B]) {
    await expect(d.page.getByTestId("review-item")).toHaveCount(0, { timeout: 30_000 });
    await expect(d.page.getByTestId("count-invoices")).toHaveText("9");
  }
  for (const d of [A, B]) await d.context.close();
});
