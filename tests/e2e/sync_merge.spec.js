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
