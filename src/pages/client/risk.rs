//! The client's risk: score and grade with each factor's contribution, the terms and credit
//! limit the grade suggests, and the solvency checklist for a client without history.

use super::ClientBook;
use crate::format;
use crate::i18n::{tr, T};
use crate::state::{self, AppState};
use crate::widgets;
use encours_core::scoring::{suggested_limit, suggested_terms, Checklist, FactorName, Grade};
use encours_core::snapshot::Delta;
use leptos::prelude::*;

fn factor_text(f: FactorName) -> T {
    match f {
        FactorName::AverageDaysLate => T::f_days_late,
        FactorName::ShareLate => T::f_share_late,
        FactorName::Trend => T::f_trend,
        FactorName::LimitUsed => T::f_limit_used,
        FactorName::OldestOverdue => T::f_oldest,
        FactorName::Disputes => T::f_disputes,
        FactorName::BrokenPromises => T::f_broken,
        FactorName::Checklist => T::f_checklist,
    }
}

pub const GRADES: [Grade; 5] = [Grade::A, Grade::B, Grade::C, Grade::D, Grade::E];

#[component]
pub fn Risk() -> impl IntoView {
    let state = expect_context::<AppState>();
    let book = expect_context::<ClientBook>();
    let id = book.id;
    let scored = Memo::new(move |_| {
        let today = state.today.get();
        let s = book.score.get()?;
        let limit = book.ledger.with(|l| suggested_limit(l, id, s.grade, today));
        Some((s, limit))
    });
    move || {
        let lang = state.lang.get();
        let t = move |k| crate::i18n::t(lang, k);
        let Some((s, limit)) = scored.get() else {
            return ().into_any();
        };
        let cur = super::currency(book);
        let (delay, deposit, discount) = suggested_terms(s.grade);
        let mut terms = format!("{delay} {}", t(T::days));
        if deposit > 0 {
            terms += &format!(" · {} {deposit} %", t(T::deposit));
        }
        if !discount.is_zero() {
            terms += &format!(
                " · {} {} %",
                t(T::early_discount),
                format::days(lang, Some(discount))
            );
        }
        view! {
            <div class="panel risk" data-testid="risk">
                <h2>{t(T::risk)}</h2>
                <p class="grade">
                    <span class=format!("badge grade-{:?}", s.grade) data-testid="grade">{format!("{:?}", s.grade)}</span>
                    " " {s.score} " / 100 · "
                    {t(if s.from_history { T::from_history } else { T::from_checklist })}
                </p>
                <table class="factors">
                    <tbody>
                        {s.factors.iter().map(|f| view! {
                            <tr><td>{t(factor_text(f.name))}</td><td class="num">{format::days(lang, Some(f.value))}</td>
                            <td class="num">{format!("{:+}", f.points)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <p>{t(T::suggested_terms)}{format::colon(lang)}{terms}</p>
                <p>{t(T::suggested_limit)}{format::colon(lang)}{format::money(lang, limit, cur)}</p>
                <SolvencyChecklist/>
            </div>
        }
        .into_any()
    }
}

/// The solvency checklist, saved as it is changed (dated the day it is saved).
#[component]
fn SolvencyChecklist() -> impl IntoView {
    let state = expect_context::<AppState>();
    let book = expect_context::<ClientBook>();
    let id = book.id;
    let save = move |apply: fn(&mut Checklist, String), v: String| {
        let today = state.today.get_untracked();
        state::follow_and_tell(state, move |l| {
            let mut c = l.follow_up.checklists.get(&id).cloned().unwrap_or_default();
            apply(&mut c, v.clone());
            c.date = Some(today);
            l.follow_up.checklists.insert(id, c);
            Some(Delta::default())
        });
    };
    let check = move |label: T, on: bool, apply: fn(&mut Checklist, String)| {
        widgets::check(tr(label), on, Box::new(move |b| save(apply, b.to_string())))
    };
    move || {
        let lang = state.lang.get();
        let c = book
            .ledger
            .with(|l| l.follow_up.checklists.get(&id).cloned().unwrap_or_default());
        let mut bureau = vec![(String::new(), "–".to_string())];
        bureau.extend(GRADES.iter().map(|g| (format!("{g:?}"), format!("{g:?}"))));
        let stale = c
            .date
            .is_some_and(|d| (state.today.get() - d).num_days() > 365);
        view! {
            <details class="checklist">
                <summary>{crate::i18n::t(lang, T::checklist)}
                    {c.date.map(|d| format!(" ({})", format::date(lang, d)))}
                    {stale.then(|| view! { <strong class="warn">" "{crate::i18n::t(lang, T::checklist_renew)}</strong> })}
                </summary>
                <div class="form-grid">
                    {widgets::field(tr(T::years_in_business), "years", c.years_in_business.to_string(), 0, Box::new(move |v| save(|c, v| c.years_in_business = v.trim().parse().unwrap_or(0), v)))}
                    {widgets::select(tr(T::bureau), "bureau", bureau, c.bureau.map(|g| format!("{g:?}")).unwrap_or_default(), Box::new(move |v| save(|c, v| c.bureau = GRADES.into_iter().find(|g| format!("{g:?}") == v), v)))}
                    {check(T::limited_company, c.limited_company, |c, v| c.limited_company = v == "true")}
                    {check(T::risky_sector, c.risky_sector, |c, v| c.risky_sector = v == "true")}
                    {check(T::incidents, c.incidents, |c, v| c.incidents = v == "true")}
                    {check(T::signed_terms, c.signed_terms, |c, v| c.signed_terms = v == "true")}
                </div>
            </details>
        }
        .into_any()
    }
}
