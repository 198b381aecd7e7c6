//! Where the mapped fields sit in a CSV record, and whether a file has the columns it needs.

use super::header::Field;
use super::{Code, FileKind};

/// Column positions of the mapped fields.
#[derive(Default)]
pub(super) struct Columns {
    pub(super) number: Option<usize>,
    pub(super) client: Option<usize>,
    pub(super) client_code: Option<usize>,
    pub(super) issue: Option<usize>,
    pub(super) due: Option<usize>,
    pub(super) net: Option<usize>,
    pub(super) vat: Option<usize>,
    pub(super) total: Option<usize>,
    pub(super) paid: Option<usize>,
    pub(super) outstanding: Option<usize>,
    pub(super) payment_date: Option<usize>,
    pub(super) currency: Option<usize>,
    pub(super) status: Option<usize>,
    pub(super) email: Option<usize>,
    pub(super) phone: Option<usize>,
    pub(super) siren: Option<usize>,
    pub(super) vat_id: Option<usize>,
    pub(super) segment: Option<usize>,
    pub(super) terms: Option<usize>,
    pub(super) doc_type: Option<usize>,
    pub(super) line_total: Option<usize>,
    pub(super) installment: Option<usize>,
}

impl Columns {
    pub(super) fn new(mapping: &[(Field, usize)]) -> Self {
        let mut c = Columns::default();
        for &(f, col) in mapping {
            let slot = match f {
                Field::Number => &mut c.number,
                Field::Client => &mut c.client,
                Field::ClientCode => &mut c.client_code,
                Field::IssueDate => &mut c.issue,
                Field::DueDate => &mut c.due,
                Field::Net => &mut c.net,
                Field::Vat => &mut c.vat,
                Field::Total => &mut c.total,
                Field::Paid => &mut c.paid,
                Field::Outstanding => &mut c.outstanding,
                Field::PaymentDate => &mut c.payment_date,
                Field::Currency => &mut c.currency,
                Field::Status => &mut c.status,
                Field::Email => &mut c.email,
                Field::Phone => &mut c.phone,
                Field::Siren => &mut c.siren,
                Field::VatId => &mut c.vat_id,
                Field::Segment => &mut c.segment,
                Field::TermsDays => &mut c.terms,
                Field::DocType => &mut c.doc_type,
                Field::LineTotal => &mut c.line_total,
                Field::InstallmentAmount => &mut c.installment,
            };
            slot.get_or_insert(col);
        }
        c
    }

    /// Fails the whole file when a column every row needs is missing.
    pub(super) fn check(&self, kind: FileKind, headers: &[String]) -> Result<(), Code> {
        let mut missing = Vec::new();
        if self.client.is_none() && self.client_code.is_none() {
            missing.push(Field::Client);
        }
        match kind {
            FileKind::Payments => {
                if self.issue.is_none() && self.payment_date.is_none() {
                    missing.push(Field::PaymentDate);
                }
                if self.total.is_none() && self.paid.is_none() {
                    missing.push(Field::Total);
                }
            }
            _ => {
                if self.number.is_none() {
                    missing.push(Field::Number);
                }
                if self.issue.is_none() {
                    missing.push(Field::IssueDate);
                }
                if self.total.is_none()
                    && self.net.is_none()
                    && self.outstanding.is_none()
                    && self.line_total.is_none()
                {
                    missing.push(Field::Total);
                }
            }
        }
        if missing.is_empty() {
            Ok(())
        } else {
            Err(Code::MissingColumns {
                fields: missing,
                found: headers.to_vec(),
            })
        }
    }
}
