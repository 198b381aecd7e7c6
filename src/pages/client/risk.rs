//! The client's risk: score and grade with each factor's contribution, the terms and credit
//! limit the grade suggests, and the solvency checklist for a client without history.

use super::ClientBook;
use crate::dispatch::dispatch_and_tell;
use crate::format;
use crate::i18n::{tr, T};
use crate::state::AppState;
use crate::widgets;
use encours_core::portfolio::command::Command;
use encours_core::scoring::{suggested_limit, suggested_terms, Checklist, FactorName, Grade};
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
                    <span class=format!("badge grade-{}", s.grade.code()) data-testid="grade">{s.grade.code()}</span>
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
    // The command dates the checklist (today); the page sends only what was ticked.
    let save = move |apply: fn(&mut Checklist, String), v: String| {
        let mut checklist = state
            .portfolio
            .with_untracked(|l| l.follow_up.checklists.get(&id).cloned().unwrap_or_default());
        apply(&mut checklist, v);
        dispatch_and_tell(
            state,
            Command::SetChecklist {
                client: id,
                checklist,
            },
        );
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
        bureau.extend(
            Grade::ALL
                .iter()
                .map(|g| (g.code().to_string(), g.code().to_string())),
        );
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
                    {widgets::select(tr(T::bureau), "bureau", bureau, c.bureau.map(|g| g.code().to_string()).unwrap_or_default(), Box::new(move |v| save(|c, v| c.bureau = Grade::from_code(&v), v)))}
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
