// The moment the benchmarks call "the dashboard's figures": a count of invoices above 0 and the
// first KPI card's value on the page. Shared by tools/bench.mjs and tools/cold.mjs.

/** Waits until the dashboard shows its figures (polling every 20 ms, up to 2 minutes). */
export function figuresShown(page) {
  return page.waitForFunction(() => {
    const n = document.querySelector('[data-testid="count-invoices"]');
    return n && n.textContent.trim() !== "0" && document.querySelector(".card-value");
  }, null, { timeout: 120_000, polling: 20 });
}
