use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use yew::prelude::*;

/// State that changes in place: one value, changed only by its own `apply`.
pub trait Apply {
    /// What can happen to the state.
    type Action: 'static;
    /// Applies one action. Pure: no storage, timers or DOM, only the value changes.
    fn apply(&mut self, action: Self::Action);
}

/// The state of [`use_store`]: read it with [`StoreHandle::borrow`], change it by dispatching.
pub struct StoreHandle<T: Apply> {
    cell: Rc<RefCell<T>>,
    queue: Rc<RefCell<VecDeque<T::Action>>>,
    dispatch: Callback<T::Action>,
}

impl<T: Apply> Clone for StoreHandle<T> {
    fn clone(&self) -> Self {
        StoreHandle {
            cell: self.cell.clone(),
            queue: self.queue.clone(),
            dispatch: self.dispatch.clone(),
        }
    }
}

impl<T: Apply> StoreHandle<T> {
    /// The state as it is now. Hold the borrow only while rendering or reading: an action
    /// dispatched meanwhile waits in a queue until the borrow ends.
    pub fn borrow(&self) -> std::cell::Ref<'_, T> {
        self.cell.borrow()
    }

    /// Where actions go.
    pub fn dispatcher(&self) -> Callback<T::Action> {
        self.dispatch.clone()
    }
}

/// A reducer whose state is changed in place rather than copied: `use_reducer` clones the
/// whole state for every action, which costs as much as the session is big (the engine,
/// the log, the phones). Here an action costs only what it changes, and the component
/// re-renders after each one. The state itself stays a plain value with a pure `apply`,
/// testable without a browser.
#[hook]
pub fn use_store<T, F>(init: F) -> StoreHandle<T>
where
    T: Apply + 'static,
    F: FnOnce() -> T,
{
    let cell = use_mut_ref(init);
    let queue = use_mut_ref(VecDeque::new);
    let update = use_force_update();
    let dispatch = {
        let (cell, queue) = (cell.clone(), queue.clone());
        use_memo((), move |_| {
            Callback::from(move |action: T::Action| {
                queue.borrow_mut().push_back(action);
                drain(&cell, &queue, &update);
            })
        })
    };
    StoreHandle {
        cell,
        queue,
        dispatch: (*dispatch).clone(),
    }
}

/// Applies the queued actions in order and re-renders. When the state is borrowed (an
/// action dispatched from inside a render or another action), the queue is drained as
/// soon as the current task ends instead.
fn drain<T: Apply + 'static>(
    cell: &Rc<RefCell<T>>,
    queue: &Rc<RefCell<VecDeque<T::Action>>>,
    update: &UseForceUpdateHandle,
) {
    let Ok(mut state) = cell.try_borrow_mut() else {
        let (cell, queue, update) = (cell.clone(), queue.clone(), update.clone());
        yew::platform::spawn_local(async move { drain(&cell, &queue, &update) });
        return;
    };
    let mut changed = false;
    loop {
        let next = queue.borrow_mut().pop_front();
        let Some(action) = next else { break };
        state.apply(action);
        changed = true;
    }
    drop(state);
    if changed {
        update.force_update();
    }
}

impl Apply for crate::state::Playground {
    type Action = crate::state::Action;

    fn apply(&mut self, action: crate::state::Action) {
        crate::state::Playground::apply(self, action);
    }
}
