// Page object for a client's page (open items, plans, promises, documents).
import { expect } from "@playwright/test";

export class ClientPage {
  constructor(page) {
    this.page = page;
  }

  /** Opens the client from the Clients list. */
  async open(name) {
    await this.page.locator("header.top nav a", { hasText: /^Clients$/ }).click();
    await this.page.locator("section table a", { hasText: name }).click();
    await expect(this.page.getByTestId("client-name")).toHaveText(name);
  }

  item(number) {
    return this.page.locator(`[data-testid=open-items] tr[data-number="${number}"]`);
  }

  async agreePlan({ down = "0", count, first }) {
    await this.page.getByTestId("plans").getByRole("button", { name: /Nouvel échéancier|New payment plan/ }).click();
    const form = this.page.getByTestId("plan-form");
    await form.locator("input[name=down]").fill(down);
    await form.locator("input[name=down]").blur();
    await form.locator("input[name=count]").fill(count);
    await form.locator("input[name=count]").blur();
    await form.locator("input[name=first]").fill(first);
    await form.locator("input[name=first]").blur();
    await form.getByRole("button", { name: /Convenir|Agree/ }).click();
    await expect(this.page.getByTestId("plan-status")).toBeVisible();
  }

  async pay(number, amount, date) {
    await this.item(number).getByRole("button", { name: /Enregistrer un règlement|Record a payment/ }).click();
    const form = this.page.locator("form.payment");
    await form.locator("input[name=amount]").fill(amount);
    await form.locator("input[name=date]").fill(date);
    await form.getByRole("button", { name: /Enregistrer|Save/ }).click();
    await expect(form).toHaveCount(0);
  }

  async openDispute(number, reason, notes) {
    await this.item(number).getByRole("button", { name: /Marquer en litige|Mark disputed/ }).click();
    const form = this.page.getByTestId("dispute-form");
    await form.locator("select[name=reason]").selectOption({ label: reason });
    await form.locator("input[name=notes]").fill(notes);
    await form.locator("input[name=notes]").blur();
    await form.getByRole("button", { name: /Ouvrir le litige|Open the dispute/ }).click();
    await expect(this.item(number)).toContainText(/En litige|Disputed/);
  }

  /** Lays out a document for print (window.print is stubbed) and returns it, in print media. */
  async print(name) {
    await this.page.evaluate(() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; });
    await this.page.getByRole("button", { name }).click();
    await expect.poll(() => this.page.evaluate(() => window.__printed || 0)).toBe(1);
    await this.page.emulateMedia({ media: "print" });
    const doc = this.page.getByTestId("document");
    await expect(doc).toBeVisible();
    return doc;
  }
}
