//! Choosing photos to send with a post or a question, each with a description of what it
//! shows. The files stay in the browser until the form is sent (as multipart, by the form's
//! own code); choosing too many says so at once.

use leptos::{html::Input, prelude::*};

#[derive(Clone, Copy)]
pub struct PhotoPicker {
    files: NodeRef<Input>,
    names: RwSignal<Vec<String>>,
    alts: RwSignal<Vec<String>>,
    problem: RwSignal<Option<String>>,
    max: usize,
    /// Prefix of the test ids: `{test_id}-photos` and `{test_id}-alt`.
    test_id: &'static str,
}

impl PhotoPicker {
    pub fn new(max: usize, test_id: &'static str) -> Self {
        Self {
            files: NodeRef::new(),
            names: RwSignal::new(Vec::new()),
            alts: RwSignal::new(Vec::new()),
            problem: RwSignal::new(None),
            max,
            test_id,
        }
    }

    pub fn view(self, label: &'static str) -> impl IntoView {
        let chosen = move |_| {
            #[cfg(feature = "hydrate")]
            let names: Vec<String> = self
                .files
                .get_untracked()
                .and_then(|input| input.files())
                .map(|list| {
                    (0..list.length())
                        .filter_map(|i| list.get(i))
                        .map(|file| file.name())
                        .collect()
                })
                .unwrap_or_default();
            #[cfg(not(feature = "hydrate"))]
            let names: Vec<String> = Vec::new();
            let max = self.max;
            self.problem
                .set((names.len() > max).then(|| format!("Choose at most {max} photos.")));
            self.alts.set(vec![String::new(); names.len()]);
            self.names.set(names);
        };
        let alts = self.alts;
        view! {
            <div class="photo-picker">
                <label class="file-label">
                    {label}
                    <input type="file" accept="image/jpeg,image/png,image/webp" multiple node_ref=self.files
                        data-testid=format!("{}-photos", self.test_id) on:change=chosen />
                </label>
                <For each=move || self.names.get().into_iter().enumerate() key=|(i, name)| (*i, name.clone()) let:photo>
                    <label class="alt-field">
                        {format!("What does {} show?", photo.1)}
                        <input type="text" maxlength="300" data-testid=format!("{}-alt", self.test_id)
                            placeholder="e.g. A bowl of ramen with a soft egg"
                            on:input=move |ev| {
                                let value = event_target_value(&ev);
                                alts.update(|alts| if let Some(alt) = alts.get_mut(photo.0) { *alt = value; });
                            } />
                    </label>
                </For>
                {move || self.problem.get().map(|message| view! {
                    <p class="field-error" role="alert">{message}</p>
                })}
            </div>
        }
    }

    /// Forgets the choice, after the form was sent.
    #[cfg(feature = "hydrate")]
    pub fn clear(self) {
        self.names.set(Vec::new());
        self.alts.set(Vec::new());
        self.problem.set(None);
        if let Some(input) = self.files.get_untracked() {
            input.set_value("");
        }
    }

    /// The photos chosen, with their descriptions; none when nothing is chosen.
    #[cfg(feature = "hydrate")]
    pub fn chosen(self) -> Option<ChosenPhotos> {
        let files = self.files.get_untracked()?.files()?;
        (files.length() > 0).then(|| ChosenPhotos {
            files,
            alts: self.alts.get_untracked(),
        })
    }
}

#[cfg(feature = "hydrate")]
pub struct ChosenPhotos {
    files: web_sys::FileList,
    alts: Vec<String>,
}

#[cfg(feature = "hydrate")]
impl ChosenPhotos {
    /// Adds each photo as `photo`, followed by its `alt`; a file over the size limit is
    /// refused here rather than after uploading it.
    pub fn append_to(&self, form: &web_sys::FormData) -> Result<(), String> {
        for i in 0..self.files.length() {
            let Some(file) = self.files.get(i) else {
                continue;
            };
            domain::photos::check_upload_size(file.size() as usize)
                .map_err(|too_big| format!("{}: {}", file.name(), too_big.message))?;
            form.append_with_blob_and_filename("photo", &file, &file.name())
                .map_err(|_| "A photo could not be read.".to_owned())?;
            let alt = self.alts.get(i as usize).cloned().unwrap_or_default();
            form.append_with_str("alt", &alt)
                .map_err(|_| "A description could not be read.".to_owned())?;
        }
        Ok(())
    }
}
