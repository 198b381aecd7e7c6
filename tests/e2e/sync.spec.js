// Sync between two devices (two browser contexts: separate storage) through a real
// CouchDB-protocol server on loopback (tools/couch.mjs: express-pouchdb in memory, started
// and stopped here), never a mock of the protocol. The server's documents are then read
// and decrypted by this test with Node's own crypto (PBKDF2 + AES-GCM), an implementation
// independent of the app's WebCrypto calls.
import { test, expect } from "@playwright/test";
import { startCouch } from "../../tools/couch.mjs";
import { importBook } from "./book.js";
import { USER, PASSWORD, PASSPHRASE, device, turnOn as turnOnAt, serverDocs as docsAt, keyOf, decrypt, openBatch, synced, twoDevices } from "./sync.js";

let couch;

test.beforeAll(async () => {
  couch = await startCouch({ user: USER, password: PASSWORD });
});
test.afterAll(async () => {
  await couch?.stop();
});

const turnOn = (d, db, passphrase) => turnOnAt(d, couch, db, passphrase);
const serverDocs = (db) => docsAt(couch, db);

test("an import on A appears on B, a payment on B appears on A; the server holds ciphertext only; a wrong passphrase is refused", async ({ browser }) => {
  test.setTimeout(180_000);
  const A = await device(browser);
  await importBook(A.page, A.app);
  await turnOn(A, "firm", PASSPHRASE);
  await expect(A.page.getByTestId("sync-state")).toHaveAttribute("data-state", "synced", { timeout: 60_000 });

  const B = await device(browser);
  await turnOn(B, "firm", PASSPHRASE);
  await expect(B.page.getByTestId("sync-state")).toHaveAttribute("data-state", "synced", { timeout: 60_000 });
  await B.app.nav(/Tableau de bord|Dashboard/).click();
  await expect(B.page.getByTestId("count-invoices")).toHaveText("6", { timeout: 30_000 });
  await expect(B.page.getByTestId("count-clients")).toHaveText("4");

  // A payment on B reaches A, whose worker waits on the feed.
  await A.app.nav(/Tableau de bord|Dashboard/).click();
  await expect(A.page.getByTestId("count-payments")).toHaveText("0");
  await B.app.payFirstOpenInvoice("100");
  await expect(A.page.getByTestId("count-payments")).toHaveText("1", { timeout: 30_000 });

  // What the server holds: no client name, amount or invoice number in clear; ids random.
  const docs = await serverDocs("firm");
  const text = JSON.stringify(docs);
  for (const clear of ["Acme", "Bravo", "Cosy", "Delta", "A-1", "B-1", "1200", "1 200", "2000", "relances"]) {
    expect(text, `"${clear}" in the server's documents`).not.toContain(clear);
  }
  const config = docs.find((d) => d._id === "encours-config");
  const batches = docs.filter((d) => d._id !== "encours-config");
  expect(batches.length).toBeGreaterThanOrEqual(2);
  for (const d of batches) {
    expect(d._id).toMatch(/^b[0-9a-f]{32}-[0-9a-f]{4}$/);
    expect(Object.keys(d).sort()).toEqual(["_id", "_rev", "batch", "ct", "iv", "part", "parts", "v"]);
  }
  // Decrypted here with the passphrase and the salt the server holds: the app's format is
  // standard PBKDF2-SHA-256 + AES-256-GCM, with the document's id in the additional data.
  expect(config.rounds).toBeGreaterThanOrEqual(600_000);
  const key = keyOf(config);
  expect(decrypt(key, config, "iv", "check", "encours-config").toString()).toBe("encours-sync-check/1");
  for (const d of batches) {
    const plain = openBatch(key, d);
    expect(plain[0]).toBe(1); // the frame's version byte
  }
  // The payment's batch names the invoice's client somewhere inside: only once decrypted.
  const plains = batches.map((d) => openBatch(key, d).toString("latin1"));
  expect(plains.some((p) => p.includes("Acme"))).toBe(true);

  // A third device with a wrong passphrase: refused, in words, and nothing of it stored.
  const C = await device(browser);
  const before = (await serverDocs("firm")).length;
  await turnOn(C, "firm", "not the passphrase");
  await expect(C.page.getByTestId("sync-state")).toHaveAttribute("data-state", "failed", { timeout: 60_000 });
  await expect(C.page.getByTestId("sync-state")).toContainText("Phrase secrète incorrecte");
  expect((await serverDocs("firm")).length).toBe(before);
  await C.app.nav(/Tableau de bord|Dashboard/).click();
  await expect(C.page.getByTestId("count-invoices")).toHaveText("0");

  for (const d of [A, B, C]) await d.context.close();
});

test("the same payment entered on both devices becomes one review item with both authors and devices; resolved on A, it is gone on B", async ({ browser }) => {
  test.setTimeout(180_000);
  const [A, B] = await twoDevices(browser, couch, "review");
  for (const [d, name, machine] of [[A, "Alice", "Poste compta"], [B, "Bruno", "Portable terrain"]]) {
    await d.app.nav(/Réglages|Settings/).click();
    await d.page.getByTestId("author").fill(name);
    await d.page.getByTestId("author").press("Tab");
    await d.page.getByTestId("device-name").fill(machine);
    await d.page.getByTestId("device-name").press("Tab");
  }
  // Apart, each enters the customer's payment: the same invoice, amount and day.
  await couch.pause();
  const onA = await A.app.payFirstOpenInvoice("100");
  const onB = await B.app.payFirstOpenInvoice("100");
  expect(onB).toBe(onA);
  await couch.resume();
  for (const d of [A, B]) {
    await d.app.nav(/Réglages|Settings/).click();
    await synced(d.page, 90_000);
    await d.app.nav(/Tableau de bord|Dashboard/).click();
    await expect(d.page.getByTestId("count-payments")).toHaveText("2", { timeout: 30_000 });
    // Nothing merged: one item, both sides and who made each.
    const item = d.page.getByTestId("review-item");
    await expect(item).toHaveCount(1, { timeout: 30_000 });
    await expect(item).toContainText(onA);
    await expect(item).toContainText("Alice");
    await expect(item).toContainText("Bruno");
    // Each side names its device: this one's as set here, the other's as its events carry it.
    await expect(item).toContainText("Poste compta");
    await expect(item).toContainText("Portable terrain");
    await expect(item.getByTestId("review-kind")).toHaveText(/Même règlement saisi sur deux appareils/);
    await expect(item.getByTestId("review-side-0")).toBeVisible();
    await expect(item.getByTestId("review-side-1")).toBeVisible();
  }
  // Resolved on A (keep the first side): the other payment is cancelled, everywhere.
  await A.page.getByTestId("review-item").getByTestId("review-keep-0").click();
  await expect(A.page.getByTestId("review-item")).toHaveCount(0);
  await expect(A.page.getByTestId("count-payments")).toHaveText("1");
  await expect(B.page.getByTestId("review-item")).toHaveCount(0, { timeout: 30_000 });
  await expect(B.page.getByTestId("count-payments")).toHaveText("1");
  for (const d of [A, B]) await d.context.close();
});
