// After `trunk build`: allow Trunk's inline loader in the CSP by its hash, write the service
// worker's version and asset list, and copy index.html to 404.html for GitHub Pages deep links.
// Usage: node tools/postbuild.mjs DIST
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const dist = process.argv[2] || "dist";
const indexPath = join(dist, "index.html");
let html = readFileSync(indexPath, "utf8");

const hashes = [];
for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${createHash("sha256").update(m[1], "utf8").digest("base64")}'`);
}
if (!html.includes("__LOADER_HASH__")) throw new Error("CSP placeholder missing in index.html");
html = html.replace("__LOADER_HASH__", hashes.join(" "));
writeFileSync(indexPath, html);
writeFileSync(join(dist, "404.html"), html);

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else files.push(relative(dist, p).split("\\").join("/"));
  }
};
walk(dist);
const assets = ["./", ...files.filter((f) => f !== "sw.js" && f !== "404.html").sort()];
const version = createHash("sha256").update(assets.join("\n") + html).digest("hex").slice(0, 12);
const swPath = join(dist, "sw.js");
let sw = readFileSync(swPath, "utf8");
sw = sw.replace(/const VERSION = .*;/, `const VERSION = ${JSON.stringify(version)};`);
sw = sw.replace(/const ASSETS = .*;/, `const ASSETS = ${JSON.stringify(assets)};`);
writeFileSync(swPath, sw);
console.log(`postbuild: ${hashes.length} inline script hash(es), ${assets.length} cached assets, version ${version}`);
