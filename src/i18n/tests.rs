use super::*;

#[test]
fn counts_take_the_singular_by_each_language_s_rule() {
    let said = |lang, n| t(lang, plural(lang, n, T::new_invoice, T::new_invoices));
    let table = [
        (Lang::Fr, 0, "nouvelle facture"),
        (Lang::Fr, 1, "nouvelle facture"),
        (Lang::Fr, 2, "nouvelles factures"),
        (Lang::En, 0, "new invoices"),
        (Lang::En, 1, "new invoice"),
        (Lang::En, 2, "new invoices"),
    ];
    for (lang, n, expected) in table {
        assert_eq!(said(lang, n), expected, "{lang:?} {n}");
    }
}
