// Helpers of the sync tests: a device (a browser context: its own storage), Settings → Sync,
// and the server's documents read and decrypted with Node's own crypto (PBKDF2 + AES-GCM),
// an implementation independent of the app's WebCrypto calls.
import { expect } from "@playwright/test";
import { pbkdf2Sync, createDecipheriv } from "node:crypto";
import { App } from "./app.js";
import { importBook, setToday } from "./book.js";

export const USER = "alice";
export const PASSWORD = "s3cret-pw";
export const PASSPHRASE = "correct horse battery staple";
export const TODAY = "2025-04-02";

/** A device: a browser context of its own, the app loaded on `TODAY`. */
export async function device(browser, context = null) {
  context ??= await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  const app = new App(page);
  await app.goto("");
  await setToday(page, TODAY);
  await app.ready();
  return { context, page, app };
}

/** Settings → Sync, filled and turned on (the page stays loaded: the key lives in its worker). */
export async function turnOn({ page, app }, couch, db, passphrase = PASSPHRASE) {
  await app.nav(/Réglages|Settings/).click();
  const form = page.locator("form.sync");
  await form.locator("input[name=sync-url]").fill(`${couch.url}/${db}`);
  await form.locator("input[name=sync-user]").fill(USER);
  await form.locator("input[name=sync-password]").fill(PASSWORD);
  await form.locator("input[name=sync-passphrase]").fill(passphrase);
  await page.getByTestId("sync-on").click();
}

export function syncState(page) {
  return page.getByTestId("sync-state");
}

export async function synced(page, timeout = 60_000) {
  await expect(syncState(page)).toHaveAttribute("data-state", "synced", { timeout });
}

export async function serverDocs(couch, db) {
  const r = await fetch(`${couch.url}/${db}/_all_docs?include_docs=true`, { headers: { Authorization: couch.auth } });
  expect(r.status).toBe(200);
  return (await r.json()).rows.map((row) => row.doc);
}

export function keyOf(config, passphrase = PASSPHRASE) {
  return pbkdf2Sync(passphrase, Buffer.from(config.salt, "base64"), config.rounds, 32, "sha256");
}

export function decrypt(key, doc, ivField, ctField, aad) {
  const iv = Buffer.from(doc[ivField], "base64");
  const all = Buffer.from(doc[ctField], "base64");
  const d = createDecipheriv("aes-256-gcm", key, iv);
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(all.subarray(all.length - 16));
  return Buffer.concat([d.update(all.subarray(0, all.length - 16)), d.final()]);
}

/** A batch document's plaintext (its additional data: version, id, part count). */
export function openBatch(key, doc) {
  return decrypt(key, doc, "iv", "ct", `encours-sync/${doc.v}/${doc._id}/${doc.parts}`);
}

function varint(bytes, at) {
  let v = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    v += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [v, at];
    shift += 7;
  }
}

/**
 * The event heads of a whole batch frame (docs/sync.md's layout: a version byte, a 20-byte
 * stamp, a varint count, then per event a varint-prefixed head and body), as hex strings:
 * a head holds the event's random id, so equal heads are one event sent twice.
 */
export function frameHeads(frame) {
  expect(frame[0]).toBe(1);
  let [n, at] = varint(frame, 21);
  const heads = [];
  for (let i = 0; i < n; i++) {
    let len;
    [len, at] = varint(frame, at);
    heads.push(frame.subarray(at, at + len).toString("hex"));
    at += len;
    [len, at] = varint(frame, at);
    at += len;
  }
  expect(at).toBe(frame.length);
  return heads;
}

/** Every event head on the server, batch parts joined in order. */
export function serverHeads(key, docs) {
  const batches = new Map();
  for (const d of docs.filter((d) => d._id !== "encours-config")) {
    const list = batches.get(d.batch) ?? [];
    list[d.part] = openBatch(key, d);
    batches.set(d.batch, list);
  }
  return [...batches.values()].flatMap((parts) => frameHeads(Buffer.concat(parts)));
}

/** A imports the small book and turns sync on, then B turns it on: both show its 6 invoices. */
export async function twoDevices(browser, couch, db) {
  const A = await device(browser);
  await importBook(A.page, A.app);
  await turnOn(A, couch, db);
  await synced(A.page);
  const B = await device(browser);
  await turnOn(B, couch, db);
  await synced(B.page);
  for (const d of [A, B]) {
    await d.app.nav(/Tableau de bord|Dashboard/).click();
    await expect(d.page.getByTestId("count-invoices")).toHaveText("6", { timeout: 30_000 });
  }
  return [A, B];
}
