// The sync benchmark: the 100k benchmark book (the CLI's, 20,000 clients) pushed by a first
// device to an empty server, then pulled onto a second device, against the real
// CouchDB-protocol test server on loopback (tools/couch.mjs, in memory); then one edit on the
// first device until the second shows it, five times. Main-thread tasks are watched on both
// pages (PerformanceObserver "longtask") from the moment sync is turned on.
//
// Not part of `make test` (timings depend on the machine's load): `make bench` runs it
// (E2E_SYNCBENCH=1) and puts its figures in BENCHMARKS.md and bench/results.json.
import { test, expect } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { startCouch } from "../../tools/couch.mjs";
import { book100k } from "./book.js";
import { USER, PASSWORD, TODAY, device, turnOn, synced, serverDocs } from "./sync.js";

const DB = "bench";
const EDITS = 5;

/** Records every main-thread long task of the page, from its first script on. */
function watchLongTasks() {
  window.__long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push({ start: e.startTime, ms: Math.round(e.duration) });
  }).observe({ type: "longtask", buffered: true });
}

async function withWatch(browser) {
  const context = await browser.newContext({ locale: "fr-FR" });
  await context.addInitScript(watchLongTasks);
  return device(browser, context);
}

const now = (page) => page.evaluate(() => performance.now());
const longestSince = (page, t) => page.evaluate((t) => Math.max(0, ...window.__long.filter((e) => e.start >= t).map((e) => e.ms)), t);
const dashboard = (d) => d.app.nav(/Tableau de bord|Dashboard/).click();

test("first sync of the 100k book through an empty server onto a second device; one edit until the other device shows it", async ({ browser }) => {
  test.skip(!process.env.E2E_SYNCBENCH, "timing measure: E2E_SYNCBENCH=1 to run it");
  test.setTimeout(1_200_000);
  const couch = await startCouch({ user: USER, password: PASSWORD });
  try {
    const A = await withWatch(browser);
    await A.app.goto("import");
    await A.page.getByTestId("import-file").setInputFiles({ name: "factures-100k.csv", mimeType: "text/csv", buffer: book100k(TODAY) });
    await A.page.getByTestId("import-commit").click({ timeout: 120_000 });
    await expect(A.page.getByTestId("import-report")).toBeVisible({ timeout: 180_000 });
    await dashboard(A);
    await expect(A.page.getByTestId("count-invoices")).not.toHaveText("0", { timeout: 60_000 });
    const invoices = await A.page.getByTestId("count-invoices").innerText();

    // Push: from the click on "turn on" (the key's derivation included) to "synced".
    let mark = await now(A.page);
    let t0 = Date.now();
    await turnOn(A, couch, DB);
    await synced(A.page, 900_000);
    const push_ms = Date.now() - t0;
    const push_longest_ms = await longestSince(A.page, mark);
    const docs = await serverDocs(couch, DB);
    const server_bytes = docs.reduce((n, d) => n + (d.ct ? Buffer.from(d.ct, "base64").length : 0), 0);

    // Pull: a second device, from "turn on" to its dashboard showing the book.
    const B = await withWatch(browser);
    mark = await now(B.page);
    t0 = Date.now();
    await turnOn(B, couch, DB);
    await synced(B.page, 900_000);
    await dashboard(B);
    await expect(B.page.getByTestId("count-invoices")).toHaveText(invoices, { timeout: 300_000 });
    const pull_ms = Date.now() - t0;
    const pull_longest_ms = await longestSince(B.page, mark);

    // One edit on A until B's dashboard shows it: B notes the moment its payment count changes.
    await A.page.waitForTimeout(2_000);
    const edits = [];
    let edit_longest_ms = 0;
    for (let i = 0; i < EDITS; i++) {
      const before = await B.page.getByTestId("count-payments").innerText();
      const markB = await now(B.page);
      await B.page.evaluate((before) => {
        window.__seen = null;
        const observer = new MutationObserver(() => {
          const text = document.querySelector("[data-testid=count-payments]")?.textContent;
          if (text != null && text !== before) {
            window.__seen = performance.timeOrigin + performance.now();
            observer.disconnect();
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      }, before);
      await A.app.nav(/Factures|Invoices/).click();
      await A.page.locator("select[aria-label=Statut], select[aria-label=Status]").selectOption("Open");
      const row = A.page.locator("table.invoices tbody tr").filter({ has: A.page.locator("button") }).first();
      await row.getByRole("button", { name: /Enregistrer un règlement|Record a payment/ }).click();
      const form = A.page.locator("form.payment");
      await form.locator("input[name=amount]").fill("1");
      const sent = await A.page.evaluate(() => performance.timeOrigin + performance.now());
      await form.locator("button[type=submit]").click();
      await B.page.waitForFunction(() => window.__seen != null, null, { timeout: 60_000 });
      edits.push((await B.page.evaluate(() => window.__seen)) - sent);
      edit_longest_ms = Math.max(edit_longest_ms, await longestSince(B.page, markB));
    }
    const sorted = [...edits].sort((a, b) => a - b);
    const result = {
      invoices,
      server_docs: docs.length,
      server_bytes,
      push_ms,
      push_longest_ms,
      pull_ms,
      pull_longest_ms,
      edit: { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1], runs: edits },
      edit_longest_ms,
    };
    console.log("sync bench:", JSON.stringify(result));
    if (process.env.SYNCBENCH_OUT) writeFileSync(process.env.SYNCBENCH_OUT, JSON.stringify(result));
    // What the bench is for: both devices end with the whole book.
    expect(await B.page.getByTestId("count-invoices").innerText()).toBe(invoices);
  } finally {
    await couch.stop();
  }
});
