// A CouchDB-protocol test server for the sync tests: express-pouchdb (the HTTP layer of
// pouchdb-server) over PouchDB's in-memory adapter, on 127.0.0.1 only, writing no file.
//
//   import { startCouch } from "./tools/couch.mjs";
//   const couch = await startCouch({ port: 0, user: "u", password: "p" });
//   couch.url        // "http://127.0.0.1:PORT" (no trailing slash, no credentials in it)
//   couch.port       // the port actually bound
//   couch.auth       // "Basic ..." header value when user/password were given, else null
//   couch.requests   // [{ method, path, user }] seen so far (user: Basic name or null)
//   await couch.pause();   // close the socket and every open connection, KEEP the data
//   await couch.resume();  // listen again on the same port, same data
//   await couch.stop();    // close everything and drop the data (a restart starts empty)
//   const hit = couch.cut((req, url) => bool, "before" | "after");
//                          // the next matching request loses its connection: "before" it is
//                          // handled (nothing done), or "after" (done, its answer lost, as by
//                          // a crash); `hit` resolves when it happened
//
// CLI: node tools/couch.mjs [PORT] [--user NAME:PASSWORD]  prints the URL, serves until killed.
//
// Differences from express-pouchdb alone: CORS for any origin with credentials, optional
// Basic auth, and a GET _changes?feed=longpoll that honours `timeout` (express-pouchdb's
// never returns without a change) and `heartbeat`.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const expressPouchDB = require("express-pouchdb");
const memoryAdapter = require("pouchdb-adapter-memory");

const HOST = "127.0.0.1";
const MAX_LOGGED = 10_000;

// A PouchDB class of its own for each server: PouchDB's static event emitter (used by the
// _all_dbs bookkeeping) is per class, so servers started one after another in the same
// process do not see each other's databases nor pile listeners on one emitter.
function freshPouchDB(prefix) {
  const id = require.resolve("pouchdb-core");
  delete require.cache[id];
  const PouchDB = require("pouchdb-core");
  delete require.cache[id];
  PouchDB.plugin(memoryAdapter);
  // memdown keeps one store per name for the whole process: the prefix keeps servers apart.
  return PouchDB.defaults({ adapter: "memory", prefix });
}

function sendJSON(res, status, body) {
  const text = JSON.stringify(body) + "\n";
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "must-revalidate" });
  res.end(text);
}

function cors(req, res) {
  const origin = req.headers.origin;
  if (!origin) return;
  // Credentials forbid "*": echo the caller's origin instead (any origin: test server).
  res.setHeader("Access-Control-Allow-Origin", origin);
  res.setHeader("Access-Control-Allow-Credentials", "true");
  res.setHeader("Access-Control-Expose-Headers", "Content-Type, Cache-Control, ETag, Server");
  res.setHeader("Vary", "Origin");
}

function preflight(req, res) {
  res.setHeader("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
  res.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization, Accept, If-Match");
  res.setHeader("Access-Control-Max-Age", "600");
  if (req.headers["access-control-request-private-network"]) {
    res.setHeader("Access-Control-Allow-Private-Network", "true");
  }
  res.writeHead(204);
  res.end();
}

function basicUser(header) {
  const m = /^Basic\s+(\S+)$/i.exec(header || "");
  if (!m) return null;
  const text = Buffer.from(m[1], "base64").toString("utf8");
  const i = text.indexOf(":");
  return i < 0 ? null : { name: text.slice(0, i), password: text.slice(i + 1) };
}

function parseSince(value) {
  if (value == null || value === "") return 0;
  if (value === "now") return "now";
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export async function startCouch({ port = 0, user = null, password = null, log = null } = {}) {
  if ((user == null) !== (password == null)) throw new Error("startCouch: give both user and password, or neither");
  const PouchDB = freshPouchDB(`couch-${randomBytes(6).toString("hex")}-`);
  // minimumForPouchDB: the replication-protocol routes, no config.json, no log.txt, no
  // _users/_session machinery, no Fauxton.
  const app = expressPouchDB(PouchDB, { mode: "minimumForPouchDB" });
  const requests = [];
  const cuts = [];
  const dbs = new Map();
  const dbFor = (name) => {
    if (!dbs.has(name)) dbs.set(name, new PouchDB(name));
    return dbs.get(name);
  };

  async function longpoll(req, res, dbName, query) {
    if (!(await PouchDB.allDbs()).includes(dbName)) {
      return sendJSON(res, 404, { error: "not_found", reason: "Database does not exist." });
    }
    const db = dbFor(dbName);
    const opts = {
      since: parseSince(query.get("since")),
      include_docs: query.get("include_docs") === "true",
      conflicts: query.get("conflicts") === "true",
      style: query.get("style") === "all_docs" ? "all_docs" : "main_only",
    };
    if (query.has("limit")) opts.limit = Math.max(1, Number(query.get("limit")) || 1);
    if (opts.since === "now") opts.since = (await db.info()).update_seq;
    const timeout = Math.max(0, Math.min(Number(query.get("timeout") ?? 60_000) || 0, 600_000));
    const heartbeat = query.has("heartbeat") ? Math.max(100, Number(query.get("heartbeat")) || 60_000) : 0;

    const first = await db.changes(opts);
    if (first.results.length) return sendJSON(res, 200, first);

    let done = false;
    let feed = null;
    let timer = null;
    let beat = null;
    const finish = async () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(beat);
      feed?.cancel();
      if (res.destroyed) return;
      let body;
      try {
        body = await db.changes(opts);
      } catch (err) {
        body = { results: [], last_seq: opts.since, error: String(err) };
      }
      if (res.headersSent) res.end(JSON.stringify(body) + "\n");
      else sendJSON(res, 200, body);
    };
    res.on("close", () => {
      done = true;
      clearTimeout(timer);
      clearInterval(beat);
      feed?.cancel();
    });
    if (heartbeat) {
      res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "must-revalidate" });
      beat = setInterval(() => res.write("\n"), heartbeat);
    }
    feed = db.changes({ ...opts, live: true }).on("change", finish).on("error", finish);
    timer = setTimeout(finish, timeout);
  }

  async function handle(req, res) {
    const url = new URL(req.url, `http://${HOST}`);
    cors(req, res);
    if (req.method === "OPTIONS" && req.headers.origin && req.headers["access-control-request-method"]) {
      return preflight(req, res);
    }
    const who = basicUser(req.headers.authorization);
    if (requests.length < MAX_LOGGED) requests.push({ method: req.method, path: url.pathname + url.search, user: who?.name ?? null });
    log?.(`${req.method} ${url.pathname}${url.search}${who ? ` (${who.name})` : ""}`);
    if (user != null && !(who && who.name === user && who.password === password)) {
      return sendJSON(res, 401, { error: "unauthorized", reason: "Name or password is incorrect." });
    }
    const cut = cuts.findIndex((c) => c.match(req, url));
    if (cut >= 0) {
      const [{ when, resolve }] = cuts.splice(cut, 1);
      if (when === "before") {
        req.socket.destroy();
        return resolve();
      }
      // Handled, then the answer dropped: the socket goes before a byte of it is sent.
      res.writeHead = () => res;
      res.write = () => true;
      res.end = () => {
        req.socket.destroy();
        resolve();
        return res;
      };
    }
    const m = /^\/([^/_][^/]*)\/_changes$/.exec(url.pathname);
    const q = url.searchParams;
    if (req.method === "GET" && m && q.get("feed") === "longpoll" && !q.has("filter") && !q.has("doc_ids")) {
      return longpoll(req, res, decodeURIComponent(m[1]), q).catch((err) => {
        if (!res.headersSent) sendJSON(res, 500, { error: "unknown_error", reason: String(err) });
        else res.destroy();
      });
    }
    app(req, res);
  }

  let server = null;
  let boundPort = port;
  let stopped = false;

  function listen() {
    return new Promise((resolve, reject) => {
      const s = createServer((req, res) => {
        handle(req, res).catch((err) => {
          if (!res.headersSent) sendJSON(res, 500, { error: "unknown_error", reason: String(err) });
          else res.destroy();
        });
      });
      s.keepAliveTimeout = 5_000;
      s.once("error", reject);
      s.listen(boundPort, HOST, () => {
        s.off("error", reject);
        boundPort = s.address().port;
        server = s;
        resolve();
      });
    });
  }

  function close() {
    const s = server;
    server = null;
    if (!s) return Promise.resolve();
    return new Promise((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections(); // in-flight requests and longpolls are cut, as by a crash
    });
  }

  await listen();
  await PouchDB.allDbs(); // let express-pouchdb's daemons settle before the first request

  const couch = {
    url: `http://${HOST}:${boundPort}`,
    port: boundPort,
    auth: user != null ? "Basic " + Buffer.from(`${user}:${password}`).toString("base64") : null,
    requests,
    PouchDB,
    cut(match, when = "before") {
      if (when !== "before" && when !== "after") throw new Error('couch.cut: "before" or "after"');
      return new Promise((resolve) => cuts.push({ match, when, resolve }));
    },
    get listening() {
      return server !== null;
    },
    async pause() {
      if (stopped) throw new Error("couch: stopped");
      await close();
    },
    async resume() {
      if (stopped) throw new Error("couch: stopped");
      if (!server) await listen();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await close();
      const names = await PouchDB.allDbs();
      for (const name of names) await new PouchDB(name).destroy();
      await new PouchDB("pouch__all_dbs__").destroy();
      dbs.clear();
    },
  };
  return couch;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  let port = 5984;
  let user = null;
  let password = null;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--user") {
      const v = args[++i] || "";
      const j = v.indexOf(":");
      if (j < 1) throw new Error("--user wants NAME:PASSWORD");
      user = v.slice(0, j);
      password = v.slice(j + 1);
    } else port = Number(args[i]);
  }
  const couch = await startCouch({ port, user, password, log: (line) => console.error(line) });
  console.log(couch.url);
  const quit = async () => {
    await couch.stop();
    process.exit(0);
  };
  process.on("SIGINT", quit);
  process.on("SIGTERM", quit);
}
