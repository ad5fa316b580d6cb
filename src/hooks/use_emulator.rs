use std::rc::Rc;

use yew::prelude::*;

use super::StoreHandle;
use crate::platform::emulator::Emulator;
#[cfg(feature = "emulator")]
use crate::platform::emulator::StreamEvent;
#[cfg(feature = "emulator")]
use crate::state::remote::RemoteEvent;
#[cfg(feature = "emulator")]
use crate::state::Action;
use crate::state::Playground;

/// Connects a page the emulator serves to it: the event stream becomes
/// [`Action::Remote`]s, and the requests the state queues ([`Playground::outbox`]) are
/// sent after each render (and said sent with `RemoteEvent::Sent`). The stream closes when the component goes away. Does
/// nothing for a page that is not the emulator's.
#[hook]
pub fn use_emulator(store: StoreHandle<Playground>, emulator: Option<Rc<Emulator>>) {
    // Only the module built as the emulator's phone carries the client; the others keep
    // the hook (hooks are called unconditionally) but none of its code.
    #[cfg(not(feature = "emulator"))]
    let _ = (store, emulator);
    #[cfg(feature = "emulator")]
    {
        let dispatch = store.dispatcher();
        {
            let emulator = emulator.clone();
            let dispatch = dispatch.clone();
            use_effect_with((), move |_| {
                let on_event = dispatch.reform(|event| {
                    Action::Remote(match event {
                        StreamEvent::Open => RemoteEvent::Open,
                        StreamEvent::Lost => RemoteEvent::Lost,
                        StreamEvent::Message { kind, data } => {
                            RemoteEvent::from_stream(kind, &data)
                        }
                    })
                });
                let stream = emulator.and_then(|e| e.connect(on_event));
                move || drop(stream)
            });
        }
        // After every render: anything waiting is sent.
        use_effect(move || {
            if let Some(emulator) = emulator {
                let waiting = store.borrow().outbox().to_vec();
                if !waiting.is_empty() {
                    dispatch.emit(Action::Remote(RemoteEvent::Sent(waiting.len())));
                    let on_failure =
                        dispatch.reform(|reason| Action::Remote(RemoteEvent::SendFailed(reason)));
                    for outgoing in waiting {
                        emulator.send(outgoing.path(), outgoing.body(), on_failure.clone());
                    }
                }
            }
        });
    }
}
