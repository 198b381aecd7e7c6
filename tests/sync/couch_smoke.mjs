// Smoke test of tools/couch.mjs: the CouchDB protocol points the sync client uses, against
// the in-memory test server on 127.0.0.1. Plain node script: exits 0 when every check
// passed, non-zero with a message otherwise. Usage: node tests/sync/couch_smoke.mjs
//
// The checks run in a child process so that the parent can verify the child exits by
// itself once the server is stopped (no lingering handle keeps it alive).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { startCouch } from "../../tools/couch.mjs";

const EXIT_GRACE_MS = 5_000;

function check(cond, what, detail) {
  if (!cond) throw new Error(`${what}${detail === undefined ? "" : `: ${typeof detail === "string" ? detail : JSON.stringify(detail)}`}`);
  console.log(`ok - ${what}`);
}

const hex = (n) => randomBytes(n).toString("hex");
const ms = (t0) => `${(performance.now() - t0).toFixed(1)} ms`;

async function main() {
  const ORIGIN = "http://127.0.0.1:4173";
  let t0 = performance.now();
  const couch = await startCouch({ port: 0, user: "alice", password: "s3cret" });
  console.log(`# started ${couch.url} in ${ms(t0)}`);
  check(/^http:\/\/127\.0\.0\.1:\d+$/.test(couch.url), "url is http://127.0.0.1:PORT", couch.url);

  const call = async (method, path, body, { auth = couch.auth, headers = {} } = {}) => {
    const h = { Accept: "application/json", ...headers };
    if (auth) h.Authorization = auth;
    if (body !== undefined) h["Content-Type"] = "application/json";
    const res = await fetch(couch.url + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, headers: res.headers, json, text };
  };

  // Auth.
  let r = await call("GET", "/", undefined, { auth: null });
  check(r.status === 401 && r.json?.error === "unauthorized", "no credentials -> 401 unauthorized", r);
  r = await call("GET", "/", undefined, { auth: "Basic " + Buffer.from("alice:wrong").toString("base64") });
  check(r.status === 401, "wrong password -> 401", r.status);
  r = await call("GET", "/");
  check(r.status === 200 && r.json?.["express-pouchdb"], "GET / with Basic auth -> 200 welcome", r.json);
  check(couch.requests.at(-1).user === "alice", "server saw the Basic user name", couch.requests.at(-1));

  // Databases.
  r = await call("PUT", "/db");
  check(r.status === 201 && r.json?.ok === true, "PUT /db creates it (201 ok)", r);
  r = await call("PUT", "/db");
  check(r.status === 412 && r.json?.error === "file_exists", "PUT /db again -> 412 file_exists", r);
  r = await call("GET", "/db");
  check(r.status === 200 && r.json?.db_name === "db" && r.json.doc_count === 0, "GET /db -> info, 0 docs", r.json);
  r = await call("GET", "/missing");
  check(r.status === 404 && r.json?.error === "not_found", "GET /missing -> 404 not_found", r.json);

  // _bulk_docs.
  const docs = [1, 2, 3].map(() => ({ _id: hex(16), iv: hex(12), ct: hex(64) }));
  r = await call("POST", "/db/_bulk_docs", { docs });
  check(r.status === 201 && r.json.length === 3 && r.json.every((x, i) => x.ok === true && x.id === docs[i]._id && /^1-/.test(x.rev)),
    "POST _bulk_docs 3 docs -> 201, each ok with a 1- rev", r.json);
  r = await call("POST", "/db/_bulk_docs", { docs });
  check(r.status === 201 && r.json.length === 3 && r.json.every((x, i) => x.error === "conflict" && x.id === docs[i]._id),
    "POST the same ids again -> each {error:\"conflict\"}", r.json);

  // _changes.
  r = await call("GET", "/db/_changes?since=0&include_docs=true");
  const ch = r.json;
  check(r.status === 200 && ch.results.length === 3 && ch.last_seq !== undefined, "GET _changes?since=0&include_docs=true -> 3 results and a last_seq", r.json);
  check(ch.results.every((x) => x.doc && x.doc.iv && x.doc.ct && x.doc._rev === x.changes[0].rev && docs.some((d) => d._id === x.id)),
    "each result carries its doc (iv, ct, _rev)");
  console.log(`# last_seq is ${JSON.stringify(ch.last_seq)} (${typeof ch.last_seq}), result seqs ${JSON.stringify(ch.results.map((x) => x.seq))}`);
  const since = encodeURIComponent(String(ch.last_seq)); // seq is opaque: sent back raw, never JSON-quoted

  // _changes longpoll: returns on a new doc, or empty after the timeout.
  t0 = performance.now();
  const late = { _id: hex(16), iv: hex(12), ct: hex(64) };
  const [lp] = await Promise.all([
    call("GET", `/db/_changes?feed=longpoll&since=${since}&timeout=2000&include_docs=true`),
    new Promise((ok) => setTimeout(ok, 300)).then(() => call("POST", "/db/_bulk_docs", { docs: [late] })),
  ]);
  const lpTime = performance.now() - t0;
  check(lp.status === 200 && lp.json.results.length === 1 && lp.json.results[0].id === late._id && lp.json.results[0].doc?.ct === late.ct && lpTime >= 250 && lpTime < 1500,
    `longpoll waits and returns the doc added 300 ms later (${lpTime.toFixed(0)} ms)`, lp.json);
  const since2 = encodeURIComponent(String(lp.json.last_seq));
  t0 = performance.now();
  r = await call("GET", `/db/_changes?feed=longpoll&since=${since2}&timeout=2000`);
  const idle = performance.now() - t0;
  check(r.status === 200 && r.json.results.length === 0 && r.json.last_seq !== undefined && idle >= 1900 && idle < 3500,
    `longpoll with nothing new -> empty results after the timeout (${idle.toFixed(0)} ms)`, r.json);

  // _local checkpoint.
  r = await call("PUT", "/db/_local/checkpoint-x", { seq: ch.last_seq });
  check(r.status === 201 && r.json.ok && r.json.rev, "PUT _local/checkpoint-x -> 201 with a rev", r.json);
  r = await call("GET", "/db/_local/checkpoint-x");
  check(r.status === 200 && JSON.stringify(r.json.seq) === JSON.stringify(ch.last_seq) && r.json._rev, "GET _local/checkpoint-x -> the seq and its _rev", r.json);
  const rev1 = r.json._rev;
  r = await call("PUT", "/db/_local/checkpoint-x", { seq: lp.json.last_seq });
  check(r.status === 409 && r.json.error === "conflict", "update without _rev -> 409 conflict", r.json);
  r = await call("PUT", "/db/_local/checkpoint-x", { seq: lp.json.last_seq, _rev: rev1 });
  check(r.status === 201 && r.json.rev !== rev1, `update with _rev ${rev1} -> 201, rev ${r.json.rev}`, r.json);
  r = await call("GET", "/db/_changes?since=0");
  check(r.json.results.every((x) => !x.id.startsWith("_local/")), "_local docs stay out of _changes");

  // CORS.
  let res = await fetch(couch.url + "/db/_bulk_docs", {
    method: "OPTIONS",
    headers: { Origin: ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,authorization" },
  });
  const allow = (name) => (res.headers.get(name) || "").toLowerCase();
  check(res.ok, `preflight without credentials -> ${res.status}`);
  check(allow("access-control-allow-origin") === ORIGIN, "preflight: Allow-Origin echoes the origin", allow("access-control-allow-origin"));
  check(allow("access-control-allow-credentials") === "true", "preflight: Allow-Credentials true");
  check(["get", "put", "post", "delete"].every((m) => allow("access-control-allow-methods").includes(m)), "preflight: Allow-Methods has GET PUT POST DELETE", allow("access-control-allow-methods"));
  check(["content-type", "authorization"].every((h) => allow("access-control-allow-headers").includes(h)), "preflight: Allow-Headers has Content-Type, Authorization", allow("access-control-allow-headers"));
  r = await call("GET", "/db", undefined, { headers: { Origin: ORIGIN } });
  check(r.headers.get("access-control-allow-origin") === ORIGIN && r.headers.get("access-control-allow-credentials") === "true", "actual GET with Origin -> Allow-Origin + Allow-Credentials");
  r = await call("GET", "/db", undefined, { auth: null, headers: { Origin: ORIGIN } });
  check(r.status === 401 && r.headers.get("access-control-allow-origin") === ORIGIN, "a 401 carries the CORS headers too (readable by the page)");

  // pause/resume: the socket goes away, the data stays.
  const pending = call("GET", `/db/_changes?feed=longpoll&since=${since2}&timeout=10000`).then(
    () => null, (err) => err);
  await new Promise((ok) => setTimeout(ok, 200));
  t0 = performance.now();
  await couch.pause();
  console.log(`# paused in ${ms(t0)}`);
  const cut = await pending;
  check(cut instanceof TypeError, `a longpoll in flight at pause() fails with a network error (${cut?.cause?.code || cut?.cause?.message || cut})`);
  const down = await call("GET", "/db").then(() => null, (err) => err);
  check(down instanceof TypeError && down.cause?.code === "ECONNREFUSED", `fetch during pause -> network error (${down?.cause?.code})`);
  await couch.resume();
  r = await call("GET", "/db");
  check(r.status === 200 && r.json.doc_count === 4, "after resume() on the same port the data is still there (4 docs)", r.json);
  r = await call("GET", "/db/_local/checkpoint-x");
  check(r.status === 200 && r.json.seq === lp.json.last_seq, "and the _local checkpoint too", r.json);

  // cut(): one request loses its connection, before or after it is handled.
  let hit = couch.cut((req, url) => req.method === "PUT" && url.pathname === "/db/cut-before", "before");
  let lost = await call("PUT", "/db/cut-before", { a: 1 }).then(() => null, (err) => err);
  await hit;
  r = await call("GET", "/db/cut-before");
  check(lost instanceof TypeError && r.status === 404, "cut before: a network error, and nothing stored", { lost: String(lost), status: r.status });
  hit = couch.cut((req, url) => req.method === "PUT" && url.pathname === "/db/cut-after", "after");
  lost = await call("PUT", "/db/cut-after", { a: 1 }).then(() => null, (err) => err);
  await hit;
  r = await call("GET", "/db/cut-after");
  check(lost instanceof TypeError && r.status === 200 && r.json.a === 1, "cut after: a network error, yet the document is stored", { lost: String(lost), status: r.status });
  r = await call("DELETE", `/db/cut-after?rev=${r.json._rev}`);
  r = await call("PUT", "/db/cut-before", { a: 2 });
  check(r.status === 201, "a cut is used once: the next request goes through", r.status);
  r = await call("DELETE", `/db/cut-before?rev=${r.json.rev}`);

  // Timings: 1,000 docs of ~1 KB.
  await call("PUT", "/bench");
  const big = Array.from({ length: 1000 }, () => ({ _id: hex(16), iv: hex(12), ct: randomBytes(768).toString("base64") }));
  const bytes = JSON.stringify({ docs: big }).length;
  t0 = performance.now();
  r = await call("POST", "/bench/_bulk_docs", { docs: big });
  const tBulk = ms(t0);
  check(r.status === 201 && r.json.length === 1000 && r.json.every((x) => x.ok), `_bulk_docs of 1,000 docs (${(bytes / 1024).toFixed(0)} KiB body) in ${tBulk}`);
  t0 = performance.now();
  r = await call("GET", "/bench/_changes?since=0&include_docs=true");
  const tCh = ms(t0);
  check(r.status === 200 && r.json.results.length === 1000, `_changes?include_docs=true of them (${(r.text.length / 1024).toFixed(0)} KiB) in ${tCh}`);
  t0 = performance.now();
  r = await call("GET", "/bench/_changes?since=0");
  check(r.json.results.length === 1000, `_changes without docs in ${ms(t0)}`);

  // stop, then a restart on the same port starts empty.
  const port = couch.port;
  await couch.stop();
  const gone = await call("GET", "/db").then(() => null, (err) => err);
  check(gone instanceof TypeError, "after stop() the port refuses connections");
  t0 = performance.now();
  const again = await startCouch({ port });
  console.log(`# restarted (no auth) on the same port in ${ms(t0)}`);
  const anon = await fetch(again.url + "/db");
  check(again.url === couch.url && anon.status === 404, "stop()+startCouch on the same port: a new, empty server (data not kept)", anon.status);
  await anon.text();
  await again.stop();
  console.log("# server stopped");
  const left = process.getActiveResourcesInfo().filter((x) => !/TTYWrap|PipeWrap/.test(x));
  if (left.length) console.log(`# resources still active right after stop: ${left.join(", ")}`);
}

if (process.argv[2] !== "--child") {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--child"], { stdio: ["ignore", "pipe", "inherit"] });
  let stoppedAt = 0;
  let killer = null;
  let passed = 0;
  child.stdout.on("data", (chunk) => {
    process.stdout.write(chunk);
    passed += (chunk.toString().match(/^ok - /gm) || []).length;
    if (!stoppedAt && chunk.toString().includes("server stopped")) {
      stoppedAt = Date.now();
      killer = setTimeout(() => {
        console.error(`FAIL: the process did not exit within ${EXIT_GRACE_MS} ms of stop() (lingering handles)`);
        child.kill("SIGKILL");
      }, EXIT_GRACE_MS);
    }
  });
  child.on("close", (code, signal) => {
    clearTimeout(killer);
    if (code === 0 && stoppedAt) {
      console.log(`ok - the process exited by itself ${Date.now() - stoppedAt} ms after stop()`);
      console.log("couch smoke: all checks passed");
      console.log(`${passed + 1} passed, 0 failed`);
      process.exit(0);
    }
    console.error(`couch smoke: FAILED (child exit code ${code}${signal ? `, signal ${signal}` : ""})`);
    console.log(`${passed} passed, 1 failed`);
    process.exit(1);
  });
} else {
  await main().catch((err) => {
    console.error(`FAIL: ${err.stack || err}`);
    process.exit(1);
  });
}
