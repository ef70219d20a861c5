//! What people type on a page that reloads itself. A booking page reloads whenever the other
//! side acts (the live stream), and a reload builds its forms anew: without this, a dispute
//! half written or a card number half typed would vanish under the person's fingers.
//! A page makes one [`Drafts`] outside the part that reloads; each form field takes its
//! signal from it, and a rebuilt field starts from what was typed before.

use leptos::prelude::*;
use std::collections::HashMap;

#[derive(Clone, Copy)]
pub struct Drafts {
    typed: StoredValue<HashMap<String, String>>,
    /// Files chosen for upload: a rebuilt file input is empty, the choice is not lost.
    #[cfg(feature = "hydrate")]
    files: StoredValue<HashMap<String, web_sys::File>, LocalStorage>,
}

impl Drafts {
    fn new() -> Self {
        Drafts {
            typed: StoredValue::new(HashMap::new()),
            #[cfg(feature = "hydrate")]
            files: StoredValue::new_local(HashMap::new()),
        }
    }

    /// Made by the page, outside its reloading part, and shared with the forms inside.
    pub fn provide() -> Self {
        let drafts = Drafts::new();
        provide_context(drafts);
        drafts
    }

    /// The page's drafts, or a set of its own for a form used where nothing reloads.
    pub fn of_page() -> Self {
        use_context::<Drafts>().unwrap_or_else(Drafts::new)
    }

    /// Keeps the file chosen under `key` until it is sent (see [`Drafts::chosen_file`]).
    #[cfg(feature = "hydrate")]
    pub fn choose_file(self, key: &str, file: Option<web_sys::File>) {
        self.files.update_value(|files| match file {
            Some(file) => {
                files.insert(key.to_owned(), file);
            }
            None => {
                files.remove(key);
            }
        });
    }

    #[cfg(feature = "hydrate")]
    pub fn chosen_file(self, key: &str) -> Option<web_sys::File> {
        self.files.with_value(|files| files.get(key).cloned())
    }

    /// A field's value: what was typed under `key` before a reload, else `initial`. Every
    /// change is kept for the next rebuild.
    pub fn field(self, key: impl Into<String>, initial: impl Into<String>) -> RwSignal<String> {
        let key = key.into();
        let start = self
            .typed
            .with_value(|kept| kept.get(&key).cloned())
            .unwrap_or_else(|| initial.into());
        let value = RwSignal::new(start);
        Effect::new(move |_| {
            let typed = value.get();
            self.typed.update_value(|kept| {
                kept.insert(key.clone(), typed);
            });
        });
        value
    }

    /// A yes/no state (a section left open, say), kept the same way.
    pub fn flag(self, key: impl Into<String>) -> RwSignal<bool> {
        let key = key.into();
        let start = self
            .typed
            .with_value(|kept| kept.get(&key).is_some_and(|v| v == "yes"));
        let value = RwSignal::new(start);
        Effect::new(move |_| {
            let on = if value.get() { "yes" } else { "no" };
            self.typed.update_value(|kept| {
                kept.insert(key.clone(), on.to_owned());
            });
        });
        value
    }
}
