// An EPC QR code as the page drew it, read back in Node by jsQR (npm, pinned dev dependency):
// the SVG is drawn onto a canvas in the page, its pixels decoded here, so no script is added
// to the page, whose Content-Security-Policy stays as it ships. And the ISO 11649 reference,
// computed apart from the app.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const jsQR = require("jsqr");

/** The text of the QR code drawn as an SVG inside `figure` (a locator), or null. */
export async function decodeQr(figure) {
  const image = await figure.evaluate(async (fig) => {
    const svg = fig.querySelector("svg");
    const url = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(svg));
    const img = new Image();
    await new Promise((ok, ko) => {
      img.onload = ok;
      img.onerror = ko;
      img.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth || 400;
    canvas.height = img.naturalHeight || 400;
    const cx = canvas.getContext("2d");
    cx.fillStyle = "#fff";
    cx.fillRect(0, 0, canvas.width, canvas.height);
    cx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const data = cx.getImageData(0, 0, canvas.width, canvas.height);
    let bin = "";
    for (const b of data.data) bin += String.fromCharCode(b);
    return { width: canvas.width, height: canvas.height, rgba: btoa(bin) };
  });
  const rgba = new Uint8ClampedArray(Buffer.from(image.rgba, "base64"));
  return jsQR(rgba, image.width, image.height)?.data ?? null;
}

/** ISO 11649 creditor reference of an invoice number (RF, two check digits, its letters and digits). */
export function rf(number) {
  const body = number.toUpperCase().replace(/[^0-9A-Z]/g, "");
  const digits = [...`${body}RF00`].map((c) => parseInt(c, 36)).join("");
  const rest = [...digits].reduce((r, d) => (r * 10 + Number(d)) % 97, 0);
  return `RF${String(98 - rest).padStart(2, "0")}${body}`;
}
