//! What the page shows besides the playground's state: the browser's answers to the
//! page's own requests (speech, the clipboard, a share link being made). One small reducer,
//! kept by the page, so that the panels are plain functions of what they show.

use std::rc::Rc;

use yew::Reducible;

/// A share link or embed code being made, or why not.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Made {
    /// The link, and whether it is on the clipboard.
    Link(String, bool),
    /// The session is too big for a link: the compressed size.
    TooBig(usize),
    /// The embed code, and whether it is on the clipboard.
    Embed(String, bool),
    /// Nothing was made, and why.
    Failed(String),
}

/// The page's own state.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Ui {
    /// After answering a call: whether speech is on, in words.
    pub speech: Option<&'static str>,
    /// The log entry (its number) last copied as curl, and whether the clipboard took it.
    pub copied: Option<(usize, bool)>,
    /// The share link or embed code last made.
    pub made: Option<Made>,
}

/// What happened to the page's own requests.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum UiAction {
    /// An answered call is spoken (or not, as the words say).
    Spoke(&'static str),
    /// A log entry was copied as curl (or the browser refused).
    Copied(usize, bool),
    /// A share link or embed code was made.
    Made(Made),
}

impl Reducible for Ui {
    type Action = UiAction;

    fn reduce(self: Rc<Self>, action: UiAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            UiAction::Spoke(words) => next.speech = Some(words),
            UiAction::Copied(entry, ok) => next.copied = Some((entry, ok)),
            UiAction::Made(made) => next.made = Some(made),
        }
        Rc::new(next)
    }
}
