// Memory check: visits every page of the app several rounds and reads, after each round and a
// forced garbage collection (DevTools protocol), the live DOM node count and the JS + wasm
// heap. A page that leaves memory behind grows them round after round (issue 24: Clients left
// ~236k DOM nodes and ~45 MB a visit at 100k invoices).
//
// Used by tools/bench.mjs (100k invoices stored); alone, `node tools/memory.mjs [--rounds N]`
// checks the built dist-pages with the demo data and exits 1 past the 10 % margin.

/** Pages visited each round: the menu's, then a client's and an invoice's own page. */
const MENU = ["", "clients", "aging", "invoices", "import", "reminders", "credit", "settings"];

/** Reads the wasm memory too: the loader announces the instance (Trunk's event). */
export const initScript = () => {
  addEventListener("TrunkApplicationStarted", (e) => {
    window.__wasm = e.detail && e.detail.wasm;
  });
};

async function measure(page, cdp) {
  // Two collections: the first may only queue finalizers (wasm-bindgen's drop of JS handles).
  for (let k = 0; k < 2; k++) {
    await cdp.send("HeapProfiler.collectGarbage");
    await page.waitForTimeout(100);
  }
  const dom = await cdp.send("Memory.getDOMCounters");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const js = metrics.find((m) => m.name === "JSHeapUsedSize").value;
  const wasm = await page.evaluate(() => (window.__wasm && window.__wasm.memory ? window.__wasm.memory.buffer.byteLength : 0));
  return { nodes: dom.nodes, listeners: dom.jsEventListeners, js, wasm, heap: js + wasm };
}

/**
 * Visits every page `rounds` times in `page` (the app already loaded at `base`) and returns
 * each round's figures and the worst growth over the first round, in %.
 */
export async function visitRounds(page, base, rounds = 5, ready = async () => {}) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const clientHref = async () => {
    await page.goto(`${base}clients`);
    await ready();
    return page.locator("main table tbody a").first().getAttribute("href");
  };
  const client = await clientHref();
  await page.goto(`${base}invoices`);
  await ready();
  const invoice = await page.locator("table.invoices tbody a").first().getAttribute("href");
  const paths = [...MENU, client.replace(/^.*\/encours\//, ""), invoice.replace(/^.*\/encours\//, "")];
  const figures = [];
  for (let r = 0; r < rounds; r++) {
    // In-app navigation (history.pushState), as a user clicks: the page is not reloaded, so
    // whatever a page leaves behind stays in this tab.
    for (const p of paths) {
      const href = `${new URL(base).pathname}${p}`;
      const link = page.locator(`header.top nav a[href="${href}"]`);
      if (await link.count()) await link.click();
      else
        await page.evaluate((href) => {
          history.pushState(null, "", href);
          dispatchEvent(new PopStateEvent("popstate"));
        }, href);
      await ready();
      // Pages compute their figures in tasks after the first paint: let them finish.
      await page.waitForTimeout(Number(process.env.MEMORY_SETTLE_MS) || 1000);
      if (process.env.MEMORY_VERBOSE) console.log(`  ${p || "/"}: ${(await cdp.send("Memory.getDOMCounters")).nodes} nodes`);
    }
    figures.push(await measure(page, cdp));
  }
  const growth = (k) => Math.max(...figures.map((f) => (f[k] - figures[0][k]) / figures[0][k])) * 100;
  return { figures, nodes_pct: growth("nodes"), heap_pct: growth("heap"), paths };
}

// Alone: serve dist-pages, load the demo data, check.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { chromium } = await import("playwright-core");
  const { spawn } = await import("node:child_process");
  const args = process.argv.slice(2);
  const rounds = Number(args[args.indexOf("--rounds") + 1]) || 5;
  const PORT = Number(process.env.E2E_PORT || 4175);
  const base = `http://127.0.0.1:${PORT}/encours/`;
  const server = spawn("node", ["tools/serve.mjs", "dist-pages", "/encours/", String(PORT)], { stdio: "ignore" });
  await new Promise((r) => setTimeout(r, 500));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--disable-gpu", "--no-first-run"] });
  try {
    const context = await browser.newContext({ serviceWorkers: "block", locale: "fr-FR" });
    await context.addInitScript(initScript);
    const page = await context.newPage();
    const ready = () => page.waitForSelector(".loading", { state: "detached" });
    const invoices = Number(args[args.indexOf("--invoices") + 1]) || 0;
    if (invoices) {
      // A generated book through the Import page: one client for 10 invoices.
      let csv = "N° facture;Client;Date;Échéance;Montant TTC\n";
      for (let k = 0; k < invoices; k++) {
        const d = String(1 + (k % 28)).padStart(2, "0"), m = String(1 + (k % 12)).padStart(2, "0");
        csv += `M${k};Client ${k % Math.ceil(invoices / 10)};${d}/${m}/2025;${d}/${m}/2026;${100 + (k % 5000)},00\n`;
      }
      await page.goto(`${base}import`);
      await page.getByTestId("import-file").setInputFiles({ name: "m.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      await page.getByTestId("import-commit").click({ timeout: 120_000 });
      await page.getByTestId("import-report").waitFor({ timeout: 300_000 });
      await page.goto(base);
    } else {
      await page.goto(base);
      await page.getByTestId("load-demo").click();
    }
    await page.waitForFunction(() => document.querySelector('[data-testid="count-invoices"]')?.textContent.trim() !== "0");
    const r = await visitRounds(page, base, rounds, ready);
    for (const [k, f] of r.figures.entries()) console.log(`round ${k + 1}: ${f.nodes} nodes, ${f.listeners} listeners, JS ${(f.js / 1048576).toFixed(1)} MiB, wasm ${(f.wasm / 1048576).toFixed(1)} MiB`);
    console.log(`growth over round 1: DOM nodes ${r.nodes_pct.toFixed(1)} %, JS + wasm heap ${r.heap_pct.toFixed(1)} %`);
    process.exitCode = r.nodes_pct <= 10 && r.heap_pct <= 10 ? 0 : 1;
  } finally {
    await browser.close();
    server.kill();
  }
}
