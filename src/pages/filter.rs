//! The client filter shared by the lists (clients, worklist): segment, grade, owner.

use crate::i18n::{tr, T};
use crate::state::AppState;
use crate::widgets;
use chrono::NaiveDate;
use encours_core::client_filter::{ClientFilter, UNASSIGNED};
use encours_core::ledger::ClientId;
use encours_core::scoring::Grade;
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
    /// The clients it keeps, sorted; `None` when it keeps them all (the rule is the core's,
    /// `encours_core::client_filter`).
    pub fn clients(&self, l: &Portfolio, today: NaiveDate) -> Option<Vec<ClientId>> {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
        ClientFilter {
            segment: some(&self.segment),
            grade: Grade::from_code(&self.grade),
            owner: some(&self.owner),
        }
        .clients(l, today)
    }
}

/// Whether `kept` (from [`Filter::clients`]) keeps `id`.
pub fn keeps(kept: &Option<Vec<ClientId>>, id: ClientId) -> bool {
    encours_core::client_filter::keeps(kept, id)
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
            encours_core::small::sort_by(v, Ord::cmp);
            v.dedup();
        }
        let opts = |v: Vec<String>| {
            std::iter::once(all())
                .chain(v.into_iter().map(|s| (s.clone(), s)))
                .collect::<Vec<_>>()
        };
        let mut owner_opts = opts(owners);
        owner_opts.insert(
            1,
            (UNASSIGNED.into(), crate::i18n::t(lang, T::me).to_string()),
        );
        let grades = opts(Grade::ALL.map(|g| g.code().to_string()).to_vec());
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
