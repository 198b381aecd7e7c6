import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { App } from "./app.js";

test("backup: export, erase, restore gives the same data; a damaged file is refused", async ({ page }) => {
  const app = new App(page);
  await app.goto("");
  await app.loadDemo();
  const counts = await app.counts();

  await app.nav("Réglages").click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-backup").click()]);
  const file = await download.path();
  const text = readFileSync(file, "utf8");
  expect(JSON.parse(text).format).toBe("encours-backup");

  await page.getByTestId("erase").click();
  await page.getByTestId("erase-confirm").click();
  await app.nav("Tableau de bord").click();
  await expect(page.getByTestId("count-invoices")).toHaveText("0");

  // A damaged copy: one amount changed by hand.
  await app.nav("Réglages").click();
  // One character changed inside the events (base64; schema 4 backups are the log).
  const start = text.indexOf('"events":');
  expect(start).toBeGreaterThan(0);
  const at = start + 40;
  const edited = text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1);
  await page.getByTestId("restore-file").setInputFiles({ name: "edited.json", mimeType: "application/json", buffer: Buffer.from(edited) });
  await expect(page.getByRole("alert")).toContainText("somme de contrôle différente");
  // A truncated copy.
  await page.getByTestId("restore-file").setInputFiles({ name: "cut.json", mimeType: "application/json", buffer: Buffer.from(text.slice(0, 5000)) });
  await expect(page.getByRole("alert")).toContainText("JSON");

  // The real file: summary shown, then restored.
  await page.getByTestId("restore-file").setInputFiles({ name: "backup.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await expect(page.getByRole("alertdialog")).toContainText(`${counts.invoices} factures`);
  await page.getByTestId("restore-confirm").click();
  await app.nav("Tableau de bord").click();
  await expect(page.getByTestId("count-invoices")).toHaveText(String(counts.invoices));
  await page.reload();
  await app.ready();
  expect(await app.counts()).toEqual(counts);
});
