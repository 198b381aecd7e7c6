// Page object for the import wizard.
import { expect } from "@playwright/test";

export class ImportPage {
  constructor(page) {
    this.page = page;
  }

  async open(app) {
    await app.goto("import");
  }

  async choose(name, content, encoding = "utf8") {
    const buffer = Buffer.isBuffer(content) ? content : Buffer.from(content, encoding);
    await this.page.getByTestId("import-file").setInputFiles({ name, mimeType: "text/csv", buffer });
    await expect(this.page.getByTestId("import-settings")).toBeVisible();
  }

  setting(name) {
    return this.page.getByTestId("import-settings").locator(`select[name=${name}]`);
  }

  /** Maps the file column headed `header` to the field labelled `field`. */
  async map(header, field) {
    await this.page.getByTestId("import-mapping").getByRole("combobox", { name: header, exact: true }).selectOption({ label: field });
  }

  previewRows() {
    return this.page.getByTestId("import-rows").locator("tbody tr");
  }

  summary() {
    return this.page.getByTestId("import-preview");
  }

  errorRows() {
    return this.page.locator("table.errors tbody tr");
  }

  async commit() {
    await this.page.getByTestId("import-commit").click();
    await expect(this.page.getByTestId("import-report")).toBeVisible();
    return this.page.getByTestId("import-report");
  }

  async undo() {
    await this.page.getByRole("button", { name: /Annuler le dernier import|Undo last import/ }).click();
  }
}
