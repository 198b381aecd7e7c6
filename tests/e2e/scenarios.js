// Page object for the Reminders page's scenario editor (levels, texts, minimum amount).
import { expect } from "@playwright/test";

export class Scenarios {
  constructor(page) {
    this.page = page;
  }

  /** From the Reminders page: the Scenarios tab. */
  async open() {
    await this.page.getByRole("tab", { name: /Scénarios|Scenarios/ }).click();
    await expect(this.page.locator("fieldset.level-edit").first()).toBeVisible();
  }

  /** Back to the worklist tab. */
  async close() {
    await this.page.getByRole("tab", { name: /À faire aujourd'hui|Today's worklist/ }).click();
    await expect(this.page.getByTestId("worklist-summary")).toBeVisible();
  }

  /** The editor of the `k`-th level (0-based) of the scenario shown. */
  level(k) {
    return this.page.locator("fieldset.level-edit").nth(k);
  }

  async setOffset(k, days) {
    const input = this.level(k).locator("input[name=offset]");
    await input.fill(String(days));
    await input.blur();
  }

  async setChannel(k, label) {
    await this.level(k).locator("select[name=channel]").selectOption({ label });
  }

  async setMinimum(amount) {
    const input = this.page.locator("input[name=minimum]");
    await input.fill(amount);
    await input.blur();
  }

  /** Opens the text editor of level `k`; returns its subject input. */
  async editText(k) {
    await this.level(k).getByRole("button", { name: /Modifier le texte|Edit text/ }).click();
    const subject = this.page.locator("input[name=tpl-subject]");
    await expect(subject).toBeVisible();
    return subject;
  }

  async resetText() {
    await this.page.getByRole("button", { name: /Rétablir le texte par défaut|Reset to default/ }).click();
  }

  async save() {
    await this.page.locator(".actions").getByRole("button", { name: /^(Enregistrer|Save)$/ }).click();
    await expect(this.page.getByRole("alert")).toHaveCount(0);
    // Stored: the toast comes once the write's transaction completed (a reload before it
    // would read the book without the change).
    await expect(this.page.getByRole("status").filter({ hasText: /^(Enregistré|Saved)\.$/ })).toBeVisible();
  }
}
