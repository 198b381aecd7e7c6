// The cold start of one build, for comparing two builds side by side on one machine (run them
// alternately): imports the benchmarks' 100k CSV through the Import page, then reloads N times
// and prints the ms from navigation to the dashboard's first figure (as tools/bench.mjs).
// PROFILE=1 adds a CPU profile of one more reload (self and inclusive time by function: build
// with data-wasm-opt="0" data-keep-debug to read wasm names).
// Usage: PORT=4195 N=6 node tools/cold.mjs DIST [CSV]   (CSV: the 100k file longtasks.spec.js
// writes with the CLI's `generate`; one port per build: each origin keeps
// its own IndexedDB)
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { figuresShown } from "./figures.mjs";
const dist = process.argv[2] || "dist-pages";
const csv = process.argv[3] || "/tmp/encours-e2e-100k-2025-04-02.csv";
const PORT = Number(process.env.PORT || 4190);
const server = spawn("node", ["tools/serve.mjs", dist, "/encours/", String(PORT)], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--disable-gpu", "--no-first-run"] });
const context = await browser.newContext({ serviceWorkers: "block", locale: "fr-FR" });
const page = await context.newPage();
const base = `http://127.0.0.1:${PORT}/encours/`;
const figures = () => figuresShown(page);
try {
  await page.goto(base);
  await page.evaluate(() => localStorage.setItem("encours.today", "2025-04-02"));
  await page.goto(base + "import");
  await page.getByTestId("import-file").setInputFiles({ name: "f.csv", mimeType: "text/csv", buffer: readFileSync(csv) });
  await page.getByTestId("import-commit").click({ timeout: 120_000 });
  await page.getByTestId("import-report").waitFor({ timeout: 180_000 });
  await page.goto(base);
  await figures();
  const times = [];
  for (let i = 0; i < (+process.env.N || 3); i++) { await page.reload(); await figures(); times.push(await page.evaluate(() => performance.now())); }
  console.log("reload to figures (ms):", times.map(Math.round).join(" "));
  if (process.env.PROFILE) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
    await page.reload(); await figures();
    const t = await page.evaluate(() => performance.now());
    const { profile } = await cdp.send("Profiler.stop");
    console.log("profiled reload:", Math.round(t));
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    const dt = profile.timeDeltas; let total = 0;
    const hits = new Map();
    profile.samples.forEach((id, k) => { hits.set(id, (hits.get(id) || 0) + (dt[k] || 0)); total += dt[k] || 0; });
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
    const incl = new Map();
    for (const [id, us] of hits) {
      const n = byId.get(id);
      const name = n.callFrame.functionName || "(anon " + n.callFrame.url.split("/").pop() + ")";
      self.set(name, (self.get(name) || 0) + us);
      const seen = new Set();
      for (let x = id; x !== undefined; x = parent.get(x)) {
        const nm = byId.get(x).callFrame.functionName || "(anon)";
        if (!seen.has(nm)) { seen.add(nm); incl.set(nm, (incl.get(nm) || 0) + us); }
      }
    }
    const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, us]) => `${(us / 1000).toFixed(1).padStart(7)} ms  ${n.slice(0, 110)}`).join("\n");
    console.log(`total sampled ${(total / 1000).toFixed(0)} ms\n-- self --\n${top(self, 45)}\n-- inclusive --\n${top(incl, 70)}`);
  }
} finally {
  await browser.close();
  server.kill();
}
