//! A book driven through the portfolio's one door, for the command tests: each command runs
//! with a fixed origin and ids from a counter, and the events it yields are kept as the log.

use super::date;
use encours_core::import::{parse, ImportOptions};
use encours_core::portfolio::command::{Command, CommandError, Context, Reply};
use encours_core::portfolio::event::{Event, Origin};
use encours_core::Portfolio;

/// Who runs the tests' commands: device 1, « poste », Léa.
pub fn origin() -> Origin {
    origin_on(1)
}

/// Léa on device `device`.
pub fn origin_on(device: u64) -> Origin {
    Origin {
        device,
        device_name: format!("poste {device}"),
        author: "Léa".into(),
    }
}

/// Runs `f` with a command context at `today` (timestamp `at`), event ids counting up from
/// `*next`.
pub fn with_context<R>(
    today: &str,
    at: i64,
    next: &mut u128,
    f: impl FnOnce(&mut Context) -> R,
) -> R {
    with_context_on(1, today, at, next, f)
}

/// [`with_context`] on device `device`.
pub fn with_context_on<R>(
    device: u64,
    today: &str,
    at: i64,
    next: &mut u128,
    f: impl FnOnce(&mut Context) -> R,
) -> R {
    let o = origin_on(device);
    let mut n = *next;
    let mut ids = || {
        n += 1;
        n
    };
    let mut cx = Context {
        today: date(today),
        at,
        origin: &o,
        ids: &mut ids,
    };
    let r = f(&mut cx);
    *next = n;
    r
}

/// The command that imports `csv` as of `today`.
pub fn import(csv: &str, today: &str) -> Command {
    let opts = ImportOptions::builder(date(today)).build();
    let parsed = parse(csv.as_bytes(), &opts).expect("the test's file parses");
    Command::Import {
        parsed: Box::new(parsed),
        opts: Box::new(opts),
    }
}

/// A portfolio and the log of every event its commands yielded.
pub struct Book {
    pub p: Portfolio,
    pub log: Vec<Event>,
    today: &'static str,
    at: i64,
    next: u128,
    device: u64,
}

impl Book {
    /// An empty book whose commands run on `today`, at timestamp `at`.
    pub fn empty(today: &'static str, at: i64) -> Book {
        Book {
            p: Portfolio::default(),
            log: Vec::new(),
            today,
            at,
            next: 0,
            device: 1,
        }
    }

    /// This book as it stands, copied onto device `device` (its own event ids from then on).
    pub fn fork(&self, device: u64) -> Book {
        Book {
            p: self.p.clone(),
            log: self.log.clone(),
            today: self.today,
            at: self.at,
            next: u128::from(device) << 64,
            device,
        }
    }

    /// Sets this device's wall clock (milliseconds) for the commands that follow.
    pub fn clock(&mut self, at: i64) {
        self.at = at;
    }

    /// Runs `cmd`: its reply and events (kept in the log), or why it was refused.
    pub fn run(&mut self, cmd: Command) -> Result<(Reply, Vec<Event>), CommandError> {
        self.run_on(self.today, cmd)
    }

    /// [`Book::run`] on another day than the book's.
    pub fn run_on(
        &mut self,
        today: &str,
        cmd: Command,
    ) -> Result<(Reply, Vec<Event>), CommandError> {
        let (at, device) = (self.at, self.device);
        let p = &mut self.p;
        let r = with_context_on(device, today, at, &mut self.next, |cx| p.execute(cmd, cx));
        r.map(|x| {
            self.log.extend(x.events.clone());
            (x.reply, x.events)
        })
    }

    /// [`Book::run`], its reply only (`None` when refused).
    pub fn reply(&mut self, cmd: Command) -> Option<Reply> {
        self.run(cmd).ok().map(|(reply, _)| reply)
    }
}

/// Each book's events past `from[k]` (where it parted from the others, or last exchanged),
/// applied on the others, as sync does: every book then has every event.
#[allow(dead_code)]
pub fn exchange(books: &mut [&mut Book], from: &[usize]) {
    let news: Vec<Vec<Event>> = (books.iter().zip(from))
        .map(|(b, &k)| b.log[k..].to_vec())
        .collect();
    for (k, b) in books.iter_mut().enumerate() {
        for (j, n) in news.iter().enumerate() {
            if j != k {
                encours_core::portfolio::log::replay_onto(&mut b.p, n);
                b.log.extend(n.iter().cloned());
            }
        }
    }
}

/// Two devices, `a` and `b`, parted from one book: `book` imported on `today`. Where they
/// parted (the log's length).
#[allow(dead_code)]
pub fn apart(book: &str, today: &'static str, at: i64, (a, b): (u64, u64)) -> (Book, Book, usize) {
    let mut base = Book::empty(today, at);
    base.reply(import(book, today)).expect("the book imports");
    let n = base.log.len();
    (base.fork(a), base.fork(b), n)
}
