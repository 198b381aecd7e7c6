//! One client: what it owes and since when, its contact details and terms, its risk, its
//! payment plans and promises, its disputes, its history, and the documents to print (the
//! statement of account and the collection case file).
//!
//! Every figure comes from the core on the client's own book (`Ledger::for_client`), which
//! gives the same answers as the whole book in time proportional to the client.

mod documents;
pub mod items;
pub mod payments;
mod plans;
mod risk;

pub use items::reason_text;

use crate::dispatch::dispatch_and_tell;
use crate::format;
use crate::i18n::{tr, T};
use crate::state::AppState;
use crate::widgets;
use encours_core::aging::{age, AgingOptions, ClientAging};
use encours_core::ledger::{ClientId, CustomerKind};
use encours_core::portfolio::command::Command;
use encours_core::Portfolio;
use leptos::prelude::*;

/// What the page lays out for printing instead of itself.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Doc {
    Statement,
    CaseFile,
    Plan(u32),
}

/// The client's own book and its aged balance, shared by the sections.
#[derive(Copy, Clone)]
pub struct ClientBook {
    pub id: ClientId,
    /// The client's own portfolio (`Portfolio::for_client`).
    pub ledger: Memo<Portfolio>,
    pub aging: Memo<Option<ClientAging>>,
    /// Its risk score (the risk panel and the ways of collecting both read it).
    pub score: Memo<Option<encours_core::scoring::Score>>,
    pub printing: RwSignal<Option<Doc>>,
}

#[component]
pub fn ClientPage(id: u64) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = ClientId(id);
    let ledger = Memo::new(move |_| state.portfolio.with(|l| l.for_client(id)));
    let aging = Memo::new(move |_| {
        let mut opts = AgingOptions::new(state.today.get());
        opts.detail = true;
        ledger.with(|l| {
            age(l, &opts)
                .currencies
                .into_iter()
                .flat_map(|c| c.clients)
                .next()
        })
    });
    let score = Memo::new(move |_| {
        let today = state.today.get();
        ledger.with(|l| {
            encours_core::scoring::score_all(l, today)
                .into_iter()
                .next()
        })
    });
    let book = ClientBook {
        id,
        ledger,
        aging,
        score,
        printing: RwSignal::new(None),
    };
    provide_context(book);
    let name = move || ledger.with(|l| l.clients.first().map(|c| c.name.clone()));
    Effect::new(move |_| crate::util::set_title(&name().unwrap_or_default()));
    // Once printed, the document leaves the page.
    let listener = window_event_listener(leptos::ev::afterprint, move |_| book.printing.set(None));
    on_cleanup(move || listener.remove());
    view! {
        <section class="client-page">
            {move || match name() {
                None => view! { <h1>{tr(T::not_found)}</h1> }.into_any(),
                Some(n) => view! {
                    <div class="screen">
                        <p class="crumbs"><crate::router::Link to="/clients">{tr(T::nav_clients)}</crate::router::Link></p>
                        <h1 data-testid="client-name">{n}</h1>
                        <Summary/>
                        <div class="actions">
                            {widgets::button(tr(T::statement), "button", Box::new(move || print(book, Doc::Statement)))}
                            {widgets::button(tr(T::case_file), "button", Box::new(move || print(book, Doc::CaseFile)))}
                        </div>
                        <items::OpenItems/>
                        <risk::Risk/>
                        <documents::Routes/>
                        <plans::Plans/>
                        <Details/>
                        <items::History/>
                        <super::history::History client=book.id/>
                    </div>
                    {move || book.printing.get().map(|d| view! { <documents::Printed doc=d/> })}
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}

fn print(book: ClientBook, doc: Doc) {
    book.printing.set(Some(doc));
    crate::util::print_soon();
}

/// Outstanding, overdue, disputed, oldest overdue.
#[component]
fn Summary() -> impl IntoView {
    let state = expect_context::<AppState>();
    let book = expect_context::<ClientBook>();
    move || {
        let lang = state.lang.get();
        let Some(a) = book.aging.get() else {
            return view! { <p class="muted">{crate::i18n::t(lang, T::owes_nothing)}</p> }
                .into_any();
        };
        let cur = currency(book);
        let overdue = a.overdue();
        let cards = [
            (T::outstanding, format::money(lang, a.total, cur)),
            (T::kpi_overdue, format::money(lang, overdue, cur)),
            (T::kpi_disputed, format::money(lang, a.disputed, cur)),
            (T::overdue_days, a.oldest_days_late.max(0).to_string()),
        ];
        view! {
            <div class="cards" data-testid="client-summary">
                {cards.into_iter().map(|(k, v)| view! {
                    <div class="card"><div class="card-label">{crate::i18n::t(lang, k)}</div><div class="card-value">{v}</div></div>
                }).collect_view()}
            </div>
        }
        .into_any()
    }
}

/// The currency the client is invoiced in (its first invoice's).
pub fn currency(book: ClientBook) -> encours_core::Currency {
    book.ledger.with(|l| l.first_currency())
}

/// Contact details, terms, segment and owner: each field saved when it changes.
#[component]
fn Details() -> impl IntoView {
    let state = expect_context::<AppState>();
    let book = expect_context::<ClientBook>();
    let id = book.id;
    // The card as edited goes to the core whole, with the field's name for its history.
    let set = move |field: &'static str,
                    apply: fn(&mut encours_core::ledger::Client, String),
                    v: String| {
        let Some(mut client) = state.portfolio.with_untracked(|l| l.client(id).cloned()) else {
            return;
        };
        apply(&mut client, v);
        dispatch_and_tell(
            state,
            Command::EditClient {
                client: Box::new(client),
                field: field.into(),
            },
        );
    };
    let text = move |label: T,
                     name: &'static str,
                     value: Option<String>,
                     apply: fn(&mut encours_core::ledger::Client, String)| {
        widgets::field(
            tr(label),
            name,
            value.unwrap_or_default(),
            0,
            Box::new(move |v| set(name, apply, v)),
        )
    };
    move || {
        let Some(c) = book.ledger.with(|l| l.clients.first().cloned()) else {
            return ().into_any();
        };
        let lang = state.lang.get();
        let owner = book
            .ledger
            .with(|l| l.follow_up.owner(id).map(str::to_string));
        let kinds = vec![
            (
                "b2b".to_string(),
                crate::i18n::t(lang, T::business).to_string(),
            ),
            (
                "b2c".to_string(),
                crate::i18n::t(lang, T::consumer).to_string(),
            ),
        ];
        let kind = if c.kind == CustomerKind::Consumer {
            "b2c"
        } else {
            "b2b"
        };
        view! {
            <details class="panel details">
                <summary><h2>{tr(T::contact_terms)}</h2></summary>
                <div class="form-grid">
                    {text(T::co_email, "email", c.email.clone(), |c, v| c.email = opt(v))}
                    {text(T::co_phone, "phone", c.phone.clone(), |c, v| c.phone = opt(v))}
                    {text(T::co_address, "address", c.address.clone(), |c, v| c.address = opt(v))}
                    {text(T::co_siren, "siren", c.siren.clone(), |c, v| c.siren = opt(v))}
                    {text(T::segment, "segment", c.segment.clone(), |c, v| c.segment = opt(v))}
                    {text(T::terms_days, "terms", c.terms_days.map(|d| d.to_string()), |c, v| c.terms_days = v.trim().parse().ok())}
                    {terms_basis(state, id, lang)}
                    {text(T::credit_limit, "limit", c.credit_limit.map(|d| format::amount_input(lang, d)), |c, v| c.credit_limit = format::parse_amount(&v))}
                    {widgets::select(tr(T::customer_kind), "kind", kinds, kind.into(), Box::new(move |v| set("kind", |c, v| c.kind = if v == "b2c" { CustomerKind::Consumer } else { CustomerKind::Business }, v)))}
                    {widgets::field(tr(T::owner), "owner", owner.unwrap_or_default(), 0, Box::new(move |v| {
                        dispatch_and_tell(state, Command::SetOwner { client: id, owner: v })
                    }))}
                </div>
                {widgets::field(tr(T::notes), "notes", c.notes.clone(), 3, Box::new(move |v| set("notes", |c, v| c.notes = v, v)))}
            </details>
        }
        .into_any()
    }
}

/// "N jours nets" or "N jours fin de mois" (45 jours fin de mois, L441-10 I); stored with
/// the follow-up's legal records.
fn terms_basis(state: AppState, id: ClientId, lang: crate::i18n::Lang) -> AnyView {
    let eom = state
        .portfolio
        .with_untracked(|l| l.follow_up.law.end_of_month.contains_key(&id));
    let options = vec![
        (
            "net".to_string(),
            crate::i18n::t(lang, T::terms_net).to_string(),
        ),
        (
            "eom".to_string(),
            crate::i18n::t(lang, T::terms_end_of_month).to_string(),
        ),
    ];
    widgets::select(
        tr(T::terms_basis),
        "terms-basis",
        options,
        if eom { "eom" } else { "net" }.into(),
        Box::new(move |v| {
            dispatch_and_tell(
                state,
                Command::SetEndOfMonth {
                    client: id,
                    end_of_month: v == "eom",
                },
            )
        }),
    )
}

/// A trimmed text, `None` when empty.
fn opt(s: String) -> Option<String> {
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}
