//! Commands executed and events applied in the one order every device agrees on (see
//! [`super::written`]): a command's events are stamped never before what the book has seen,
//! and an event applies only what no later event wrote.

use super::command::{Command, CommandError, Context, Everyday, Executed};
use super::Portfolio;

impl Portfolio {
    /// Checks `cmd`, applies it, and returns the events that record it (and its reply).
    /// Refused, it changes nothing. Its events are stamped never before what the book has
    /// seen (`cx.at` moves on when the wall clock is behind: see [`super::written`]).
    pub fn execute(&mut self, cmd: Command, cx: &mut Context) -> Result<Executed, CommandError> {
        self.stamped(cx, |p, cx| p.run(cmd, cx))
    }

    /// [`Portfolio::execute`] for the engine's commands alone (see [`Everyday`]).
    pub fn execute_everyday(
        &mut self,
        cmd: Everyday,
        cx: &mut Context,
    ) -> Result<Executed, CommandError> {
        self.stamped(cx, |p, cx| p.everyday(cmd, cx))
    }

    fn stamped(
        &mut self,
        cx: &mut Context,
        run: impl FnOnce(&mut Portfolio, &mut Context) -> Result<Executed, CommandError>,
    ) -> Result<Executed, CommandError> {
        cx.at = self.written.next_at(cx.at);
        let clock = cx.at;
        let done = run(self, cx)?;
        // The demo data replaced the book, and what was written with it; not the clock.
        self.written.keep_clock(clock);
        for e in &done.events {
            self.written.note(e);
        }
        self.written.note_lists(&self.follow_up, &done.events);
        Ok(done)
    }

    /// Applies an event (a replay, or another tab's or device's event): what no later event
    /// rewrote since (see [`super::written`]), so that two devices' events give one book in
    /// whichever order they arrive.
    pub fn apply(&mut self, e: &super::event::Event) {
        let s = super::written::Stamp::of(&e.head);
        let clock = self.written.clock();
        if !e.changes.reset && self.written.any_after(s) {
            e.changes
                .standing(&self.written, s)
                .apply_stamped(self, Some(s));
        } else {
            e.changes.apply_stamped(self, Some(s));
        }
        self.written.keep_clock(clock);
        self.written.note(e);
    }
}
