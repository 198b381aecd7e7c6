// Page object for the Encours shell.
import { expect } from "@playwright/test";

export class App {
  constructor(page) {
    this.page = page;
  }

  async goto(path = "") {
    await this.page.goto(path);
    await this.ready();
  }

  async ready() {
    await expect(this.page.locator("header.top nav a").first()).toBeVisible();
    await expect(this.page.locator(".loading")).toHaveCount(0);
  }

  nav(name) {
    return this.page.locator("header.top nav a", { hasText: name });
  }

  async counts() {
    const c = (id) => this.page.getByTestId(id).innerText().then(Number);
    return { clients: await c("count-clients"), invoices: await c("count-invoices"), payments: await c("count-payments") };
  }

  async loadDemo() {
    await this.page.getByTestId("load-demo").click();
    await expect(this.page.getByTestId("count-invoices")).not.toHaveText("0");
  }

  /** Records a payment of `amount` on the first invoice that still has something due. */
  async payFirstOpenInvoice(amount) {
    await this.nav(/Factures|Invoices/).click();
    // Open invoices only: in a book paid on time the first page may hold none.
    await this.page.locator("select[aria-label=Statut], select[aria-label=Status]").selectOption("Open");
    const row = this.page.locator("table.invoices tbody tr").filter({ has: this.page.locator("button") }).first();
    const number = await row.getAttribute("data-number");
    await row.getByRole("button", { name: /Enregistrer un règlement|Record a payment/ }).click();
    const form = this.page.locator("form.payment");
    await form.locator("input[name=amount]").fill(amount);
    await form.locator("button[type=submit]").click();
    await expect(form).toHaveCount(0);
    return number;
  }
}
