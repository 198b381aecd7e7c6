// A small static server that behaves like GitHub Pages: files under PREFIX come from ROOT,
// unknown paths get ROOT/404.html with status 404. Usage: node tools/serve.mjs ROOT PREFIX PORT
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const [root = "dist", prefixArg = "/", port = "8080"] = process.argv.slice(2);
const prefix = prefixArg.endsWith("/") ? prefixArg : prefixArg + "/";
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json",
  ".webmanifest": "application/manifest+json", ".svg": "image/svg+xml", ".png": "image/png",
  ".ico": "image/x-icon", ".txt": "text/plain; charset=utf-8",
};

async function file(path) {
  try {
    const s = await stat(path);
    if (s.isDirectory()) return file(join(path, "index.html"));
    return { body: await readFile(path), type: types[extname(path)] || "application/octet-stream" };
  } catch {
    return null;
  }
}

createServer(async (req, res) => {
  const url = new URL(req.url, "http://localhost");
  let found = null;
  if (url.pathname.startsWith(prefix) || url.pathname + "/" === prefix) {
    const rel = normalize(decodeURIComponent(url.pathname.slice(prefix.length))).replace(/^(\.\.[/\\])+/, "");
    found = await file(join(root, rel));
  }
  if (found) {
    res.writeHead(200, { "content-type": found.type, "cache-control": "no-cache" });
    res.end(found.body);
    return;
  }
  const nf = await file(join(root, "404.html"));
  res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
  res.end(nf ? nf.body : "Not found");
}).listen(Number(port), "127.0.0.1", () => console.log(`serving ${root} at http://127.0.0.1:${port}${prefix}`));
