//! The client filter shared by the lists (clients, worklist): segment, grade, owner.

use crate::i18n::{tr, T};
use crate::state::AppState;
use crate::widgets;
use chrono::NaiveDate;
use encours_core::ledger::ClientId;
use encours_core::scoring::score_all;
use encours_core::Portfolio;
use leptos::prelude::*;

/// Empty fields keep everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub segment: String,
    pub grade: String,
    pub owner: String,
}

impl Filter {
    /// The clients it keeps, sorted; `None` when it keeps them all. The grade is scored only
    /// when filtered on.
    pub fn clients(&self, l: &Portfolio, today: NaiveDate) -> Option<Vec<ClientId>> {
        if *self == Filter::default() {
            return None;
        }
        let grades = (!self.grade.is_empty()).then(|| score_all(l, today));
        Some(
            l.clients
                .iter()
                .enumerate()
                .filter(|(k, c)| {
                    (self.segment.is_empty() || c.segment.as_deref() == Some(self.segment.as_str()))
                        && (self.owner.is_empty()
                            || l.follow_up.owner(c.id).unwrap_or("-") == self.owner)
                        && grades
                            .as_ref()
                            .is_none_or(|g| format!("{:?}", g[*k].grade) == self.grade)
                })
                .map(|(_, c)| c.id)
                .collect(),
        )
    }
}

/// Whether `kept` (from [`Filter::clients`]) keeps `id`.
pub fn keeps(kept: &Option<Vec<ClientId>>, id: ClientId) -> bool {
    kept.as_ref().is_none_or(|k| k.binary_search(&id).is_ok())
}

/// The three selects, their options read from the data.
pub fn filter_bar(filter: RwSignal<Filter>) -> AnyView {
    let state = expect_context::<AppState>();
    let bar = move || {
        let lang = state.lang.get();
        let all = || (String::new(), crate::i18n::t(lang, T::all).to_string());
        let (mut segments, mut owners) = state.portfolio.with(|l| {
            let s: Vec<String> = l.clients.iter().filter_map(|c| c.segment.clone()).collect();
            let o: Vec<String> = l.follow_up.owners.iter().map(|(_, o)| o.clone()).collect();
            (s, o)
        });
        for v in [&mut segments, &mut owners] {
            v.sort();
            v.dedup();
        }
        let opts = |v: Vec<String>| {
            std::iter::once(all())
                .chain(v.into_iter().map(|s| (s.clone(), s)))
                .collect::<Vec<_>>()
        };
        let mut owner_opts = opts(owners);
        owner_opts.insert(1, ("-".into(), crate::i18n::t(lang, T::me).to_string()));
        let grades = opts(["A", "B", "C", "D", "E"].map(String::from).to_vec());
        let f = filter.get_untracked();
        view! {
            <div class="filters client-filter">
                {widgets::select(tr(T::segment), "segment", opts(segments), f.segment.clone(), Box::new(move |v| filter.update(|f| f.segment = v)))}
                {widgets::select(tr(T::grade_filter), "grade", grades, f.grade.clone(), Box::new(move |v| filter.update(|f| f.grade = v)))}
                {widgets::select(tr(T::owner), "owner", owner_opts, f.owner.clone(), Box::new(move |v| filter.update(|f| f.owner = v)))}
            </div>
        }
        .into_any()
    };
    view! { {bar} }.into_any()
}
