// Sync when things go wrong, against the real CouchDB-protocol test server on loopback
// (tools/couch.mjs): both devices offline then back, the server gone in the middle of a
// push, a tab closed in the middle of a pull, documents altered on the server.
import { test, expect } from "@playwright/test";
import { startCouch } from "../../tools/couch.mjs";
import { importBook } from "./book.js";
import { USER, PASSWORD, device, turnOn, synced, syncState, serverDocs, keyOf, serverHeads, twoDevices as twoAt } from "./sync.js";

let couch;

test.beforeAll(async () => {
  couch = await startCouch({ user: USER, password: PASSWORD });
});
test.afterAll(async () => {
  await couch?.stop();
});

const twoDevices = (browser, db) => twoAt(browser, couch, db);
const dashboard = async (d) => d.app.nav(/Tableau de bord|Dashboard/).click();
const payments = (d) => d.page.getByTestId("count-payments");
const cards = (d) => d.page.locator(".cards").first().innerText();

/** The server's event heads: each event once, whatever was sent again. */
async function heads(db) {
  const docs = await serverDocs(couch, db);
  return serverHeads(keyOf(docs.find((d) => d._id === "encours-config")), docs);
}

test("both devices edit offline, then reconnect: both end with every event; the server gone mid-push leaves no duplicate", async ({ browser }) => {
  test.setTimeout(180_000);
  const [A, B] = await twoDevices(browser, "offline");

  // The server goes away; each device records a payment on its own.
  await couch.pause();
  await A.app.payFirstOpenInvoice("100");
  await B.app.payFirstOpenInvoice("50");
  for (const d of [A, B]) {
    await d.app.nav(/Réglages|Settings/).click();
    await expect(syncState(d.page)).toHaveAttribute("data-state", "offline", { timeout: 30_000 });
  }
  await couch.resume();
  for (const d of [A, B]) {
    await synced(d.page, 90_000);
    await dashboard(d);
  }
  // Each holds its own payment and the other's, and the same figures.
  await expect(payments(A)).toHaveText("2", { timeout: 30_000 });
  await expect(payments(B)).toHaveText("2", { timeout: 30_000 });
  expect(await cards(A)).toBe(await cards(B));

  // The server stores a push, then goes before its answer is sent (a crash); it comes back.
  const pushes = () => couch.requests.filter((r) => r.method === "POST" && r.path.endsWith("/_bulk_docs")).length;
  const before = pushes();
  const crash = couch.cut((req, url) => req.method === "POST" && url.pathname === "/offline/_bulk_docs", "after");
  await A.app.payFirstOpenInvoice("10");
  await crash;
  await couch.pause();
  await new Promise((ok) => setTimeout(ok, 1_500));
  await couch.resume();
  await expect(payments(B)).toHaveText("3", { timeout: 90_000 });
  await dashboard(A);
  await expect(payments(A)).toHaveText("3");
  // A sends the batch again (its answer was lost; B may see it first): the server keeps it once.
  await expect.poll(pushes, { timeout: 60_000 }).toBeGreaterThanOrEqual(before + 2);
  const all = await heads("offline");
  expect(all.length).toBe(new Set(all).size);
  // The import, three payments (and nothing else made on either device).
  expect(all.length).toBe(4);
  expect(await cards(A)).toBe(await cards(B));
  for (const d of [A, B]) await d.context.close();
});

test("a tab closed mid-pull resumes from its checkpoint; altered documents are refused, reported, and the rest comes in", async ({ browser }) => {
  test.setTimeout(240_000);
  const A = await device(browser);
  await importBook(A.page, A.app);
  await turnOn(A, couch, "resume");
  await synced(A.page);
  // Twenty payments, each pushed on its own: more documents than one page of the feed (16).
  const count = async () => (await serverDocs(couch, "resume")).length;
  const book = (await serverDocs(couch, "resume")).find((d) => d._id !== "encours-config")._id;
  for (let i = 0; i < 20; i++) {
    const n = await count();
    await A.app.payFirstOpenInvoice("1");
    await expect.poll(count, { timeout: 30_000 }).toBe(n + 1);
  }
  // A has done its part (and its own reads of the feed would meet the cut below).
  await A.context.close();
  // Each event once on the server: the import and the twenty payments.
  const all = await heads("resume");
  expect(all.length).toBe(21);
  expect(new Set(all).size).toBe(21);
  // Two payments' documents altered on the server: one byte of ciphertext changed, one cut short.
  const docs = (await serverDocs(couch, "resume")).filter((d) => d._id !== "encours-config" && d._id !== book);
  const put = (doc) =>
    fetch(`${couch.url}/resume/${doc._id}`, {
      method: "PUT",
      headers: { Authorization: couch.auth, "Content-Type": "application/json" },
      body: JSON.stringify(doc),
    }).then((r) => expect(r.status).toBe(201));
  const [flip, cut] = docs.slice(-2);
  const ct = Buffer.from(flip.ct, "base64");
  ct[3] ^= 1;
  await put({ ...flip, ct: ct.toString("base64") });
  await put({ ...cut, ct: Buffer.from(cut.ct, "base64").subarray(0, 20).toString("base64") });

  // B reads the first page of the feed; the tab closes as it asks for the second.
  const context = await browser.newContext({ locale: "fr-FR" });
  const B = await device(browser, context);
  const secondPage = couch.cut(
    (req, url) => req.method === "GET" && url.pathname === "/resume/_changes" && url.searchParams.get("since") !== "0" && url.searchParams.get("feed") !== "longpoll",
    "before",
  );
  await turnOn(B, couch, "resume");
  await secondPage;
  // (The server held still while the tab closes: no retry of that read gets in first.)
  await couch.pause();
  await B.page.close();
  await couch.resume();

  // Reopened: it reads its checkpoint and goes on from there, not from the start.
  const from = couch.requests.length;
  const B2 = await device(browser, context);
  await turnOn(B2, couch, "resume");
  await synced(B2.page);
  const reads = couch.requests.slice(from).filter((r) => r.method === "GET" && r.path.startsWith("/resume/_changes?") && !r.path.includes("longpoll"));
  expect(reads.length).toBeGreaterThan(0);
  expect(new URLSearchParams(reads[0].path.split("?")[1]).get("since")).not.toBe("0");
  // The two altered documents are named as left aside; the other eighteen payments are in.
  await expect(syncState(B2.page)).toContainText("2 document(s) illisible(s) ou altéré(s) écarté(s)");
  await dashboard(B2);
  await expect(B2.page.getByTestId("count-invoices")).toHaveText("6", { timeout: 30_000 });
  await expect(payments(B2)).toHaveText("18");
  await context.close();
});
