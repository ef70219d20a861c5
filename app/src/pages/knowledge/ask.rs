//! `/knowledge/ask`: asking a question. While the title is typed, questions like it appear
//! (a pause in typing asks the search engine), so an answer that exists is found before a
//! duplicate is asked. `?chef={id}` (the "Ask this chef" button) asks that chef, who is told
//! at once. A refusal marks the fields and keeps every word typed.

#[cfg(feature = "hydrate")]
use domain::knowledge::questions::{typed_tags, QuestionText};
use domain::knowledge::{
    questions::{CURATED_TAGS, MAX_PHOTOS_PER_QUESTION, MAX_TAGS},
    views::QuestionSummary,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::time::Duration;

use super::super::ErrorNotice;
use crate::{
    api::knowledge::{load_person, similar_questions, AskQuestion},
    components::{
        form::{with_next, Refusal},
        header::use_session,
        photo_picker::PhotoPicker,
    },
    error::ServerError,
};

#[component]
pub fn AskPage() -> impl IntoView {
    let query = use_query_map();
    let chef_id = query
        .read_untracked()
        .get("chef")
        .and_then(|id| id.parse::<i64>().ok());
    let chef = Resource::new(
        move || chef_id,
        |chef_id| async move {
            match chef_id {
                Some(id) => match load_person(id).await {
                    Ok(person) if person.is_chef => Ok(Some(person)),
                    Ok(_) => Err(ServerError::from(domain::AppError::not_found("Chef"))),
                    Err(error) => Err(error),
                },
                None => Ok(None),
            }
        },
    );
    let session = use_session();
    view! {
        <Title text="Ask a question" />
        <section class="ask-page">
            <p class="breadcrumb"><a href="/knowledge">"Questions & answers"</a></p>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let reader = session.user.await.ok().flatten();
                    let chef = chef.await;
                    match (reader, chef) {
                        (None, _) => {
                            let back = match chef_id {
                                Some(id) => format!("/knowledge/ask?chef={id}"),
                                None => "/knowledge/ask".to_owned(),
                            };
                            view! {
                                <h1>"Ask a question"</h1>
                                <p class="card login-prompt">
                                    <a href=with_next("/login", &back)>"Log in"</a>" or "
                                    <a href=with_next("/signup", &back)>"sign up"</a>" to ask."
                                </p>
                            }.into_any()
                        }
                        (Some(_), Err(error)) => view! { <h1>"Ask a chef"</h1><ErrorNotice error /> }.into_any(),
                        (Some(_), Ok(chef)) => view! { <AskForm chef /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AskForm(chef: Option<domain::social::posts::PersonRef>) -> impl IntoView {
    let ask = ServerAction::<AskQuestion>::new();
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let tags = RwSignal::new(String::new());
    let similar = RwSignal::new(Vec::<QuestionSummary>::new());
    let photos = PhotoPicker::new(MAX_PHOTOS_PER_QUESTION, "question");
    // A question sent with photos goes to the JSON API as multipart; its refusal lands here.
    let sending_photos = RwSignal::new(false);
    let photo_refusal = RwSignal::new(None::<ServerError>);
    let asked_of = chef.as_ref().map(|chef| chef.id);
    let navigate = use_navigate();
    let open_question = move |id: i64| navigate(&format!("/knowledge/q/{id}"), Default::default());
    Effect::new({
        let open_question = open_question.clone();
        move |_| {
            if let Some(Ok(id)) = ask.value().get() {
                open_question(id);
            }
        }
    });
    let mut look_up = debounce(Duration::from_millis(300), move |typed: String| {
        leptos::task::spawn_local(async move {
            // A failed lookup only means no suggestions; asking still works.
            let found = similar_questions(typed).await.unwrap_or_default();
            similar.set(found);
        });
    });
    let refusal = Refusal::new(
        Signal::derive(move || {
            photo_refusal
                .get()
                .or_else(|| ask.value().get().and_then(Result::err))
        }),
        &["title", "body", "tags", "asked_of", "photos"],
    );
    let add_tag = move |tag: &'static str| {
        tags.update(|typed| {
            let have = domain::knowledge::questions::typed_tags(typed);
            if !have.iter().any(|t| t == tag) && have.len() < MAX_TAGS {
                if !typed.trim().is_empty() {
                    typed.push_str(", ");
                }
                typed.push_str(tag);
            }
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if ask.pending().get_untracked() || sending_photos.get_untracked() {
            return;
        }
        photo_refusal.set(None);
        let question = AskQuestion {
            title: title.get_untracked(),
            body: body.get_untracked(),
            tags: tags.get_untracked(),
            asked_of,
        };
        #[cfg(feature = "hydrate")]
        if let Some(chosen) = photos.chosen() {
            // Every problem with the words shows at once, by the rules the server applies,
            // before any photo is sent.
            let typed = typed_tags(&question.tags);
            if let Err(problems) = QuestionText::parse(&question.title, &question.body, &typed) {
                photo_refusal.set(Some(ServerError::from(problems)));
                return;
            }
            sending_photos.set(true);
            let open_question = open_question.clone();
            leptos::task::spawn_local(async move {
                let sent = ask_with_photos(question, chosen).await;
                sending_photos.set(false);
                match sent {
                    Ok(id) => open_question(id),
                    Err(refused) => photo_refusal.set(Some(ServerError::from(refused))),
                }
            });
            return;
        }
        ask.dispatch(question);
    };
    let heading = match &chef {
        Some(chef) => format!("Ask {}", chef.display_name),
        None => "Ask a question".to_owned(),
    };
    let busy = move || ask.pending().get() || sending_photos.get();
    view! {
        <h1 data-testid="ask-heading">{heading}</h1>
        {chef.as_ref().map(|chef| view! {
            <p class="lede">{format!("{} is told at once and sees it among the questions asked of them. Anyone else may answer too.", chef.display_name)}</p>
        })}
        // Before the page is live the form posts to the same server function.
        <form method="post" action=AskQuestion::PATH class="ask-form card" on:submit=submit>
            {asked_of.map(|id| view! { <input type="hidden" name="asked_of" value=id /> })}
            <label for="question-title">"Title"</label>
            <p class="hint">"The question in one sentence, as you would ask a chef in person."</p>
            <input id="question-title" name="title" maxlength="150" autocomplete="off" data-testid="question-title-input"
                placeholder="How do I keep a sourdough starter alive while travelling?"
                prop:value=move || title.get()
                on:input=move |ev| {
                    let typed = event_target_value(&ev);
                    title.set(typed.clone());
                    look_up(typed);
                } />
            {refusal.under("title")}
            {move || (!similar.read().is_empty()).then(|| view! {
                <aside class="similar-questions" data-testid="similar-questions" aria-live="polite">
                    <h2>"Already asked? These look similar"</h2>
                    <ul>
                        {similar.get().into_iter().map(|question| view! {
                            <li>
                                <a href=format!("/knowledge/q/{}", question.id) data-testid="similar-question" target="_blank">{question.title}</a>
                                <span class="byline-meta">{format!(" · {} {}", question.answer_count, if question.answer_count == 1 { "answer" } else { "answers" })}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                </aside>
            })}
            <label for="question-body">"Details"</label>
            <p class="hint">"What you tried, what happened, for how many people. Markdown works."</p>
            <textarea id="question-body" name="body" rows="8" maxlength="10000" data-testid="question-body-input"
                prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            {refusal.under("body")}
            {photos.view("Photos (optional, up to four)")}
            {refusal.under("photos")}
            <label for="question-tags">{format!("Tags (1 to {MAX_TAGS}, separated by commas)")}</label>
            <input id="question-tags" name="tags" autocomplete="off" data-testid="question-tags-input"
                placeholder="bread, fermentation"
                prop:value=move || tags.get() on:input=move |ev| tags.set(event_target_value(&ev)) />
            {refusal.under("tags")}
            <div class="chips tag-suggestions" aria-label="Common tags">
                {CURATED_TAGS.iter().map(|tag| view! {
                    <button type="button" class="chip" on:click=move |_| add_tag(tag)>{format!("#{tag}")}</button>
                }).collect_view()}
            </div>
            {refusal.under("asked_of")}
            {refusal.elsewhere()}
            <button type="submit" class="button" data-testid="submit-question" disabled=busy>
                {move || if busy() { "Asking…" } else { "Ask" }}
            </button>
        </form>
    }
}

/// Sends a question with its photos to the JSON API as multipart; the new question's id.
#[cfg(feature = "hydrate")]
async fn ask_with_photos(
    question: AskQuestion,
    photos: crate::components::photo_picker::ChosenPhotos,
) -> Result<i64, domain::AppError> {
    use domain::{AppError, ErrorCode};
    let unreadable = |what: &str| AppError::new(ErrorCode::Validation, what);
    let form =
        web_sys::FormData::new().map_err(|_| unreadable("This browser cannot send files."))?;
    let mut fields = vec![
        ("title", question.title),
        ("body", question.body),
        ("tags", question.tags),
    ];
    if let Some(chef) = question.asked_of {
        fields.push(("asked_of", chef.to_string()));
    }
    for (name, value) in fields {
        form.append_with_str(name, &value)
            .map_err(|_| unreadable("The question could not be read."))?;
    }
    photos
        .append_to(&form)
        .map_err(|message| unreadable(&message).with_field("photos"))?;
    #[derive(serde::Deserialize)]
    struct Asked {
        id: i64,
    }
    let asked: Asked = crate::components::upload::submit_form(
        "/api/v1/questions",
        form,
        "The question could not be sent.",
        "The question was not asked",
    )
    .await?;
    Ok(asked.id)
}
