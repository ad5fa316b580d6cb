//! Placeholder shell, replaced by the playground app.
use yew::prelude::*;

#[function_component]
fn App() -> Html {
    html! { <main><h1>{ "Verify Playground" }</h1></main> }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
