//! The app mounted in a real page (headless Chromium) with fake browser services:
//! accessible names, live validation, the phone, the log, saving and the address bar.
// Browser tests: they run in headless Chromium (wasm32 only); a native `cargo test`
// from the workspace root compiles them to nothing.
#![cfg(target_arch = "wasm32")]

use verify_playground::hooks::save_session;
use verify_playground::platform::{Fakes, Platform};
use verify_playground::state::saved;
use verify_playground::state::{Action, Playground};
use verify_playground::{App, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

struct Mounted {
    root: Element,
    fakes: Fakes,
    handle: Option<yew::AppHandle<App>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
    }
}

async fn mount(query: &str, stored: Option<&str>) -> Mounted {
    let stored: Vec<(&str, &str)> = stored
        .map(|t| (saved::STORAGE_KEY, t))
        .into_iter()
        .collect();
    mount_with(Platform::fake(query, &stored)).await
}

async fn mount_with(fakes: Fakes) -> Mounted {
    let document = gloo_document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = AppProps {
        platform: fakes.platform(),
        seed: Some(3),
    };
    let handle = yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    let mounted = Mounted {
        root,
        fakes,
        handle: Some(handle),
    };
    // Stop the clock so that time only moves when a test says so.
    if let Some(pause) = mounted.try_button("Pause") {
        pause.click();
        yew::scheduler::flush().await;
    }
    mounted
}

fn gloo_document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

impl Mounted {
    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
            .collect()
    }

    fn one(&self, selector: &str) -> Element {
        self.root
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("no {selector}"))
    }

    fn text(&self, selector: &str) -> String {
        self.one(selector).text_content().unwrap_or_default()
    }

    fn try_button(&self, name: &str) -> Option<HtmlElement> {
        self.all("button")
            .into_iter()
            .find(|b| {
                b.get_attribute("aria-label")
                    .unwrap_or_else(|| b.text_content().unwrap_or_default())
                    .trim()
                    == name
            })
            .map(|b| b.unchecked_into())
    }

    fn button(&self, name: &str) -> HtmlElement {
        self.try_button(name)
            .unwrap_or_else(|| panic!("no button {name:?}"))
    }

    /// The control whose `<label>` reads exactly `name`.
    fn labelled(&self, name: &str) -> Element {
        let label = self
            .all("label")
            .into_iter()
            .find(|l| l.text_content().unwrap_or_default().trim() == name)
            .unwrap_or_else(|| panic!("no label {name:?}"));
        let id = label.get_attribute("for").expect("label for");
        self.one(&format!("#{id}"))
    }

    async fn click(&self, name: &str) {
        self.button(name).click();
        yew::scheduler::flush().await;
    }

    async fn type_into(&self, label: &str, value: &str) {
        let input: HtmlInputElement = self.labelled(label).unchecked_into();
        input.set_value(value);
        input.dispatch_event(&bubbling("input")).unwrap();
        yew::scheduler::flush().await;
    }

    async fn choose(&self, label: &str, value: &str) {
        let select: HtmlSelectElement = self.labelled(label).unchecked_into();
        select.set_value(value);
        select.dispatch_event(&bubbling("change")).unwrap();
        yew::scheduler::flush().await;
    }

    fn status(&self) -> String {
        let all = self.all("[role=status]");
        assert_eq!(all.len(), 1, "exactly one role=status element");
        all[0].text_content().unwrap().trim().to_owned()
    }

    fn phone_pin(&self) -> String {
        let item = self.one("section[aria-label=Phone] [data-pin]");
        item.get_attribute("data-pin").unwrap()
    }
}

fn bubbling(kind: &str) -> Event {
    let init = EventInit::new();
    init.set_bubbles(true);
    Event::new_with_event_init_dict(kind, &init).unwrap()
}

#[wasm_bindgen_test]
async fn every_named_control_and_region_exists() {
    let m = mount("", None).await;
    for label in [
        "Phone number",
        "Brand",
        "Next event wait",
        "PIN expiry",
        "PIN",
    ] {
        assert_eq!(m.labelled(label).tag_name(), "INPUT", "{label}");
    }
    for label in ["Workflow", "Code length", "Speed", "Language"] {
        assert_eq!(m.labelled(label).tag_name(), "SELECT", "{label}");
    }
    for name in [
        "Send verification",
        "Check",
        "Cancel request",
        "Trigger next event",
        "Skip to next event",
        "Play",
    ] {
        m.button(name);
    }
    for region in ["Phone", "API log", "Timeline"] {
        m.one(&format!("section[aria-label='{region}']"));
    }
    let options = m.all("#workflow option");
    assert_eq!(options.len(), 7);
    assert_eq!(
        options[0].text_content().unwrap(),
        "1: SMS -> 125 s -> TTS -> 180 s -> TTS -> 300 s -> end"
    );
    assert_eq!(m.status(), "NONE");
    m.one("[aria-live=polite][role=log]");
}

#[wasm_bindgen_test]
async fn send_read_the_pin_from_the_phone_wrong_then_right() {
    let m = mount("", None).await;
    m.click("Send verification").await;
    assert_eq!(m.status(), "IN PROGRESS");
    let sms = m.text("section[aria-label=Phone] .sms .text");
    let pin = m.phone_pin();
    assert!(sms.contains(&pin), "{sms}");
    assert!(m.text("[role=log]").contains("new SMS"));
    let wrong = if pin == "0000" { "1111" } else { "0000" };
    m.type_into("PIN", wrong).await;
    m.click("Check").await;
    assert!(m.text(".last-result").contains("status 16"));
    assert!(m
        .text(".log-list li:first-child")
        .contains("The code provided does not match the expected value"));
    m.type_into("PIN", &pin).await;
    m.click("Check").await;
    assert_eq!(m.status(), "SUCCESS");
    assert_eq!(m.all(".log-entry").len(), 3);
    assert!(m
        .text(".log-list li:first-child .path")
        .contains("/verify/check/json"));
}

/// Classes that follow the state (set through `className`, see `class_list`): the status
/// word, the log's badges and a field's error mark change as the session does.
#[wasm_bindgen_test]
async fn classes_follow_the_state() {
    let m = mount("", None).await;
    let class = |selector: &str| m.one(selector).get_attribute("class").unwrap_or_default();
    assert_eq!(class("[role=status]"), "word none");
    assert!(class("#number").is_empty(), "an input has no class");
    assert_eq!(class(".field:has(#number)"), "field");
    m.type_into("Phone number", "12").await;
    assert_eq!(class(".field:has(#number)"), "field has-error");
    m.type_into("Phone number", "447700900001").await;
    assert_eq!(class(".field:has(#number)"), "field");
    m.click("Send verification").await;
    assert_eq!(class("[role=status]"), "word in-progress");
    assert_eq!(
        class(".log-list li:first-child .log-head .badge"),
        "badge ok"
    );
    let pin = m.phone_pin();
    m.type_into("PIN", if pin == "0000" { "1111" } else { "0000" })
        .await;
    m.click("Check").await;
    assert_eq!(
        class(".log-list li:first-child .log-head .badge"),
        "badge error"
    );
    assert_eq!(
        class(".log-list li:nth-child(2) .log-head .badge"),
        "badge ok"
    );
    m.type_into("PIN", &pin).await;
    m.click("Check").await;
    assert_eq!(class("[role=status]"), "word success");
}

#[wasm_bindgen_test]
async fn live_validation_explains_and_sending_anyway_logs_the_error() {
    let m = mount("", None).await;
    m.type_into("Phone number", "12").await;
    let input = m.labelled("Phone number");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let error = m.text("#number-error");
    assert!(error.contains("Invalid value for param: number"), "{error}");
    assert!(error.contains("7 to 15 digits"), "{error}");
    m.type_into("Next event wait", "120").await;
    m.type_into("PIN expiry", "200").await;
    assert!(m.text("#pin-expiry-fix").contains("120 s instead of 200 s"));
    m.click("Send verification").await;
    assert!(m.text(".last-result").contains("status 3"));
    assert_eq!(m.status(), "NONE");
}

#[wasm_bindgen_test]
async fn a_psd2_payment_is_validated_sent_and_verified() {
    let m = mount("", None).await;
    m.labelled("PSD2 payment")
        .unchecked_into::<HtmlElement>()
        .click();
    yew::scheduler::flush().await;
    assert!(m.all("#brand").is_empty(), "PSD2 has no brand");
    m.type_into("Payee", "Bookshop").await;
    m.type_into("Amount (EUR)", "4,80").await;
    assert!(m
        .text("#amount-error")
        .contains("Invalid value for param: amount"));
    m.type_into("Amount (EUR)", "4.8").await;
    assert!(m.all("#amount-error").is_empty());
    assert!(m.text("#psd2-note").contains("screenshot"));
    m.click("Send verification").await;
    assert!(m
        .text(".log-list li:first-child .path")
        .contains("/verify/psd2/json"));
    let sms = m.text("section[aria-label=Phone] .sms .text");
    assert!(
        sms.contains("for payment to Bookshop in the amount of 4.80€"),
        "{sms}"
    );
    m.type_into("PIN", &m.phone_pin()).await;
    m.click("Check").await;
    assert_eq!(m.status(), "SUCCESS");
}

#[wasm_bindgen_test]
async fn user_text_is_shown_as_text() {
    let m = mount("", None).await;
    m.type_into("Brand", "<b>Evil</b>").await;
    m.click("Send verification").await;
    assert!(m.all("section[aria-label=Phone] b").is_empty());
    assert!(m.text(".sms .text").starts_with("<b>Evil</b> code: "));
}

#[wasm_bindgen_test]
async fn a_call_rings_and_answering_shows_and_speaks_the_transcript() {
    let m = mount("", None).await;
    m.choose("Workflow", "3").await;
    m.choose("Language", "de-de").await;
    m.click("Send verification").await;
    assert!(m.text(".incoming").contains("Incoming call from Acme"));
    assert!(m.all("[data-pin]").is_empty(), "no PIN before answering");
    m.click("Answer").await;
    let transcript = m.text(".transcript");
    assert!(
        transcript.starts_with("Ihr Acme Code lautet "),
        "{transcript}"
    );
    let spoken = m.fakes.speech.spoken.borrow().clone();
    assert_eq!(spoken, [(transcript, "de-de".to_owned())]);
    assert!(m.text(".speech-note").contains("Speaking"));
    let pin = m.phone_pin();
    m.type_into("PIN", &pin).await;
    m.click("Check").await;
    assert_eq!(m.status(), "SUCCESS");
}

#[wasm_bindgen_test]
async fn clock_skip_cancel_and_trigger() {
    let m = mount("", None).await;
    assert_eq!(m.text("#sim-time"), "0:00");
    m.click("Send verification").await;
    m.click("Skip 30 seconds").await;
    assert_eq!(m.text("#sim-time"), "0:30");
    m.click("Cancel request").await;
    assert_eq!(m.status(), "CANCELLED");
    m.choose("Workflow", "2").await;
    m.click("Send verification").await;
    m.click("Trigger next event").await;
    assert_eq!(
        m.all(".sms").len(),
        3,
        "one SMS from the first request, two now"
    );
    m.click("Skip to next event").await;
    // Triggered at 0:30, the second event is followed by its own 180 s wait.
    assert_eq!(m.text("#sim-time"), "3:30");
}

#[wasm_bindgen_test]
async fn play_and_pause_switch_names_and_speed_is_kept() {
    let m = mount("", None).await;
    m.click("Play").await;
    m.button("Pause");
    m.choose("Speed", "60").await;
    m.click("Pause").await;
    m.button("Play");
    let saved = m.fakes.storage.get(saved::STORAGE_KEY).unwrap();
    assert!(saved.contains("\"speed\":60"), "{saved}");
}

#[wasm_bindgen_test]
async fn copy_as_curl_uses_the_clipboard() {
    let m = mount("", None).await;
    m.click("Send verification").await;
    m.click("Copy as curl").await;
    let copied = m.fakes.clipboard.copied.borrow().clone();
    assert_eq!(copied.len(), 1);
    assert!(copied[0].starts_with("curl -X POST https://api.nexmo.com/verify/json"));
    assert!(m.text(".copy-state").contains("Copied"));
}

#[wasm_bindgen_test]
async fn a_saved_session_comes_back_and_bad_data_gives_a_notice() {
    let mut p = Playground::new(11);
    p.apply(Action::Send);
    p.apply(Action::SkipBy(10_000));
    let fakes = Platform::fake("", &[]);
    save_session(&*fakes.storage, &p, &saved::plan(&p, None), "test").unwrap();
    let m = mount_with(fakes).await;
    assert_eq!(m.status(), "IN PROGRESS");
    assert_eq!(m.all(".log-entry").len(), 1);
    assert!(m.text(".notices").contains("previous session is back"));
    drop(m);
    let m = mount("", Some("{\"version\":1,\"session\":garbage")).await;
    assert!(m.text(".notice.warning").contains("could not be read"));
    m.click("Send verification").await;
    assert_eq!(m.status(), "IN PROGRESS", "the page still works");
    let saved = m.fakes.storage.get(saved::STORAGE_KEY).unwrap();
    assert!(saved.starts_with("{\"version\":2"), "bad data replaced");
}

#[wasm_bindgen_test]
async fn the_address_prefills_and_follows_the_form_and_embed_is_compact() {
    let m = mount("workflow_id=3&pin_expiry=240", None).await;
    let workflow: HtmlSelectElement = m.labelled("Workflow").unchecked_into();
    assert_eq!(workflow.value(), "3");
    let expiry: HtmlInputElement = m.labelled("PIN expiry").unchecked_into();
    assert_eq!(expiry.value(), "240");
    m.type_into("Brand", "Docs").await;
    assert_eq!(
        m.fakes.location.query.borrow().as_str(),
        "brand=Docs&workflow_id=3&pin_expiry=240"
    );
    drop(m);
    let m = mount("embed", None).await;
    m.one(".page.embed");
    assert!(m.all("header").is_empty());
    m.one("section[aria-label=Phone]");
    assert!(
        m.fakes.storage.items.borrow().is_empty(),
        "embeds keep nothing"
    );
}

#[wasm_bindgen_test]
async fn the_lab_page_has_its_header_and_its_form() {
    let root = gloo_document().create_element("div").unwrap();
    gloo_document().body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<verify_playground::lab::LabRoot>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    let text = |selector: &str| {
        root.query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("no {selector}"))
            .text_content()
            .unwrap()
    };
    assert_eq!(text("main h2"), "Reach lab");
    assert!(text("header").contains("Reach lab"));
    assert!(root.query_selector("main button").unwrap().is_some());
    handle.destroy();
    root.remove();
}
