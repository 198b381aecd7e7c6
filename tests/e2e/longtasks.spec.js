// With 100,000 invoices (the CLI's benchmark book: 20,000 clients), opening each page from the
// menu runs no main-thread task over 100 ms (PerformanceObserver "longtask"): long lists are
// laid out a step at a time and their work stays short. Opening a page is measured from the
// click to 1.5 s after its heading shows.
//
// While the same book is imported from the Import page, a click is answered within 100 ms (the
// second test below).
//
// Not part of `make test`: a task's length depends on the machine's load (on a shared 2-core
// machine at load 7 one build measured Crédit 228 ms, then less alone). `make bench` runs both
// (E2E_LONGTASKS=1), on a quiet machine.
import { test, expect } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { App } from "./app.js";
import { setToday, book100k } from "./book.js";

const TODAY = "2025-04-02";
const LIMIT_MS = 100;
const NAV = [
  ["Clients", "clients"],
  ["Balance âgée", "aging"],
  ["Factures", "invoices"],
  ["Import", "import"],
  ["Relances", "reminders"],
  ["Crédit", "credit"],
  ["Réglages", "settings"],
  ["Tableau de bord", ""],
];

/** A timing measure's start (run by `make bench` only): the 100k file and the app on TODAY. */
async function start(page) {
  test.skip(!process.env.E2E_LONGTASKS, "timing measure: E2E_LONGTASKS=1 to run it");
  test.setTimeout(600_000);
  const csv = book100k(TODAY);
  const app = new App(page);
  await app.goto("");
  await setToday(page, TODAY);
  return { app, csv };
}

test("each page opens at 100k invoices with no main-thread task over 100 ms", async ({ page }) => {
  const { app, csv } = await start(page);
  await app.goto("import");
  await page.getByTestId("import-file").setInputFiles({ name: "factures-100k.csv", mimeType: "text/csv", buffer: csv });
  await page.getByTestId("import-commit").click({ timeout: 120_000 });
  await expect(page.getByTestId("import-report")).toBeVisible({ timeout: 180_000 });
  await app.goto("");
  await expect(page.getByTestId("count-invoices")).not.toHaveText("0", { timeout: 60_000 });
  await page.waitForTimeout(2000);
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push({ start: e.startTime, ms: Math.round(e.duration) });
    }).observe({ type: "longtask" });
  });
  const worst = {};
  for (const [name, path] of NAV) {
    const t0 = await page.evaluate(() => performance.now());
    await app.nav(name).click();
    await expect(page).toHaveURL(new RegExp(`/encours/${path}$`));
    await expect(page.locator("main h1").first()).toBeVisible();
    await page.waitForTimeout(1500);
    const tasks = await page.evaluate((t) => window.__long.filter((e) => e.start >= t).map((e) => e.ms), t0);
    worst[path || "/"] = Math.max(0, ...tasks);
  }
  console.log("longest task per page (ms):", JSON.stringify(worst));
  // `make bench` (tools/bench.mjs) puts these figures in BENCHMARKS.md and bench/results.json.
  if (process.env.LONGTASKS_OUT) writeFileSync(process.env.LONGTASKS_OUT, JSON.stringify(worst));
  const over = Object.entries(worst).filter(([, ms]) => ms > LIMIT_MS);
  expect(over).toEqual([]);
});

// The clicks' page-side record: each click on the header's theme switch (its pointerdown and
// click time stamps, the start of the frame after each, whether its list of options was open
// after it), the Event Timing entries of 16 ms and more of pointerdown, pointerup and click
// (duration: from the input to the next paint; processingStart - startTime: the input delay),
// the main-thread tasks over 50 ms, and when each phase of the import began and ended: the
// parse from the file's change event until the wizard shows what the import will do (the
// engine's worker's preview), the commit from the commit button's click until the report
// shows.
function recordClicks() {
  const w = (window.__clicks = { clicks: [], entries: [], long: [], marks: {} });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (["pointerdown", "pointerup", "click"].includes(e.name)) w.entries.push({ name: e.name, start: e.startTime, duration: e.duration, delay: e.processingStart - e.startTime });
    }
  }).observe({ type: "event", durationThreshold: 16, buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.long.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: "longtask" });
  const frame = (c, key) => requestAnimationFrame(() => (c[key] = performance.now()));
  const sw = document.querySelector("header.top .theme-switch");
  sw.addEventListener("pointerdown", (e) => {
    const c = { down: e.timeStamp, up: null, downFrame: null, upFrame: null, open: null };
    w.clicks.push(c);
    frame(c, "downFrame");
  }, true);
  sw.addEventListener("click", (e) => {
    const c = w.clicks.at(-1);
    if (!c || c.up !== null) return;
    c.up = e.timeStamp;
    c.open = sw.matches(":open");
    frame(c, "upFrame");
  }, true);
  const marks = w.marks;
  document.addEventListener("change", (e) => { if (e.target.dataset?.testid === "import-file") marks.parse ??= e.timeStamp; }, true);
  document.addEventListener("click", (e) => { if (e.target.closest?.("[data-testid=import-commit]")) marks.commit ??= e.timeStamp; }, true);
  new MutationObserver(() => {
    // The first phase ends when the wizard shows what the import will do (its summary, which
    // the engine's worker works out after the wizard is drawn), not when the wizard appears.
    if (marks.parse !== undefined && marks.parsed === undefined && document.querySelector("[data-testid=import-preview]")) marks.parsed = performance.now();
    if (marks.commit !== undefined && marks.done === undefined && document.querySelector("[data-testid=import-report]")) marks.done = performance.now();
  }).observe(document.body, { childList: true, subtree: true });
}

/** Clicks at `at` every `gap` ms, as a user would, without waiting for the page to take each
 *  click (Playwright's mouse.click would wait, and click less often when the page is busy),
 *  until the returned stop(), which waits until the page took every click and returns how many
 *  were made. */
async function keepClicking(page, at, gap) {
  const cdp = await page.context().newCDPSession(page);
  const sent = [];
  const send = (type, buttons) => sent.push(cdp.send("Input.dispatchMouseEvent", { type, x: at.x, y: at.y, button: "left", buttons, clickCount: 1 }).catch((e) => e));
  let made = 0;
  const click = () => {
    send("mousePressed", 1);
    send("mouseReleased", 0);
    made++;
  };
  send("mouseMoved", 0);
  click();
  const timer = setInterval(click, gap);
  return async () => {
    clearInterval(timer);
    const failed = (await Promise.all(sent)).filter((r) => r instanceof Error);
    await cdp.detach();
    if (failed.length) throw failed[0];
    return made;
  };
}

// While the 100k book is imported (the file parsed in slices, then the import committed), the
// theme switch in the header is clicked every CLICK_GAP ms: it is on screen through both phases,
// each click opens or closes its list of options (an answer the user sees, drawn by the page's
// main thread), and it leaves the book and the import alone (no option is chosen). Opening or
// closing the list costs the main thread about 15 ms: clicking much more often would slow the
// import down. Each click's answer is timed in the page by the Event Timing API, not from Node
// (Playwright's click waits for its own round trips): the longest of its pointerdown, pointerup
// and click from the input to the next paint. A click with no entry took under 16 ms and counts
// as 16 ms. Every click landing in a phase must be answered within 100 ms; some must land, in
// each phase longer than 1.5 gaps.
const CLICK_GAP = 150;

test("a click is answered within 100 ms while the 100k book is imported", async ({ page }) => {
  const { app, csv } = await start(page);
  // A window tall enough for the header and the wizard's commit button at its foot (about
  // 2,050 px down): the button's click does not scroll the switch away.
  await page.setViewportSize({ width: 1280, height: 2200 });
  await app.goto("import");
  await page.evaluate(recordClicks);
  const sw = page.locator("header.top .theme-switch");
  await expect(sw).toBeVisible();
  const box = await sw.boundingBox();
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  // An open list of options would take the commit button's click.
  const closeList = async () => {
    if (await sw.evaluate((e) => e.matches(":open"))) await page.keyboard.press("Escape");
    await expect.poll(() => sw.evaluate((e) => e.matches(":open"))).toBe(false);
  };

  let stop = await keepClicking(page, at, CLICK_GAP);
  await page.getByTestId("import-file").setInputFiles({ name: "factures-100k.csv", mimeType: "text/csv", buffer: csv });
  await expect(page.getByTestId("import-commit")).toBeEnabled({ timeout: 120_000 });
  let made = await stop();
  await closeList();
  await page.getByTestId("import-commit").click();
  stop = await keepClicking(page, at, CLICK_GAP);
  await expect(page.getByTestId("import-report")).toBeVisible({ timeout: 180_000 });
  made += await stop();
  await closeList();
  // The last clicks' entries and frames.
  await page.waitForTimeout(500);

  const { clicks, entries, long, marks } = await page.evaluate(() => window.__clicks);
  expect(Object.keys(marks).sort()).toEqual(["commit", "done", "parse", "parsed"]);
  // Every click made reached the switch (none went to whatever a scroll would put under the mouse).
  expect(clicks.length).toBe(made);
  const near = (a, b) => b !== null && Math.abs(a - b) < 1;
  const timed = clicks.map((c) => {
    const mine = entries.filter((e) => (e.name === "pointerdown" ? near(e.start, c.down) : near(e.start, c.up)));
    return {
      ms: Math.max(16, ...mine.map((e) => e.duration)),
      delay: Math.max(0, ...mine.map((e) => e.delay)),
      reported: mine.length > 0,
      frame: Math.max(c.downFrame - c.down, c.upFrame - c.up),
      ...c,
    };
  });
  const within = (from, to) => timed.filter((c) => c.down >= from && c.down <= to);
  // Tasks begun in the phase (the one that set the file, Playwright's, ends after the change event).
  const longest = (from, to) => Math.round(Math.max(0, ...long.filter((t) => t.start >= from && t.start <= to).map((t) => t.ms)));
  const parse = within(marks.parse, marks.parsed);
  const commit = within(marks.commit, marks.done);
  const during = [...parse, ...commit];
  const sorted = during.map((c) => c.ms).sort((a, b) => a - b);
  const round = (x) => Math.round(x * 10) / 10;
  const figures = {
    worst_ms: sorted.at(-1) ?? null,
    median_ms: sorted.length ? sorted[Math.floor(sorted.length / 2)] : null,
    clicks_parse: parse.length,
    clicks_commit: commit.length,
    clicks_reported: during.filter((c) => c.reported).length,
    worst_input_delay_ms: round(Math.max(0, ...during.map((c) => c.delay))),
    worst_to_next_frame_ms: round(Math.max(0, ...during.map((c) => c.frame))),
    parse_ms: Math.round(marks.parsed - marks.parse),
    commit_ms: Math.round(marks.done - marks.commit),
    longest_task_parse_ms: longest(marks.parse, marks.parsed),
    longest_task_commit_ms: longest(marks.commit, marks.done),
    each_ms: { parse: parse.map((c) => c.ms), commit: commit.map((c) => c.ms) },
  };
  console.log("a click answered during the 100k import (Event Timing, ms; 16 = under 16):", JSON.stringify(figures));
  // `make bench` (tools/bench.mjs) puts these figures in BENCHMARKS.md and bench/results.json.
  if (process.env.CLICK_OUT) writeFileSync(process.env.CLICK_OUT, JSON.stringify(figures));
  // Something was measured: clicks landed in the import, in each phase long enough for one, and
  // they were answered (a list opened).
  expect(during.length).toBeGreaterThan(0);
  if (figures.parse_ms > 1.5 * CLICK_GAP) expect(parse.length).toBeGreaterThan(0);
  if (figures.commit_ms > 1.5 * CLICK_GAP) expect(commit.length).toBeGreaterThan(0);
  expect(during.some((c) => c.open)).toBe(true);
  // A click whose next frame began after 32 ms was painted later still, so Event Timing reported
  // it: none is counted as 16 ms unseen.
  expect(during.filter((c) => c.frame > 32 && !c.reported)).toEqual([]);
  expect(figures.worst_ms).toBeLessThan(LIMIT_MS);
});
