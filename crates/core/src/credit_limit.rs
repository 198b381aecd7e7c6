//! Credit limits: which clients owe more than the limit granted them, and which an import
//! pushed over it (compared before and after, so the user can undo the batch).

use crate::aging::outstanding_by_invoice;
use crate::ledger::{ClientId, Ledger};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A client over its limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitAlert {
    pub client: ClientId,
    pub limit: Decimal,
    pub outstanding: Decimal,
}

impl LimitAlert {
    pub fn excess(&self) -> Decimal {
        self.outstanding - self.limit
    }
}

/// Clients whose outstanding on `as_of` (all their invoices, credits deducted) exceeds their
/// credit limit, in client order.
pub fn over_limit(ledger: &Ledger, as_of: NaiveDate) -> Vec<LimitAlert> {
    // Most books set no limit at all: skip the pass over every invoice (the import runs this
    // twice in its longest task).
    if ledger.clients.iter().all(|c| c.credit_limit.is_none()) {
        return Vec::new();
    }
    over_limit_owing(ledger, &outstanding_by_invoice(ledger, as_of))
}

/// [`over_limit`] given what is owed per invoice (`outstanding_by_invoice`), for a caller that
/// has it already.
pub fn over_limit_owing(ledger: &Ledger, owed: &[Decimal]) -> Vec<LimitAlert> {
    let index = ledger.client_index();
    let mut per_client = vec![Decimal::ZERO; ledger.clients.len()];
    for (k, inv) in ledger.invoices.iter().enumerate() {
        if let Some(c) = index.get(inv.client.0) {
            per_client[c] += owed[k];
        }
    }
    ledger
        .clients
        .iter()
        .zip(per_client)
        .filter_map(|(c, outstanding)| {
            let limit = c.credit_limit?;
            (outstanding > limit).then_some(LimitAlert {
                client: c.id,
                limit,
                outstanding,
            })
        })
        .collect()
}

/// The clients over their limit in `after` that were not in `before` (the alerts taken just
/// before an import): what the import pushed over. Taking the alerts rather than a copy of the
/// book spares cloning 100,000 invoices.
pub fn pushed_over(before: &[LimitAlert], after: &Ledger, as_of: NaiveDate) -> Vec<LimitAlert> {
    over_limit(after, as_of)
        .into_iter()
        .filter(|a| !before.iter().any(|b| b.client == a.client))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{import, ImportOptions};
    use crate::test_support::{date, dec};

    #[test]
    fn alerts_and_what_an_import_pushed_over() {
        let today = date("2025-03-01");
        let opts = ImportOptions::builder(today).build();
        let mut l = Ledger::default();
        import(&mut l, "N° facture;Client;Date;Échéance;Montant TTC\nL-1;Acme;01/01/2025;31/01/2025;800,00\nL-2;Bravo;01/01/2025;31/01/2025;900,00\n".as_bytes(), &opts);
        l.clients[0].credit_limit = Some(dec("1000"));
        l.clients[1].credit_limit = Some(dec("500"));
        let alerts = over_limit(&l, today);
        assert_eq!(alerts.len(), 1);
        assert_eq!(
            (alerts[0].client, alerts[0].excess()),
            (l.clients[1].id, dec("400"))
        );
        let before = over_limit(&l, today);
        import(
            &mut l,
            "N° facture;Client;Date;Échéance;Montant TTC\nL-3;Acme;15/02/2025;17/03/2025;300,00\n"
                .as_bytes(),
            &opts,
        );
        let pushed = pushed_over(&before, &l, today);
        assert_eq!(pushed.len(), 1);
        assert_eq!(
            (pushed[0].client, pushed[0].outstanding),
            (l.clients[0].id, dec("1100"))
        );
    }
}
