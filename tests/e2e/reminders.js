// Page object for the Reminders page (worklist, drafts, letters).
import { expect } from "@playwright/test";

export class Reminders {
  constructor(page) {
    this.page = page;
  }

  async open() {
    await this.page.locator("header.top nav a", { hasText: /Relances|Reminders/ }).click();
    await expect(this.page.getByTestId("worklist-summary")).toBeVisible();
  }

  row(client) {
    return this.page.locator(`table.worklist tbody tr[data-client="${client}"]`);
  }

  async clients() {
    return this.page.locator("table.worklist tbody tr[data-client]").evaluateAll((rows) => rows.map((r) => r.dataset.client));
  }

  async prepare(client) {
    await this.row(client).getByRole("button").click();
    const draft = this.page.getByTestId("draft");
    await expect(draft).toBeVisible();
    return draft;
  }

  /** Opens the print layout of the open draft's letter (window.print is stubbed). */
  async printLetter(draft, client) {
    await this.page.evaluate(() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; });
    await draft.getByRole("button", { name: /Imprimer le courrier|Print the letter/ }).click();
    await expect.poll(() => this.page.evaluate(() => window.__printed || 0)).toBe(1);
    await this.page.emulateMedia({ media: "print" });
    const letter = this.page.locator(`.letter[data-client="${client}"]`);
    await expect(letter).toBeVisible();
    return letter;
  }
}
