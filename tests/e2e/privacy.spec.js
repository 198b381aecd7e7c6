import { test, expect } from "@playwright/test";
import { App } from "./app.js";

test("no request leaves the page's origin during a full session", async ({ page, context }) => {
  const requests = [];
  context.on("request", (r) => requests.push(r.url()));
  const csp = [];
  page.on("console", (m) => { if (/Content Security Policy|Refused to/.test(m.text())) csp.push(m.text()); });
  const app = new App(page);
  await app.goto("");
  await app.loadDemo();
  for (const name of ["Clients", "Factures", "Import", "Relances", "Réglages", "Tableau de bord"]) {
    await app.nav(name).click();
    await app.ready();
  }
  await app.payFirstOpenInvoice("1");
  await app.nav("Réglages").click();
  const download = page.waitForEvent("download");
  await page.getByTestId("export-backup").click();
  await download;
  await page.reload();
  await app.ready();
  const origin = new URL(page.url()).origin;
  const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith("blob:") && !u.startsWith("data:"));
  expect(foreign).toEqual([]);
  expect(requests.length).toBeGreaterThan(3);
  expect(csp).toEqual([]);
});
