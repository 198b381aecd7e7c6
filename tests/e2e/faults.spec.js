// Fault injection (issue 24): two tabs racing, damaged records, a full quota set through the
// DevTools protocol, a page killed mid-import, a version change. Each test states what the
// user was told and checks what is stored against figures the test itself chose.
import { test, expect } from "@playwright/test";
import { App } from "./app.js";
import { ImportPage } from "./import.js";

// In-page helpers on the app's own database (opened at its current version, then closed).
const idb = {
  /** The stored bytes of one chunk, as an array of numbers. */
  get: (page, name) =>
    page.evaluate(
      (name) =>
        new Promise((ok, ko) => {
          const r = indexedDB.open("encours");
          r.onerror = () => ko(r.error);
          r.onsuccess = () => {
            const db = r.result;
            const g = db.transaction("chunks").objectStore("chunks").get(name);
            g.onsuccess = () => {
              db.close();
              ok(g.result ? Array.from(new Uint8Array(g.result)) : null);
            };
            g.onerror = () => ko(g.error);
          };
        }),
      name,
    ),
  /** Stores `bytes` as chunk `name`, as damage (or another program) would. */
  put: (page, name, bytes) =>
    page.evaluate(
      ([name, bytes]) =>
        new Promise((ok, ko) => {
          const r = indexedDB.open("encours");
          r.onerror = () => ko(r.error);
          r.onsuccess = () => {
            const db = r.result;
            const tx = db.transaction("chunks", "readwrite");
            tx.objectStore("chunks").put(new Uint8Array(bytes), name);
            tx.oncomplete = () => {
              db.close();
              ok();
            };
            tx.onerror = () => ko(tx.error);
          };
        }),
      [name, bytes],
    ),
};

/** The amounts listed on an invoice's page, as written there ("4,06 €"). */
async function listedPayments(page, id) {
  await page.goto(`invoices/${id}`);
  await expect(page.getByTestId("invoice-payments")).toBeVisible();
  return page.getByTestId("invoice-payments").locator("li").allInnerTexts();
}

/** In-app navigation (no reload), as the menu's links do. */
const go = (page, path) =>
  page.evaluate((href) => {
    history.pushState(null, "", href);
    dispatchEvent(new PopStateEvent("popstate"));
  }, `/encours/${path}`);

test("two tabs recording a payment within milliseconds, ten rounds: every payment is stored once", async ({ context }) => {
  test.setTimeout(240_000);
  const a = new App(await context.newPage());
  const b = new App(await context.newPage());
  await a.goto("");
  await a.loadDemo();
  await b.goto("");
  const before = await a.counts();
  await expect(b.page.getByTestId("count-payments")).toHaveText(String(before.payments));
  // An invoice with more than 100 € due, so that twenty small payments leave it open.
  await a.nav("Factures").click();
  // The rows are laid out after the page's first paint, with the summary: read them after it.
  await expect(a.page.getByTestId("invoice-summary")).toBeVisible();
  // Open invoices only: in the demo, paid mostly on time, the first page may hold none.
  await a.page.locator("select[aria-label=Statut]").selectOption("Open");
  const id = await a.page.evaluate(() => {
    for (const tr of document.querySelectorAll("table.invoices tbody tr")) {
      const due = Number(tr.querySelector(".outstanding")?.textContent.replace(/[^\d,]/g, "").replace(",", "."));
      if (tr.querySelector("button") && due > 100) return tr.querySelector("a").getAttribute("href").split("/").pop();
    }
  });
  expect(id).toBeTruthy();
  await go(a.page, `invoices/${id}`);
  const listedBefore = await a.page.getByTestId("invoice-payments").locator("li").count();
  const rounds = 10;
  const amounts = [];
  for (let r = 0; r < rounds; r++) {
    // Both tabs open the payment form of the same invoice, then submit together.
    for (const [app, who] of [[a, 1], [b, 2]]) {
      await go(app.page, `invoices/${id}`);
      // Once the other tab's last payment has reached this one: the page redraws on it, and
      // a form open meanwhile would be drawn again with its default amount.
      await expect(app.page.getByTestId("invoice-payments").locator("li")).toHaveCount(listedBefore + 2 * r);
      await app.page.getByRole("button", { name: "Enregistrer un règlement" }).click();
      // Distinct amounts: tab 1 pays 1,rr €, tab 2 pays 2,rr € (rr = 10 + round).
      amounts.push(`${who},${10 + r}`);
      await expect(app.page.locator("form.payment")).toBeVisible();
    }
    // Typed and submitted in one step per tab, both tabs at once. (Typed earlier, the amount
    // could be lost: the invoice page draws its form again when the other tab's payment
    // arrives, with the default amount — a page matter, noted in issue 24's report.)
    await Promise.all(
      [a, b].map((app, k) =>
        app.page.evaluate((amount) => {
          const input = document.querySelector("form.payment input[name=amount]");
          input.value = amount;
          input.dispatchEvent(new Event("input", { bubbles: true }));
          document.querySelector("form.payment").requestSubmit();
        }, amounts[amounts.length - 2 + k]),
      ),
    );
    for (const app of [a, b]) {
      const form = app.page.locator("form.payment");
      await expect(form, `round ${r}: ${await form.allInnerTexts().catch(() => "")}`).toHaveCount(0, { timeout: 20_000 });
    }
  }
  // Both tabs see every payment; after a reload too.
  for (const app of [a, b]) {
    await app.nav("Tableau de bord").click();
    await expect(app.page.getByTestId("count-payments")).toHaveText(String(before.payments + 2 * rounds));
  }
  await a.page.reload();
  await a.ready();
  await expect(a.page.getByTestId("count-payments")).toHaveText(String(before.payments + 2 * rounds));
  // Each amount once on the invoice's page.
  const listed = await listedPayments(a.page, id);
  for (const amount of amounts) {
    const hits = listed.map((t) => t.replace(/[\s\u00a0\u202f]+/g, " ")).filter((t) => t.includes(`· ${amount} €`));
    expect(hits, `payment of ${amount} € in ${JSON.stringify(listed)}`).toHaveLength(1);
  }
});

test("an amount typed in one tab's payment form survives another tab's payment redrawing the page", async ({ context }) => {
  test.setTimeout(90_000);
  const a = new App(await context.newPage());
  const b = new App(await context.newPage());
  await a.goto("");
  await a.loadDemo();
  await b.goto("");
  await a.nav("Factures").click();
  await expect(a.page.getByTestId("invoice-summary")).toBeVisible();
  await a.page.locator("select[aria-label=Statut]").selectOption("Open");
  const id = await a.page.evaluate(() => {
    for (const tr of document.querySelectorAll("table.invoices tbody tr")) {
      const due = Number(tr.querySelector(".outstanding")?.textContent.replace(/[^\d,]/g, "").replace(",", "."));
      if (tr.querySelector("button") && due > 100) return tr.querySelector("a").getAttribute("href").split("/").pop();
    }
  });
  expect(id).toBeTruthy();
  await go(a.page, `invoices/${id}`);
  await go(b.page, `invoices/${id}`);
  const listed = a.page.getByTestId("invoice-payments").locator("li");
  const before = await listed.count();
  // Tab A types 2,11 € and yesterday's date, and does not submit yet.
  const yesterday = await a.page.evaluate(() => {
    const d = new Date(Date.now() - 86_400_000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  });
  await a.page.getByRole("button", { name: "Enregistrer un règlement" }).click();
  await a.page.locator("form.payment input[name=amount]").fill("2,11");
  await a.page.locator("form.payment input[name=date]").fill(yesterday);
  // Tab B records 1,37 €: tab A's page redraws on it, its form with it.
  await b.page.getByRole("button", { name: "Enregistrer un règlement" }).click();
  await b.page.locator("form.payment input[name=amount]").fill("1,37");
  await b.page.locator("form.payment").evaluate((f) => f.requestSubmit());
  await expect(b.page.locator("form.payment")).toHaveCount(0);
  await expect(listed).toHaveCount(before + 1);
  // What A typed is still there (before the fix: the outstanding amount and today's date).
  await expect(a.page.locator("form.payment input[name=amount]")).toHaveValue("2,11");
  await expect(a.page.locator("form.payment input[name=date]")).toHaveValue(yesterday);
  await a.page.locator("form.payment").evaluate((f) => f.requestSubmit());
  await expect(a.page.locator("form.payment")).toHaveCount(0);
  await expect(listed).toHaveCount(before + 2);
  const texts = (await listed.allInnerTexts()).map((t) => t.replace(/[\s\u00a0\u202f]+/g, " "));
  expect(texts.filter((t) => t.includes("· 2,11 €")), JSON.stringify(texts)).toHaveLength(1);
});

test("a damaged chunk: the message, the way out, and an import refused without writing", async ({ page }) => {
  const app = new App(page);
  await app.goto("");
  await app.loadDemo();
  const before = await app.counts();
  const good = await idb.get(page, "invoices/0");
  // Garbage in the middle of the invoices chunk.
  const bad = good.slice();
  for (let k = 0; k < 16; k++) bad[Math.floor(bad.length / 2) + k] = 0xff;
  await idb.put(page, "invoices/0", bad);
  await page.reload();
  const panel = page.getByTestId("storage-damaged");
  await expect(panel).toBeVisible();
  await expect(page.getByTestId("storage-damaged-why")).toContainText("endommagées");
  await expect(page.getByTestId("storage-damaged-why")).toContainText("invoices/0, checksum_mismatch");
  await expect(page.getByTestId("damaged-restore")).toBeAttached();
  await expect(page.getByTestId("damaged-export")).toBeVisible();
  // No figures pretend to be the book.
  await expect(page.getByTestId("count-invoices")).toHaveText("0");
  // An import is refused, next to its button, and nothing is written.
  const imp = new ImportPage(page);
  await app.nav("Import").click();
  await imp.choose("factures.csv", "N° facture;Client;Date;Échéance;Montant TTC\nF1;Dupont;01/02/2025;03/03/2025;1 200,00\n");
  await page.getByTestId("import-commit").click();
  await expect(page.getByTestId("import-error")).toContainText("storage_read_only");
  expect(await idb.get(page, "invoices/0")).toEqual(bad);
  // "Export what can be read": a backup without the damaged chunk's invoices.
  const download = page.waitForEvent("download");
  await page.getByTestId("damaged-export").click();
  const file = await (await download).path();
  const text = (await import("node:fs")).readFileSync(file, "utf8");
  const backup = JSON.parse(text);
  expect(backup.format).toBe("encours-backup");
  // The demo's invoices all sit in invoices/0: the export holds none (no invoices chunk).
  expect(Object.keys(backup.data.chunks)).not.toContain("invoices/0");
  expect(Object.keys(backup.data.chunks)).toContain("payments/0");
  await expect(page.getByTestId("damaged-lost")).toContainText("invoices/0");
  // A file that is no backup is refused in the UI's language, and nothing changes.
  await page.getByTestId("damaged-restore").setInputFiles({ name: "coupé.json", mimeType: "application/json", buffer: Buffer.from('{"format": "encours-backup", "da') });
  await expect(panel.locator("p[role=alert]")).toContainText("n'est pas du JSON complet");
  await expect(page.getByTestId("damaged-confirm")).toHaveCount(0);
  expect(await idb.get(page, "invoices/0")).toEqual(bad);
  // Restoring it is the user's choice: then the app works again, with the 40 clients.
  await page.getByTestId("damaged-restore").setInputFiles({ name: "lisible.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await page.getByTestId("damaged-confirm").click();
  await expect(panel).toHaveCount(0);
  await app.nav("Tableau de bord").click();
  await expect(page.getByTestId("count-clients")).toHaveText(String(before.clients));
  await expect(page.getByTestId("count-payments")).toHaveText(String(before.payments));
  await expect(page.getByTestId("count-invoices")).toHaveText("0");
});

test("one changed digit in a stored amount is detected, not shown as 1,000 € more", async ({ page }) => {
  const app = new App(page);
  await app.goto("");
  await app.loadDemo();
  const bytes = await idb.get(page, "invoices/0");
  // Amounts are stored as decimal text ("1234.56"): find the first "ddd.dd" and raise a digit.
  const text = String.fromCharCode(...bytes.map((b) => (b >= 32 && b < 127 ? b : 0)));
  const m = /[1-8]\d\d\.\d\d/.exec(text);
  expect(m).not.toBeNull();
  const changed = bytes.slice();
  changed[m.index] += 1;
  await idb.put(page, "invoices/0", changed);
  await page.reload();
  await expect(page.getByTestId("storage-damaged-why")).toContainText("checksum_mismatch");
  await expect(page.getByTestId("count-invoices")).toHaveText("0");
});

test.describe("a full quota", () => {
  test.use({ serviceWorkers: "block" });
  for (const [lang, words] of [
    ["fr", ["Le stockage du navigateur pour ce site est plein", "rien de cette modification n'a été enregistré", "Utilisé :", "Libérez de l'espace", "quota_exceeded"]],
    ["en", ["The browser's storage for this site is full", "nothing of this change was saved", "Used:", "Free some space", "quota_exceeded"]],
  ]) {
    test(`is said in ${lang}, next to the Import button, and nothing is kept`, async ({ page, context, baseURL }) => {
      // The quota is set before the app opens its database.
      const cdp = await context.newCDPSession(page);
      await cdp.send("Storage.overrideQuotaForOrigin", { origin: new URL(baseURL).origin, quotaSize: 200 * 1024 });
      const app = new App(page);
      await page.addInitScript((l) => localStorage.setItem("encours.lang", l), lang);
      await app.goto("import");
      // 5,000 invoices: about a megabyte stored, five times the quota.
      let csv = "N° facture;Client;Date;Échéance;Montant TTC\n";
      for (let k = 0; k < 5000; k++) csv += `F${k};Client ${k % 97};01/02/2025;03/03/2025;${100 + k},00\n`;
      const imp = new ImportPage(page);
      await imp.choose("factures.csv", csv);
      await page.getByTestId("import-commit").click();
      const error = page.getByTestId("import-error");
      for (const w of words) await expect(error).toContainText(w);
      // Next to the button: inside the same panel, visible without scrolling to the top.
      await expect(page.locator(".wizard").getByTestId("import-error")).toBeInViewport();
      await app.nav(/Tableau de bord|Dashboard/).click();
      await expect(page.getByTestId("count-invoices")).toHaveText("0");
      await cdp.send("Storage.overrideQuotaForOrigin", { origin: new URL(baseURL).origin });
    });
  }
});

test("a page killed during a 10,000-row import leaves all of it or nothing", async ({ context }) => {
  test.setTimeout(240_000);
  const rows = 10000;
  const seen = [];
  let expected = 0;
  for (const [k, delay] of [0, 60, 200].entries()) {
    // New invoice numbers each try: a whole import adds `rows`, a lost one adds none.
    let csv = "N° facture;Client;Date;Échéance;Montant TTC\n";
    for (let n = 0; n < rows; n++) csv += `K${k}-${n};Client ${n % 301};01/02/2025;03/03/2025;${10 + (n % 900)},50\n`;
    const page = await context.newPage();
    const app = new App(page);
    await app.goto("import");
    const imp = new ImportPage(page);
    await imp.choose("factures.csv", csv);
    await page.getByTestId("import-commit").click();
    await page.waitForTimeout(delay);
    // Closed at once: no unload handler runs, an open transaction is abandoned.
    await page.close({ runBeforeUnload: false });
    const check = new App(await context.newPage());
    await check.goto("");
    const n = Number(await check.page.getByTestId("count-invoices").innerText());
    seen.push(n);
    expect([expected, expected + rows]).toContain(n);
    expected = n;
    await check.page.close();
  }
  console.log("invoices after each kill:", seen.join(", "));
});

test("after another tab upgrades the database, the old tab refuses edits and offers a reload", async ({ context }) => {
  const a = new App(await context.newPage());
  await a.goto("");
  await a.loadDemo();
  const before = await a.counts();
  const b = await context.newPage();
  await b.goto("about:blank");
  await b.goto(a.page.url());
  // A newer build opens the database at a higher version.
  await b.evaluate(
    () =>
      new Promise((ok, ko) => {
        const r = indexedDB.open("encours", 99);
        r.onupgradeneeded = () => {};
        r.onsuccess = () => {
          r.result.close();
          ok();
        };
        r.onerror = () => ko(r.error);
        r.onblocked = () => ko(new Error("blocked: the old tab did not close"));
      }),
  );
  const banner = a.page.locator(".banner.error").first();
  await expect(banner).toContainText("version plus récente");
  await expect(banner.getByRole("button", { name: "Recharger" })).toBeVisible();
  // A payment in the old tab: refused, said next to the form, nothing counted.
  await a.nav("Factures").click();
  // The rows are laid out after the page's first paint, with the summary: read them after it.
  await expect(a.page.getByTestId("invoice-summary")).toBeVisible();
  // Open invoices only: in the demo, paid mostly on time, the first page may hold none.
  await a.page.locator("select[aria-label=Statut]").selectOption("Open");
  const row = a.page.locator("table.invoices tbody tr").filter({ has: a.page.locator("button") }).first();
  await row.getByRole("button", { name: "Enregistrer un règlement" }).click();
  await a.page.locator("form.payment input[name=amount]").fill("3,33");
  await a.page.locator("form.payment button[type=submit]").click();
  await expect(a.page.locator("form.payment .error")).toContainText("connection_closed");
  await a.nav("Tableau de bord").click();
  await expect(a.page.getByTestId("count-payments")).toHaveText(String(before.payments));
  await b.close();
});
