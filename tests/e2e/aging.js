// Page object for the aged balance.
import { expect } from "@playwright/test";

export class AgingPage {
  constructor(page) {
    this.page = page;
  }

  async open(app) {
    await app.nav("Balance âgée").click();
    await expect(this.page.locator("table.aging").first()).toBeVisible();
  }

  async setAsOf(iso) {
    const input = this.page.locator("input[name=as_of]");
    await input.fill(iso);
    await input.dispatchEvent("change");
  }

  /** The plain amounts of a row (client name) or of the totals row (null): [total, ...buckets, disputed, credits]. */
  async amounts(client = null) {
    const row = client
      ? this.page.locator("table.aging tr.client-row").filter({ hasText: client }).first()
      : this.page.locator("table.aging tfoot tr.totals").first();
    return row.locator("td[data-amount]").evaluateAll((tds) => tds.map((td) => td.dataset.amount));
  }

  clientNames() {
    return this.page.locator("table.aging tr.client-row td:first-child a").allInnerTexts();
  }

  async exportCsv(style = "french") {
    await this.page.locator("select[name=csv_style]").selectOption(style);
    const [download] = await Promise.all([this.page.waitForEvent("download"), this.page.getByTestId("aging-export").click()]);
    const chunks = [];
    for await (const c of await download.createReadStream()) chunks.push(c);
    return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
  }
}
