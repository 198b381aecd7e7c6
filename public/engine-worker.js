// The engine's Web Worker (crates/engine): loads its wasm and hands it every message. Messages
// that arrive while the wasm compiles are kept and handed over in order once it is ready.
// Built by tools/engine.sh, which names the files by their content's hash.
importScripts("__ENGINE__.js");
const early = [];
self.onmessage = (e) => early.push(e.data);
wasm_bindgen("__ENGINE___bg.wasm").then(
  () => {
    self.onmessage = (e) => wasm_bindgen.handle(e.data);
    for (const m of early.splice(0)) wasm_bindgen.handle(m);
  },
  (err) => self.postMessage({ id: 0, failed: String(err) }),
);
