// The benchmark page: times the app's wasm core (import, aging + KPIs, IndexedDB) and Papa Parse
// doing the same work on the same generated files, and leaves the results in window.__bench.
const TODAY = "2025-06-30";
const log = (s) => { document.getElementById("log").textContent += s + "\n"; };
const tick = () => new Promise((r) => setTimeout(r, 0));

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], runs: s.length };
}

async function timeit(name, fn, runs) {
  const t = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    t.push(performance.now() - start);
    await tick();
  }
  const r = stats(t);
  log(`${name}: median ${r.median.toFixed(1)} ms (${r.min.toFixed(1)}–${r.max.toFixed(1)}, ${runs} runs)`);
  return r;
}

// The conversions the import does, in JS: French dates to timestamps, French amounts to cents.
const frDate = (s) => {
  const [d, m, y] = s.split("/");
  return Date.UTC(+y, +m - 1, +d);
};
const cents = (s) => (s ? Math.round(parseFloat(s.replace(/[\s\u00a0\u202f.]/g, "").replace(",", ".")) * 100) : 0);

function papaBare(bytes) {
  return Papa.parse(new TextDecoder().decode(bytes), { delimiter: ";" }).data.length;
}

function papaTyped(bytes) {
  const rows = Papa.parse(new TextDecoder().decode(bytes), { delimiter: ";", skipEmptyLines: true }).data;
  let ok = 0;
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i];
    const issue = frDate(r[3]), due = frDate(r[4]);
    const amounts = [cents(r[5]), cents(r[6]), cents(r[7]), cents(r[8])];
    if (!Number.isNaN(issue) && !Number.isNaN(due) && !amounts.some(Number.isNaN)) ok++;
  }
  return ok;
}

/** The longest main-thread task (long-task API) while `fn` runs. */
async function longestTask(fn) {
  const seen = [];
  const obs = new PerformanceObserver((list) => list.getEntries().forEach((e) => seen.push(e.duration)));
  obs.observe({ type: "longtask" });
  await tick();
  await fn();
  await new Promise((r) => setTimeout(r, 200));
  obs.disconnect();
  return seen.length ? Math.max(...seen) : 0;
}

const mb = (bytes) => bytes / (1024 * 1024);
const jsHeap = () => (performance.memory ? performance.memory.usedJSHeapSize : 0);

/** The app's engine worker (crates/engine), its loader named in the app's index.html. */
async function engineWorker() {
  const html = await (await fetch("../index.html")).text();
  const name = html.match(/name="encours-engine" content="([^"]+)"/)[1];
  const worker = new Worker("../" + name);
  let next = 1;
  const ask = (req, bytes) => new Promise((resolve, reject) => {
    const id = next++;
    const start = performance.now();
    worker.addEventListener("message", function on(e) {
      if (e.data.failed) reject(new Error(e.data.failed));
      if (e.data.id !== id) return;
      worker.removeEventListener("message", on);
      const reply = JSON.parse(e.data.reply);
      if (reply.type === "failed") reject(new Error(e.data.reply));
      resolve({ reply, inside: e.data.ms, round_trip: performance.now() - start });
    });
    const m = { id, req: JSON.stringify(req) };
    if (bytes) { const b = bytes.slice().buffer; m.bytes = b; worker.postMessage(m, [b]); } else worker.postMessage(m);
  });
  return { ask, worker };
}

/** The engine in its worker on the 100k file: the import until durable (with the longest
 *  main-thread task meanwhile), the figures (inside the worker and round trip), one edit. */
async function inWorker(bytes, runs) {
  const out = {};
  const db = "encours-bench-engine";
  await new Promise((r) => { const q = indexedDB.deleteDatabase(db); q.onsuccess = q.onerror = q.onblocked = r; });
  const { ask, worker } = await engineWorker();
  await ask({ type: "open", db, origin: { device: 12345, device_name: "bench", author: "" } });
  let imported;
  out.longest_task_import_ms = await longestTask(async () => { imported = await ask({ type: "import", today: TODAY }, bytes); });
  out.import = { median: imported.round_trip, min: imported.round_trip, max: imported.round_trip, runs: 1 };
  out.import_inside_ms = imported.inside;
  out.invoices = imported.reply.new_invoices;
  log(`worker: 100k import until durable ${imported.round_trip.toFixed(0)} ms (longest main-thread task ${out.longest_task_import_ms.toFixed(0)} ms)`);
  const inside = [], trips = [];
  for (let i = 0; i < runs * 4; i++) {
    const r = await ask({ type: "figures", today: TODAY });
    inside.push(r.inside); trips.push(r.round_trip);
  }
  out.figures_inside = stats(inside);
  out.figures = stats(trips);
  log(`worker: aging + KPIs 100k median ${out.figures_inside.median.toFixed(1)} ms inside, ${out.figures.median.toFixed(1)} ms round trip`);
  // An invoice that still owes more than the runs' cents.
  const rows = (await ask({ type: "invoices", today: TODAY, offset: 0, limit: 1000 })).reply.rows;
  const first = rows.find((r) => Number(r.outstanding) > 1);
  const edits = [];
  for (let i = 0; i < runs; i++) {
    edits.push((await ask({ type: "record_payment", invoice: first.id, date: TODAY, amount: "0.01" })).round_trip);
  }
  out.edit = stats(edits);
  log(`worker: one edit until durable, round trip: median ${out.edit.median.toFixed(1)} ms`);
  worker.terminate();
  return out;
}

async function main(w, runs) {
  const out = { phase: "main" };
  const files = { "10k": w.gen_csv(10000, TODAY), "100k": w.gen_csv(100000, TODAY) };
  out.files = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.length]));
  out.import = {};
  for (const [name, bytes] of Object.entries(files)) {
    const n = name === "100k" ? runs : runs * 2;
    out.import[name] = {
      ours_bare: await timeit(`${name} ours bare parse`, () => w.parse_bare(bytes), n),
      papa_bare: await timeit(`${name} Papa bare parse`, () => papaBare(bytes), n),
      ours_typed: await timeit(`${name} ours typed parse`, () => w.parse_typed(bytes, TODAY), n),
      papa_typed: await timeit(`${name} Papa typed parse`, () => papaTyped(bytes), n),
      ours_import: await timeit(`${name} ours full import`, () => w.import_full(bytes, TODAY), n),
    };
  }
  out.rows_checked = { ours: w.parse_typed(files["100k"], TODAY), papa: papaTyped(files["100k"]) };
  w.import_full(files["100k"], TODAY);
  out.aging_kpis = await timeit("aging + KPIs 100k", () => w.aging_kpis(TODAY), runs * 4);
  out.worker = await inWorker(files["100k"], runs);
  // The Import page's path: parse in slices of 20,000 records, merge, encode, with a yield to
  // the browser between each.
  const appImport = async (bytes) => {
    w.job_start(bytes, TODAY);
    await tick();
    while (!w.job_step(20000)) await tick();
    w.job_apply();
    await tick();
    w.job_encode();
    await tick();
  };
  out.longest_task_import_ms = await longestTask(() => appImport(files["100k"]));
  out.longest_task_one_call_ms = await longestTask(() => w.import_full(files["100k"], TODAY));
  log(`longest task during the 100k import: ${out.longest_task_import_ms.toFixed(0)} ms (one call: ${out.longest_task_one_call_ms.toFixed(0)} ms)`);
  // Saved into the app's own database: the runner then opens the app to time its cold start.
  const saves = [];
  for (let i = 0; i < 3; i++) saves.push(await w.store_save("encours"));
  out.save = stats(saves);
  log(`IndexedDB save 100k: median ${out.save.median.toFixed(0)} ms`);
  const edits = [];
  for (let i = 0; i < runs; i++) edits.push(await w.store_edit("encours", TODAY));
  out.edit = stats(edits);
  log(`one edit: median ${out.edit.median.toFixed(1)} ms`);
  // The event log and its snapshot as stored after those runs (issue 20's figures).
  const sizes = await w.store_sizes("encours");
  out.log_bytes = sizes.log_bytes;
  out.log_events = sizes.log_events;
  out.snapshot_bytes = sizes.snapshot_bytes;
  out.wasm_memory_mb = mb(w.wasm_memory());
  return out;
}

async function million(w) {
  const out = { phase: "million" };
  const step = async (name, fn) => {
    const start = performance.now();
    try {
      const v = await fn();
      out[name] = { ms: performance.now() - start, wasm_mb: mb(w.wasm_memory()), js_heap_mb: mb(jsHeap()), value: v };
    } catch (e) {
      out[name] = { error: String(e), wasm_mb: mb(w.wasm_memory()) };
      throw e;
    }
    log(`1M ${name}: ${JSON.stringify(out[name])}`);
  };
  try {
    w.clear();
    let bytes;
    await step("generate", () => { bytes = w.gen_csv(1000000, TODAY); return bytes.length; });
    await step("import", () => w.import_full(bytes, TODAY));
    bytes = null;
    await step("aging_kpis", () => w.aging_kpis(TODAY));
    await step("save", () => w.store_save("encours"));
  } catch (e) {
    out.broke = String(e);
  }
  return out;
}

window.addEventListener("TrunkApplicationStarted", async () => {
  const w = window.wasmBindings;
  const params = new URLSearchParams(location.search);
  const runs = Number(params.get("runs") || 5);
  try {
    window.__bench = params.get("phase") === "million" ? await million(w) : await main(w, runs);
  } catch (e) {
    window.__bench = { error: String(e && e.stack || e) };
  }
  log("done");
});
