//! Editing a question or an answer in place, for its author (the server also lets people
//! trusted to edit others' posts do it). A refusal names the field and keeps the words; the
//! old version stays readable in the revisions.

use leptos::prelude::*;

use crate::{
    api::knowledge::{EditAnswer, EditQuestion},
    components::form::Refusal,
};

#[component]
pub fn EditQuestionForm(
    question_id: i64,
    title: String,
    body: String,
    tags: Vec<String>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let edit = ServerAction::<EditQuestion>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = edit.value().get() {
            reload();
        }
    });
    let refusal = Refusal::new(
        Signal::derive(move || edit.value().get().and_then(Result::err)),
        &["title", "body", "tags"],
    );
    view! {
        <details class="edit-post" data-testid="edit-question">
            <summary>"Edit"</summary>
            <ActionForm action=edit attr:class="ask-form">
                <input type="hidden" name="question_id" value=question_id />
                <label for="edit-title">"Title"</label>
                <input id="edit-title" name="title" maxlength="150" value=title />
                {refusal.under("title")}
                <label for="edit-body">"Details"</label>
                <textarea id="edit-body" name="body" rows="6" maxlength="10000">{body}</textarea>
                {refusal.under("body")}
                <label for="edit-tags">"Tags"</label>
                <input id="edit-tags" name="tags" value=tags.join(", ") />
                {refusal.under("tags")}
                {refusal.elsewhere()}
                <button type="submit" class="button button-small" disabled=move || edit.pending().get()>"Save the edit"</button>
            </ActionForm>
        </details>
    }
}

#[component]
pub fn EditAnswerForm(
    answer_id: i64,
    body: String,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let edit = ServerAction::<EditAnswer>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = edit.value().get() {
            reload();
        }
    });
    let error = move || {
        edit.value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <p class="field-error" role="alert">{error.error.message}</p> })
    };
    let field = format!("edit-answer-{answer_id}");
    view! {
        <details class="edit-post" data-testid="edit-answer">
            <summary>"Edit"</summary>
            <ActionForm action=edit attr:class="ask-form">
                <input type="hidden" name="answer_id" value=answer_id />
                <label class="visually-hidden" for=field.clone()>"Your answer"</label>
                <textarea id=field name="body" rows="6" maxlength="10000">{body}</textarea>
                {error}
                <button type="submit" class="button button-small" disabled=move || edit.pending().get()>"Save the edit"</button>
            </ActionForm>
        </details>
    }
}
