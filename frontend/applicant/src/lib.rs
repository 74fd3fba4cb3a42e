#![forbid(unsafe_code)]
//! The applicant's pages, and the company contacts' area, in the browser.
//!
//! Those pages are whole HTML from the server and work with JavaScript off: every form posts to a
//! server function, which answers with a redirect to the next page. This module only makes them
//! quicker on a phone, without the weight of the Leptos client the staff pages load:
//! - a field is checked as soon as the person leaves it, by the same rules the server applies;
//! - a form is sent in the background and the next page replaces this one without a reload; if the
//!   connection drops, the form stays as it was, with a message;
//! - the list of comuni can be searched: one match is chosen, and a name outside the territory
//!   is told so, with the way on for people who live elsewhere.
//!
//! Events are listened to once, on the document, so that pages swapped in need no set-up.
use domain::i18n::Key;
use domain::questionnaire::{self, Answers, STEPS};
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, Element, HtmlElement, HtmlFormElement, HtmlSelectElement};

mod pure;
pub use pure::*;

/// Set when this module has failed (a panic): from then on every event is left to the browser, and
/// the page goes on as it works without JavaScript.
static BROKEN: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// The form being sent in the background, with the button that sent it: a failure of this
    /// module while it is on its way sends it the browser's way instead.
    static SENDING: RefCell<Option<(HtmlFormElement, Option<HtmlElement>)>> = const { RefCell::new(None) };
    /// Fields the person has left on this page: only those are checked live, the others keep what
    /// the server said of them.
    static LEFT: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
    /// Which page is shown: a check that finishes after the page changed is dropped.
    static PAGE: Cell<u32> = const { Cell::new(0) };
    /// The comuni as the server listed them, before any search narrowed the list.
    static COMUNI: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
    /// The address of the page shown, without its fragment.
    static SHOWN: RefCell<String> = const { RefCell::new(String::new()) };
    /// The texts the page carries, read once: they sit in the head, which swaps leave alone.
    static TEXTS: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

fn address_without_fragment() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    page_address(&href).to_owned()
}

#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(on_panic));
    let doc = document();
    listen(&doc, "focusout", on_focusout);
    listen(&doc, "input", on_input);
    listen(&doc, "submit", on_submit);
    if let Some(window) = web_sys::window() {
        // A page swapped in pushed its address; going back shows that address as the server has
        // it. A link within the page (the error summary's) changes only the fragment: no reload.
        let reload = Closure::<dyn FnMut(web_sys::Event)>::new(|_| {
            if !BROKEN.load(Ordering::Relaxed)
                && SHOWN.with(|s| *s.borrow() != address_without_fragment())
            {
                let _ = web_sys::window().map(|w| w.location().reload());
            }
        });
        let _ =
            window.add_event_listener_with_callback("popstate", reload.as_ref().unchecked_ref());
        reload.forget();
    }
    read_texts(&doc);
    page_ready(&doc);
}

/// A bug here must not cost the person their page or what they typed: the page falls back to how
/// it works without JavaScript, and a form that was on its way is sent by the browser itself (the
/// server takes a form sent twice as once).
fn on_panic(info: &std::panic::PanicHookInfo) {
    BROKEN.store(true, Ordering::Relaxed);
    web_sys::console::error_1(&JsValue::from_str(&info.to_string()));
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(root) = doc.document_element() {
        let _ = root.remove_attribute("data-hydrated");
    }
    for e in elements(&doc, ".js-only") {
        let _ = e.set_attribute("hidden", "");
    }
    let sending = SENDING
        .try_with(|s| s.try_borrow_mut().ok().and_then(|mut s| s.take()))
        .ok()
        .flatten();
    if let Some((form, submitter)) = sending.filter(|(f, _)| f.is_connected()) {
        let _ = form.remove_attribute("aria-busy");
        if let Some(button) = &submitter {
            let _ = button.remove_attribute("aria-disabled");
        }
        let _ = form.request_submit_with_submitter(submitter.as_ref());
    }
}

fn elements(doc: &Document, selector: &str) -> Vec<Element> {
    let Ok(list) = doc.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i).and_then(|n| n.dyn_into::<Element>().ok()))
        .collect()
}

fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a page has a document")
}

fn listen(doc: &Document, event: &str, handler: fn(web_sys::Event)) {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    let _ = doc.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// A text in the page's language. The page carries the few the browser may need (see
/// `Lang::browser_texts_json`): all the texts of every language would be most of this module.
fn text(key: Key) -> String {
    TEXTS.with(|texts| {
        texts
            .borrow()
            .as_ref()
            .and_then(|texts| js_sys::Reflect::get(texts, &JsValue::from(key as u32)).ok())
            .and_then(|t| t.as_string())
            .unwrap_or_default()
    })
}

fn read_texts(doc: &Document) {
    let texts = doc
        .get_element_by_id("texts")
        .and_then(|e| e.text_content())
        .and_then(|json| js_sys::JSON::parse(&json).ok());
    TEXTS.with(|t| *t.borrow_mut() = texts);
}

/// What a new page needs once it is shown; the attribute tells tests and styles the page is live.
fn page_ready(doc: &Document) {
    PAGE.with(|p| p.set(p.get().wrapping_add(1)));
    SHOWN.with(|s| *s.borrow_mut() = address_without_fragment());
    LEFT.with(|l| l.borrow_mut().clear());
    COMUNI.with(|c| c.borrow_mut().clear());
    for e in elements(doc, ".js-only[hidden]") {
        let _ = e.remove_attribute("hidden");
    }
    if let Some(select) = doc
        .get_element_by_id("f-comune")
        .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
    {
        let options = select.options();
        let listed = (0..options.length())
            .filter_map(|i| options.item(i))
            .filter_map(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
            .map(|o| (o.value(), o.text()))
            .collect();
        COMUNI.with(|c| *c.borrow_mut() = listed);
    }
    if let Some(root) = doc.document_element() {
        let _ = root.set_attribute("data-hydrated", "");
    }
}

fn target_element(ev: &web_sys::Event) -> Option<Element> {
    ev.target().and_then(|t| t.dyn_into::<Element>().ok())
}

fn on_input(ev: web_sys::Event) {
    if BROKEN.load(Ordering::Relaxed) {
        return;
    }
    let Some(search) = target_element(&ev).filter(|e| e.id() == "comune-search") else {
        return;
    };
    let Some(select) = document()
        .get_element_by_id("f-comune")
        .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
    else {
        return;
    };
    let query = search
        .dyn_into::<web_sys::HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default();
    let chosen = select.value();
    let said = COMUNI.with(|c| {
        let listed = c.borrow();
        let (matching, found) = comune_search(&listed, &query);
        select.set_inner_html("");
        for &i in &matching {
            let (value, name) = &listed[i];
            if let Ok(option) = web_sys::HtmlOptionElement::new_with_text_and_value(name, value) {
                option.set_selected(*value == chosen);
                let _ = select.append_child(&option);
            }
        }
        match found {
            Found::One(i) => {
                select.set_value(&listed[i].0);
                text(Key::live_comune_one).replace("{name}", &listed[i].1)
            }
            Found::Outside => {
                let elsewhere = listed.last().map(|(_, name)| name.as_str()).unwrap_or("");
                text(Key::live_comune_none)
                    .replace("{query}", query.trim())
                    .replace("{elsewhere}", elsewhere)
            }
            Found::Listed => String::new(),
        }
    });
    // A status region: read out as it changes, without moving the person from the search box.
    if let Some(status) = document().get_element_by_id("comune-found") {
        status.set_text_content(Some(&said));
    }
}

fn on_focusout(ev: web_sys::Event) {
    if BROKEN.load(Ordering::Relaxed) {
        return;
    }
    let Some(control) = target_element(&ev) else {
        return;
    };
    let Some(field) = control
        .get_attribute("name")
        .and_then(|n| questionnaire::field_of_control(&n))
    else {
        return;
    };
    let Some(form) = control
        .closest("form.questionnaire")
        .ok()
        .flatten()
        .and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    let Some(step) = form
        .get_attribute("data-step")
        .and_then(|slug| STEPS.iter().find(|s| s.slug == slug))
    else {
        return;
    };
    let postal_codes: Vec<String> = form
        .get_attribute("data-postal-codes")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    // Only this step's answers are on the page; no rule of a step looks at another step's.
    let errors = match web_sys::FormData::new_with_form(&form) {
        Ok(data) => questionnaire::check_live(
            step,
            &Answers::default(),
            |name| data.get(name).as_string(),
            &questionnaire::Context {
                // The phone's own date: linking the time-zone tables into the WASM is not worth
                // a day at the age limit, and the server checks again in the programme's zone.
                today: chrono::Local::now().date_naive(),
                postal_codes: &postal_codes,
            },
        ),
        Err(_) => Vec::new(),
    };
    LEFT.with(|l| l.borrow_mut().insert(field));
    let page = PAGE.with(Cell::get);
    // A message appearing moves what is below it: wait until the tap that moved focus away has
    // landed, so that it lands where the person aimed.
    let show = Closure::once_into_js(move || {
        if PAGE.with(Cell::get) != page {
            return;
        }
        let doc = document();
        LEFT.with(|left| {
            for name in left.borrow().iter() {
                let message = errors
                    .iter()
                    .find(|e| e.field == name)
                    .map(|e| text(e.message.key()));
                show_error(&doc, name, message.as_deref());
            }
        });
    });
    if let Some(window) = web_sys::window() {
        let _ =
            window.set_timeout_with_callback_and_timeout_and_arguments_0(show.unchecked_ref(), 250);
    }
}

/// The message beside a field, where the server puts it: before the control, or for a group of
/// choices after its legend and hint.
fn show_error(doc: &Document, name: &str, message: Option<&str>) {
    let Some(control) = doc.get_element_by_id(&format!("f-{name}")) else {
        return;
    };
    let Some(field) = control.closest(".field").ok().flatten() else {
        return;
    };
    let error_id = format!("{name}-error");
    let existing = doc.get_element_by_id(&error_id);
    let group = control.tag_name().eq_ignore_ascii_case("fieldset");
    let Some(text) = message else {
        if let Some(e) = existing {
            e.remove();
        }
        let _ = field.class_list().remove_1("invalid");
        let _ = control.remove_attribute("aria-invalid");
        return;
    };
    let error = match existing {
        Some(e) => e,
        None => {
            let Ok(p) = doc.create_element("p") else {
                return;
            };
            p.set_class_name("error");
            p.set_id(&error_id);
            let consent = control
                .parent_element()
                .filter(|p| p.class_list().contains("choice"));
            let (parent, before) = if group {
                let first = control
                    .query_selector(":scope > label.choice")
                    .ok()
                    .flatten();
                (Some(control.clone()), first)
            } else if let Some(label) = consent {
                (label.parent_element(), Some(label))
            } else {
                (control.parent_element(), Some(control.clone()))
            };
            if let Some(parent) = parent {
                let before: Option<&web_sys::Node> = before.as_ref().map(|b| b.as_ref());
                let _ = parent.insert_before(&p, before);
            }
            p
        }
    };
    error.set_text_content(Some(text));
    let _ = field.class_list().add_1("invalid");
    if !group {
        let _ = control.set_attribute("aria-invalid", "true");
    }
}

fn on_submit(ev: web_sys::Event) {
    if BROKEN.load(Ordering::Relaxed) {
        return;
    }
    let Some(form) = target_element(&ev).and_then(|f| f.dyn_into::<HtmlFormElement>().ok()) else {
        return;
    };
    // A file goes the browser's way: the background send carries text fields only.
    if !form.method().eq_ignore_ascii_case("post")
        || form.enctype().eq_ignore_ascii_case("multipart/form-data")
    {
        return;
    }
    ev.prevent_default();
    if form.has_attribute("aria-busy") {
        return; // a double tap: the first one is on its way
    }
    let Ok(data) = web_sys::FormData::new_with_form(&form) else {
        let _ = form.submit();
        return;
    };
    let submitter = ev
        .dyn_ref::<web_sys::SubmitEvent>()
        .and_then(|e| e.submitter());
    if let Some(button) = &submitter {
        if let Some(name) = button.get_attribute("name").filter(|n| !n.is_empty()) {
            let _ = data.append_with_str(&name, &button.get_attribute("value").unwrap_or_default());
        }
    }
    let Ok(body) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) else {
        let _ = form.submit();
        return;
    };
    let _ = form.set_attribute("aria-busy", "true");
    if let Some(button) = &submitter {
        let _ = button.set_attribute("aria-disabled", "true");
    }
    let action = form.action();
    let body = String::from(body.to_string());
    wasm_bindgen_futures::spawn_local(async move {
        SENDING.with(|s| *s.borrow_mut() = Some((form.clone(), submitter.clone())));
        let outcome = send(&action, &body).await;
        SENDING.with(|s| s.borrow_mut().take());
        let doc = document();
        match outcome {
            Ok(page) => show_page(&doc, page),
            Err(problem) => {
                let _ = form.remove_attribute("aria-busy");
                if let Some(button) = &submitter {
                    let _ = button.remove_attribute("aria-disabled");
                }
                show_problem(&doc, &form, &text(problem));
            }
        }
    });
}

struct Page {
    url: String,
    html: String,
}

/// Posts the form as the browser would, then loads the page the server function points to. The
/// server function's answer names that page in its `location` header, fragment included
/// (`/status?ok=share#share`), which a redirect followed by `fetch` would lose.
async fn send(action: &str, body: &str) -> Result<Page, Key> {
    let window = web_sys::window().ok_or(Key::problem_connection)?;
    let here = window.location().href().unwrap_or_default();
    let headers = web_sys::Headers::new().map_err(|_| Key::problem_connection)?;
    let _ = headers.set("content-type", "application/x-www-form-urlencoded");
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    init.set_headers(&headers);
    let response = fetch(&window, action, &init).await?;
    // No `location`: the server has nothing new to show, so this page again, as it now is.
    let to = response
        .headers()
        .get("location")
        .ok()
        .flatten()
        .unwrap_or_else(|| page_address(&here).to_owned());
    let url = web_sys::Url::new_with_base(&to, &here)
        .map(|u| u.href())
        .unwrap_or(to);
    let headers = web_sys::Headers::new().map_err(|_| Key::problem_connection)?;
    let _ = headers.set("accept", "text/html");
    let init = web_sys::RequestInit::new();
    init.set_headers(&headers);
    let response = fetch(&window, &url, &init).await?;
    let is_page = response
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .is_some_and(|t| t.starts_with("text/html"));
    // A page the server redirected to has its own address.
    let url = if response.redirected() {
        response.url()
    } else {
        url
    };
    if !is_page {
        return Ok(Page {
            url,
            html: String::new(),
        });
    }
    let text = response.text().map_err(|_| Key::problem_connection)?;
    let html = JsFuture::from(text)
        .await
        .map_err(|_| Key::problem_connection)?
        .as_string()
        .unwrap_or_default();
    Ok(Page { url, html })
}

async fn fetch(
    window: &web_sys::Window,
    url: &str,
    init: &web_sys::RequestInit,
) -> Result<web_sys::Response, Key> {
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await
        .map_err(|_| Key::problem_connection)?
        .dyn_into()
        .map_err(|_| Key::problem_connection)?;
    if response.ok() {
        Ok(response)
    } else {
        Err(problem_for_status(response.status()))
    }
}

/// Shows the next page in place of this one, as if the browser had loaded it.
fn show_page(doc: &Document, page: Page) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let parsed = web_sys::DomParser::new()
        .and_then(|p| p.parse_from_string(&page.html, web_sys::SupportedType::TextHtml));
    let (Ok(parsed), Some(body)) = (parsed, doc.body()) else {
        let _ = window.location().assign(&page.url);
        return;
    };
    // A page made for the full client (staff, companies) is loaded as a page.
    let applicant_page = parsed
        .query_selector("script[data-applicant]")
        .ok()
        .flatten()
        .is_some();
    let Some(new_body) = parsed.body().filter(|_| applicant_page) else {
        let _ = window.location().assign(&page.url);
        return;
    };
    doc.set_title(&parsed.title());
    if let (Some(root), Some(new_root)) = (doc.document_element(), parsed.document_element()) {
        for attribute in ["lang", "dir"] {
            if let Some(value) = new_root.get_attribute(attribute) {
                let _ = root.set_attribute(attribute, &value);
            }
        }
    }
    body.set_inner_html(&new_body.inner_html());
    let here = window.location().href().unwrap_or_default();
    if let Ok(history) = window.history() {
        if here != page.url {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&page.url));
        }
    }
    // As after a page load: the part the address points to (`#share`), else the top of the page
    // with the problems first if there are any.
    let fragment = page
        .url
        .split_once('#')
        .and_then(|(_, id)| doc.get_element_by_id(id));
    if fragment.is_none() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
    let focus = fragment
        .or_else(|| {
            [".error-summary", "main h1"]
                .iter()
                .find_map(|s| doc.query_selector(s).ok().flatten())
        })
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    if let Some(target) = focus {
        if !target.has_attribute("tabindex") {
            let _ = target.set_attribute("tabindex", "-1");
        }
        let _ = target.focus();
    }
    page_ready(doc);
}

/// A problem with sending: said just above the form's buttons, where the person is looking, and
/// the form keeps everything typed.
fn show_problem(doc: &Document, form: &HtmlFormElement, text: &str) {
    if let Some(old) = doc.get_element_by_id("send-problem") {
        old.remove();
    }
    let Ok(notice) = doc.create_element("div") else {
        return;
    };
    notice.set_id("send-problem");
    notice.set_class_name("notice error");
    let _ = notice.set_attribute("role", "alert");
    if let Ok(p) = doc.create_element("p") {
        p.set_text_content(Some(text));
        let _ = notice.append_child(&p);
    }
    match form.query_selector(":scope > .actions").ok().flatten() {
        Some(actions) => {
            let _ = form.insert_before(&notice, Some(&actions));
        }
        None => {
            if let Some(parent) = form.parent_node() {
                let _ = parent.insert_before(&notice, Some(form));
            }
        }
    }
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    notice.scroll_into_view_with_scroll_into_view_options(&options);
}
