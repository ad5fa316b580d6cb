//! The session itself, apart from how the page shows it: the engine, the calls made and
//! their answers (the API log), what reached each phone, the request followed, and a
//! scenario still being replayed. A new session, an import or a shared link replaces
//! this part whole; the page's settings (form, clock, layout) stay.

use std::rc::Rc;

use verify_engine::scenario::Placeholders;
use verify_engine::{Engine, Millis, RequestId, SessionConfig};

use crate::phones::Phones;
use crate::signal::Fates;
use crate::{Import, LogEntry};

/// One session of the playground.
#[derive(Debug)]
pub struct Session {
    /// The engine's seed: a saved session is rebuilt from it and the calls.
    pub seed: u64,
    /// The simulator.
    pub engine: Engine,
    /// What a running scenario's placeholders stand for.
    pub(crate) placeholders: Placeholders,
    /// Every call, oldest first.
    pub log: Vec<Rc<LogEntry>>,
    /// The handsets.
    pub phones: Phones,
    /// What phone faults did to deliveries (lost, missed, late).
    pub fates: Fates,
    /// The request the status, phone and timeline follow.
    pub selected: Option<RequestId>,
    /// A scenario being replayed.
    pub import: Option<Import>,
    /// When the next thing is scheduled (engine or scenario), for "Skip to next event".
    pub next_due: Option<Millis>,
}

impl Session {
    /// An empty session on a fresh engine made with `config`.
    pub fn new(config: SessionConfig) -> Session {
        let mut engine = config.engine();
        let next_due = engine.next_due();
        Session {
            seed: config.seed,
            engine,
            placeholders: Placeholders::default(),
            log: Vec::new(),
            phones: Phones::default(),
            fates: Fates::default(),
            selected: None,
            import: None,
            next_due,
        }
    }
}
