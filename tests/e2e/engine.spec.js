// The engine's Web Worker (crates/engine, built for speed) against the native core: the same
// file imported in the worker and read by the CLI (`encours aging|kpi|worklist --json`, the
// same core compiled natively) gives the same aged balance, KPIs and worklist. Three books:
// the e2e fixture, a real export layout (Dolibarr, Latin-1), and 3,000 generated invoices.
// Also: two workers (two tabs) recording payments at once keep both, each stored once.
import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../../", import.meta.url).pathname;

/** The native CLI's JSON for `args` (built by `cargo test`, or built now). */
function cli(args) {
  const out = execFileSync("cargo", ["run", "--quiet", "-p", "encours-cli", "--bin", "encours", "--", ...args], {
    cwd: root,
    maxBuffer: 1 << 28,
  });
  return JSON.parse(out.toString());
}

/** "1200.00" and "1200" are the same amount: compared as exact decimal text, trailing zeros off. */
const dec = (s) => {
  if (s === null || s === undefined) return null;
  let t = String(s);
  if (t.includes(".")) t = t.replace(/0+$/, "").replace(/\.$/, "");
  return t === "-0" ? "0" : t;
};

/** A ratio or day count as the CLI prints it: rounded to `dp` places (these are not money). */
const round = (s, dp) => (s === null ? null : Number(Number(s).toFixed(dp)));

/** Runs `steps` (requests) in one worker of the built app, on a database of its own. */
async function inWorker(page, db, steps, bytes) {
  return page.evaluate(
    async ({ db, steps, bytes }) => {
      const url = document.querySelector('meta[name="encours-engine"]').content;
      const w = new Worker(url);
      let next = 1;
      const ask = (req, file) =>
        new Promise((resolve, reject) => {
          const id = next++;
          w.addEventListener("message", function on(e) {
            if (e.data.failed) reject(new Error(e.data.failed));
            if (e.data.id !== id) return;
            w.removeEventListener("message", on);
            resolve(JSON.parse(e.data.reply));
          });
          const msg = { id, req: JSON.stringify(req) };
          if (file) {
            const buf = new Uint8Array(file).buffer;
            msg.bytes = buf;
            w.postMessage(msg, [buf]);
          } else w.postMessage(msg);
        });
      const origin = { device: 7, device_name: "test", author: "" };
      const out = [await ask({ type: "open", db, origin })];
      for (const s of steps) out.push(await ask(s, s.type === "import" ? bytes : null));
      w.terminate();
      return out;
    },
    { db, steps, bytes: bytes ? Array.from(bytes) : null },
  );
}

const books = [
  { name: "the e2e fixture", file: join(root, "tests/e2e/fixtures/balance.csv"), asOf: "2025-06-30" },
  { name: "a Dolibarr export", file: join(root, "crates/core/tests/corpus/exports/dolibarr.csv"), asOf: "2025-09-30" },
  { name: "3,000 generated invoices", generate: 3000, asOf: "2026-11-30" },
];

for (const book of books) {
  test(`the worker answers the native core's figures: ${book.name}`, async ({ page }) => {
    test.setTimeout(180_000);
    let file = book.file;
    if (book.generate) {
      file = join(mkdtempSync(join(tmpdir(), "encours-engine-")), "book.csv");
      execFileSync("cargo", ["run", "--quiet", "-p", "encours-cli", "--bin", "encours", "--", "generate", "--invoices", String(book.generate), "--as-of", book.asOf, "--out", file], { cwd: root });
    }
    const bytes = readFileSync(file);
    await page.goto("");
    const today = book.asOf;
    const [opened, imported, figures, agingRows, worklist] = await inWorker(
      page,
      `encours-engine-test-${Math.random()}`,
      [
        { type: "import", today },
        { type: "figures", today },
        { type: "aging_rows", today, offset: 0, limit: 1000000 },
        { type: "worklist", today, offset: 0, limit: 1000000 },
      ],
      bytes,
    );
    expect(opened.type).toBe("opened");
    expect(opened.counts.invoices).toBe(0);
    expect(imported.type, JSON.stringify(imported)).toBe("imported");
    expect(imported.new_invoices).toBeGreaterThan(0);

    // The aged balance: every currency's buckets and totals, then every client row.
    const aging = cli(["aging", file, "--as-of", today, "--json"]);
    const cliParts = aging.by_currency || [aging];
    const parts = figures.aging;
    expect(parts.length).toBe(cliParts.length);
    for (const [k, c] of cliParts.entries()) {
      const w = parts[k];
      expect(w.currency).toBe(c.currency);
      expect(dec(w.total)).toBe(dec(c.total));
      expect(w.buckets.map(dec)).toEqual(c.buckets.map((b) => dec(b.amount)));
      expect(dec(w.disputed)).toBe(dec(c.disputed));
      expect(dec(w.unallocated_credits)).toBe(dec(c.unallocated_credits));
      expect(w.clients).toBe(c.clients.length);
    }
    expect(figures.labels).toEqual(cliParts[0].buckets.map((b) => b.label));
    const row = (currency, name, total, buckets, disputed) => [currency, name, dec(total), buckets.map(dec), dec(disputed)];
    expect(agingRows.total).toBe(cliParts.reduce((n, c) => n + c.clients.length, 0));
    expect(agingRows.rows.map((r) => row(r.currency, r.name, r.total, r.buckets, r.disputed))).toEqual(
      cliParts.flatMap((c) => c.clients.map((r) => row(c.currency, r.client, r.total, r.buckets.map((b) => b.amount), r.disputed))),
    );

    // Every KPI of every currency.
    const kpi = cli(["kpi", file, "--as-of", today, "--json"]);
    const cliKpis = kpi.by_currency || [kpi];
    expect(figures.kpis.length).toBe(cliKpis.length);
    for (const [k, c] of cliKpis.entries()) {
      const w = figures.kpis[k];
      expect(w.currency).toBe(c.currency);
      expect(dec(w.disputed)).toBe(dec(c.disputed));
      for (const [name, dp] of [["cei", 4], ["dispute_rate", 4], ["bad_debt_rate", 4], ["dso_countback_days", 1], ["dso_simple_days", 1], ["avg_days_late", 1]]) {
        expect(round(w[name], dp), name).toBe(c[name]);
      }
      expect(w.monthly.map((m) => [m.date, dec(m.outstanding), dec(m.overdue)])).toEqual(
        c.monthly.map((m) => [m.date, dec(m.outstanding), dec(m.overdue)]),
      );
    }

    // The worklist, row for row.
    const wl = cli(["worklist", file, "--as-of", today, "--json"]);
    expect(worklist.total).toBe(wl.entries.length);
    expect(worklist.rows.map((r) => [r.client, r.level, r.level_index, r.why, r.invoices, dec(r.total), dec(r.penalties), dec(r.indemnity), r.currency])).toEqual(
      wl.entries.map((e) => [e.client, e.level, e.level_index, e.why, e.invoices, dec(e.total), dec(e.penalties), dec(e.indemnity), e.currency]),
    );
    if (book.generate) expect(worklist.total).toBeGreaterThan(0);
  });
}

test("two workers on one database (two tabs) each record a payment at once: both are kept", async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await a.goto("");
  await b.goto("");
  const db = `encours-engine-tabs-${Math.random()}`;
  const bytes = readFileSync(join(root, "tests/e2e/fixtures/balance.csv"));
  const today = "2025-06-30";
  const [, imported, list] = await inWorker(a, db, [{ type: "import", today }, { type: "invoices", today, offset: 0, limit: 1 }], bytes);
  expect(imported.type).toBe("imported");
  const invoice = list.rows[0].id;
  // Both open the book at the same revision, then pay the same invoice: the second to write
  // finds the store moved on, reads it again and records its payment on top.
  const pay = (amount) => [{ type: "record_payment", invoice, date: today, amount }];
  const [ra, rb] = await Promise.all([inWorker(a, db, pay("10")), inWorker(b, db, pay("20"))]);
  expect(ra[1].type, JSON.stringify(ra[1])).toBe("stored");
  expect(rb[1].type, JSON.stringify(rb[1])).toBe("stored");
  expect(ra[1].rev).not.toBe(rb[1].rev);
  const [reopened] = await inWorker(a, db, []);
  expect(reopened.counts.payments).toBe(imported.new_payments + 2);
});

test("a worker's views follow another tab's writes: told on the database's channel, it reads the book again", async ({ page }) => {
  await page.goto("");
  const bytes = Array.from(readFileSync(join(root, "tests/e2e/fixtures/balance.csv")));
  const seen = await page.evaluate(async (bytes) => {
    const url = document.querySelector('meta[name="encours-engine"]').content;
    const db = `encours-engine-follow-${Math.random()}`;
    const make = () => {
      const w = new Worker(url);
      let next = 1;
      return (req, file) => new Promise((resolve) => {
        const id = next++;
        w.addEventListener("message", function on(e) {
          if (e.data.id !== id) return;
          w.removeEventListener("message", on);
          resolve(JSON.parse(e.data.reply));
        });
        const m = { id, req: JSON.stringify(req) };
        if (file) { const b = new Uint8Array(file).buffer; m.bytes = b; w.postMessage(m, [b]); } else w.postMessage(m);
      });
    };
    const a = make(), b = make();
    const origin = { device: 1, device_name: "", author: "" };
    await a({ type: "open", db, origin });
    await b({ type: "open", db, origin });
    const today = "2025-06-30";
    const before = await b({ type: "figures", today });
    await a({ type: "import", today }, bytes);
    // The channel's message reaches B's worker in a task of its own.
    await new Promise((r) => setTimeout(r, 100));
    const after = await b({ type: "figures", today });
    const list = await b({ type: "invoices", today, offset: 0, limit: 1 });
    await a({ type: "record_payment", invoice: list.rows[0].id, date: today, amount: "100" });
    await new Promise((r) => setTimeout(r, 100));
    const paid = await b({ type: "figures", today });
    return { before: before.aging.length, after: after.aging[0].total, paid: paid.aging[0].total };
  }, bytes);
  expect(seen.before).toBe(0);
  // 6,555.50 owed in the fixture (summed by hand in crates/engine/tests/handlers.rs), then 100 paid.
  expect(seen.after).toBe("6555.50");
  expect(seen.paid).toBe("6455.50");
});
