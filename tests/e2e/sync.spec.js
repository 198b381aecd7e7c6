// Sync between two devices (two browser contexts: separate storage) through a real
// CouchDB-protocol server on loopback (tools/couch.mjs: express-pouchdb in memory, started
// and stopped here), never a mock of the protocol. The server's documents are then read
// and decrypted by this test with Node's own crypto (PBKDF2 + AES-GCM), an implementation
// independent of the app's WebCrypto calls.
import { test, expect } from "@playwright/test";
import { pbkdf2Sync, createDecipheriv } from "node:crypto";
import { startCouch } from "../../tools/couch.mjs";
import { App } from "./app.js";
import { importBook, setToday } from "./book.js";

const USER = "alice";
const PASSWORD = "s3cret-pw";
const PASSPHRASE = "correct horse battery staple";
const TODAY = "2025-04-02";
let couch;

test.beforeAll(async () => {
  couch = await startCouch({ user: USER, password: PASSWORD });
});
test.afterAll(async () => {
  await couch?.stop();
});

async function device(browser) {
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  const app = new App(page);
  await app.goto("");
  await setToday(page, TODAY);
  await app.ready();
  return { context, page, app };
}

/** Settings → Sync, filled and turned on (the page stays loaded: the key lives in its worker). */
async function turnOn({ page, app }, db, passphrase) {
  await app.nav(/Réglages|Settings/).click();
  const form = page.locator("form.sync");
  await form.locator("input[name=sync-url]").fill(`${couch.url}/${db}`);
  await form.locator("input[name=sync-user]").fill(USER);
  await form.locator("input[name=sync-password]").fill(PASSWORD);
  await form.locator("input[name=sync-passphrase]").fill(passphrase);
  await page.getByTestId("sync-on").click();
}

async function serverDocs(db) {
  const r = await fetch(`${couch.url}/${db}/_all_docs?include_docs=true`, { headers: { Authorization: couch.auth } });
  expect(r.status).toBe(200);
  return (await r.json()).rows.map((row) => row.doc);
}

function decrypt(key, doc, ivField, ctField, aad) {
  const iv = Buffer.from(doc[ivField], "base64");
  const all = Buffer.from(doc[ctField], "base64");
  const d = createDecipheriv("aes-256-gcm", key, iv);
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(all.subarray(all.length - 16));
  return Buffer.concat([d.update(all.subarray(0, all.length - 16)), d.final()]);
}

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
  const key = pbkdf2Sync(PASSPHRASE, Buffer.from(config.salt, "base64"), config.rounds, 32, "sha256");
  expect(decrypt(key, config, "iv", "check", "encours-config").toString()).toBe("encours-sync-check/1");
  for (const d of batches) {
    const plain = decrypt(key, d, "iv", "ct", `encours-sync/${d.v}/${d._id}/${d.parts}`);
    expect(plain[0]).toBe(1); // the frame's version byte
  }
  // The payment's batch names the invoice's client somewhere inside: only once decrypted.
  const plains = batches.map((d) => decrypt(key, d, "iv", "ct", `encours-sync/${d.v}/${d._id}/${d.parts}`).toString("latin1"));
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
