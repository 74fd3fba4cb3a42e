//! The device's side of the tutor's pages (in the browser only). A tap or a note is first written
//! to the device's storage with its own idempotency key, then sent in order; what the network
//! refuses stays, shown as waiting, and goes when the network returns (the `online` event, or a
//! retry every half minute). The server records each key once, so a resend is harmless.
//!
//! The device keeps only its tutor's own queue: another account's queue found there is removed,
//! and logging out clears the site's storage (`Clear-Site-Data`).
use super::pages::{Outbox, Queued};
use super::*;
use crate::domain::traineeship::Note;
use crate::i18n::Key;
use leptos::ev::SubmitEvent;
use std::time::Duration;
use wasm_bindgen::JsCast;

const PREFIX: &str = "insieme.tutor.";
const RETRY: Duration = Duration::from_secs(30);

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn queue_name(me: StaffId) -> String {
    format!("{PREFIX}{me}.queue")
}

/// The queue kept for `me`. Anything another account left on this device goes: it cannot be sent
/// as them, and it is not this tutor's to read.
fn load(me: StaffId) -> Vec<Queued> {
    let Some(s) = storage() else {
        return Vec::new();
    };
    let own = queue_name(me);
    let others: Vec<String> = (0..s.length().unwrap_or(0))
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX) && *k != own)
        .collect();
    for k in others {
        let _ = s.remove_item(&k);
    }
    s.get_item(&own)
        .ok()
        .flatten()
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default()
}

fn save(outbox: Outbox) {
    let (Some(s), Some(me)) = (storage(), outbox.me.get_untracked()) else {
        return;
    };
    let name = queue_name(me);
    let items = outbox.items.get_untracked();
    if items.is_empty() {
        let _ = s.remove_item(&name);
    } else if let Ok(j) = serde_json::to_string(&items) {
        // A full device keeps the queue in memory only; it is still sent while the page is open.
        let _ = s.set_item(&name, &j);
    }
}

/// 128 random bits from the browser's generator, in hex; none when the generator fails (every
/// entry would then share one key, and all but the first would be taken as already recorded).
fn new_key() -> Option<String> {
    let mut bytes = [0u8; 16];
    let crypto = web_sys::window()?.crypto().ok()?;
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn online_now() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

/// Loads the device's queue once the page knows its tutor, and sends it whenever it can.
pub fn start(outbox: Outbox) {
    Effect::new(move |_| {
        if let Some(me) = outbox.me.get() {
            outbox.items.set(load(me));
            outbox.online.set(online_now());
            flush(outbox);
        }
    });
    let online = window_event_listener(leptos::ev::online, move |_| {
        outbox.online.set(true);
        flush(outbox);
    });
    let offline = window_event_listener(leptos::ev::offline, move |_| outbox.online.set(false));
    let retry = set_interval_with_handle(move || flush(outbox), RETRY).ok();
    on_cleanup(move || {
        online.remove();
        offline.remove();
        if let Some(r) = retry {
            r.clear();
        }
    });
}

/// Keeps the submitted form's values on the device and sends them. A note is checked first, with
/// the same rule the server applies, so that a note with nothing in it is never queued.
pub fn submit(
    outbox: Outbox,
    ev: SubmitEvent,
    traineeship_id: TraineeshipId,
    kind: &'static str,
    fields: &[String],
    label: String,
    problem: RwSignal<Option<String>>,
) {
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return;
    };
    let Ok(data) = web_sys::FormData::new_with_form(&form) else {
        return;
    };
    // Without a key of its own the tap cannot be queued: the form posts as it does without
    // JavaScript, with the key the page was given.
    let Some(key) = new_key() else {
        return;
    };
    // From here the page's script sends it: the form does not post.
    ev.prevent_default();
    let fields: BTreeMap<String, String> = fields
        .iter()
        .filter_map(|f| {
            data.get(&format!("f[{f}]"))
                .as_string()
                .map(|v| (f.clone(), v))
        })
        .collect();
    if kind == "note" {
        if let Err(p) = Note::from_form(&fields) {
            problem.set(Some(outbox.lang.t(p.key()).to_owned()));
            return;
        }
        problem.set(None);
        form.reset();
    }
    outbox.items.update(|q| {
        q.push(Queued {
            key,
            traineeship_id,
            kind: kind.to_owned(),
            fields,
            written_at: chrono::Utc::now().timestamp(),
            label,
        })
    });
    save(outbox);
    flush(outbox);
}

/// Sends the queue in order until it is empty or the network fails.
pub fn flush(outbox: Outbox) {
    if outbox.sending.get_value() || outbox.items.with_untracked(Vec::is_empty) {
        return;
    }
    outbox.sending.set_value(true);
    leptos::task::spawn_local(async move {
        let mut delivered = false;
        while let Some(item) = outbox.items.with_untracked(|q| q.first().cloned()) {
            let sent = tutor_submit(
                item.traineeship_id,
                item.kind.clone(),
                item.key.clone(),
                item.fields.clone(),
                item.written_at,
                true,
                String::new(),
            )
            .await;
            // The page was left while this was on its way: the next page loads the device's
            // queue and sends what is still in it (a resend the server records once).
            if outbox.items.is_disposed() {
                return;
            }
            let refused = match sent {
                Ok(SubmitOutcome::Refused(why)) => Some(why),
                Ok(_) => None,
                // Not this tutor's: it will never be taken.
                Err(AppError::NotFound | AppError::Forbidden) => {
                    Some(outbox.lang.t(Key::tutor_err_refused).to_owned())
                }
                // No network, the session ended, the server unavailable: kept for later. An
                // answer that is not the server's own (a proxy's error page while it restarts, a
                // Wi-Fi sign-in page) reads as a bad request, so that too is kept.
                Err(_) => {
                    outbox.online.set(online_now());
                    break;
                }
            };
            if let Some(why) = refused {
                // A refused note stays in view with its words, to be copied or written again.
                let label = match item.fields.get("text").map(|t| t.trim()) {
                    Some(text) if !text.is_empty() => format!("{} — “{text}”", item.label),
                    _ => item.label.clone(),
                };
                outbox.refused.update(|r| r.push((label, why)));
            }
            outbox.online.set(true);
            outbox.items.update(|q| q.retain(|i| i.key != item.key));
            save(outbox);
            delivered = true;
        }
        outbox.sending.set_value(false);
        if delivered {
            outbox.delivered.update(|n| *n += 1);
        }
    });
}
