// The small French book several specs share, and the steps that load it.
import { expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// Acme owes three invoices (61, 47 and 30 days late on 02/04/2025), Bravo and Cosy one each
// (30 days late). Nothing was ever sent: the dates reach the formal notice for Acme and the
// formal reminder for Bravo and Cosy, and amicable first starts all three at the firm reminder.
export const BOOK = `N° facture;Client;Date;Échéance;Montant TTC
A-1;Acme;01/01/2025;31/01/2025;1 200,00
A-2;Acme;15/01/2025;14/02/2025;300,00
A-3;Acme;01/02/2025;03/03/2025;500,00
B-1;Bravo;01/02/2025;03/03/2025;2 000,00
C-1;Cosy;01/02/2025;03/03/2025;150,00
D-1;Delta;01/03/2025;30/04/2025;900,00
`;

export async function setToday(page, iso) {
  await page.evaluate((d) => localStorage.setItem("encours.today", d), iso);
  await page.reload();
}

export async function importBook(page, app) {
  await app.goto("import");
  await page.getByTestId("import-file").setInputFiles({ name: "relances.csv", mimeType: "text/csv", buffer: Buffer.from(BOOK, "utf8") });
  await page.getByTestId("import-commit").click();
  await expect(page.getByTestId("import-report")).toContainText("6 nouvelles factures");
}

/** A setting as stored in IndexedDB (null when absent): a test waits for a field's save with
 * it before a navigation that could unload the page before the write completes. */
export function storedSetting(page, key) {
  return page.evaluate(
    (key) =>
      new Promise((done) => {
        const open = indexedDB.open("encours");
        open.onerror = () => done(null);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction("settings").objectStore("settings").get(key);
          get.onsuccess = () => (db.close(), done(get.result ?? null));
          get.onerror = () => (db.close(), done(null));
        };
      }),
    key,
  );
}

/** Waits until every `company.<name>` of `fields` is stored with its value. */
export async function companyStored(page, fields) {
  for (const [name, value] of Object.entries(fields)) {
    await expect.poll(() => storedSetting(page, `company.${name}`), { message: `company.${name} stored` }).toBe(value);
  }
}

export async function fillCompany(page, app) {
  await app.goto("settings");
  const fields = { name: "Atelier Dupont", legal_form: "SARL", city: "Lyon", siren: "123 456 789", iban: "FR76 3000 4000 0500 0012 3456 789", bic: "BNPAFRPP", contact: "Marie Dupont", signature: "Marie Dupont, gérante" };
  for (const [name, value] of Object.entries(fields)) {
    const input = page.locator(`.company [name="${name}"]`);
    await input.fill(value);
    await input.blur();
  }
  const address = page.locator('.company [name="address"]');
  await address.fill("1 place Bellecour\n69002 Lyon");
  await address.blur();
  await companyStored(page, { ...fields, address: "1 place Bellecour\n69002 Lyon" });
}


/** The benchmarks' 100k French CSV as of `today`, written once per machine by the CLI
 *  (deterministic). */
export function book100k(today) {
  const file = path.join(os.tmpdir(), `encours-e2e-100k-${today}.csv`);
  if (!existsSync(file)) {
    execFileSync("cargo", ["run", "-q", "-p", "encours-cli", "--", "generate", "--invoices", "100000", "--as-of", today, "--out", file], {
      stdio: "inherit",
      env: { ...process.env, CARGO_TARGET_DIR: process.env.CARGO_TARGET_DIR || path.join(os.homedir(), ".cache/encours-target") },
    });
  }
  return readFileSync(file);
}
