//! The knowledge section: food questions answered by chefs and cooks. `/knowledge` lists
//! questions (newest, top over a period, unanswered; a person's, or those asked of a chef,
//! through the address), `/knowledge/t/{tag}` one tag's; the question page, the ask form,
//! revisions and the reputation rules live in the modules below.

pub mod ask;
mod closing;
mod editing;
pub mod question;
pub mod reputation;
pub mod revisions;

use domain::knowledge::{
    lists::{QuestionList, QuestionOrder, TopPeriod},
    questions::CURATED_TAGS,
    views::QuestionSummary,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::ErrorNotice;
use crate::{
    api::knowledge::{load_person, load_questions, QuestionListing},
    components::post_card::posted_at,
};

/// The address of a list: `/knowledge?order=top&period=week`, or a tag's page.
fn list_href(listing: &QuestionListing) -> String {
    let mut query = Vec::new();
    if listing.order != QuestionOrder::default() {
        query.push(format!("order={}", listing.order.code()));
    }
    if listing.order == QuestionOrder::Top && listing.period != TopPeriod::default() {
        query.push(format!("period={}", listing.period.code()));
    }
    for (name, value) in [
        ("asked_by", listing.asked_by),
        ("answered_by", listing.answered_by),
        ("asked_of", listing.asked_of),
    ] {
        if let Some(id) = value {
            query.push(format!("{name}={id}"));
        }
    }
    let path = match &listing.tag {
        Some(tag) => format!("/knowledge/t/{tag}"),
        None => "/knowledge".to_owned(),
    };
    if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// What the address asks for; unknown words fall back to the defaults.
fn listing_from_address(tag: Option<String>) -> Memo<QuestionListing> {
    let query = use_query_map();
    Memo::new(move |_| {
        let query = query.read();
        let id = |name: &str| query.get(name).and_then(|value| value.parse().ok());
        QuestionListing {
            order: query
                .get("order")
                .and_then(|code| QuestionOrder::parse(&code))
                .unwrap_or_default(),
            period: query
                .get("period")
                .and_then(|code| TopPeriod::parse(&code))
                .unwrap_or_default(),
            tag: tag.clone(),
            asked_by: id("asked_by"),
            answered_by: id("answered_by"),
            asked_of: id("asked_of"),
        }
    })
}

#[component]
pub fn KnowledgePage() -> impl IntoView {
    let listing = listing_from_address(None);
    view! {
        <Title text="Food questions, answered by chefs" />
        <section class="knowledge-page">
            <header class="knowledge-header">
                <div>
                    <h1>"Questions & answers"</h1>
                    <p class="lede">"Ask anything about food, cooking or hosting. Verified chefs answer with their marketplace record beside their words."</p>
                </div>
                <a href="/knowledge/ask" class="button" data-testid="ask-question">"Ask a question"</a>
            </header>
            <QuestionBrowser listing />
            <nav class="tag-cloud" aria-label="Popular tags">
                <h2>"Tags"</h2>
                <ul>
                    {CURATED_TAGS.iter().map(|tag| view! {
                        <li><a class="tag-link" href=format!("/knowledge/t/{tag}")>{format!("#{tag}")}</a></li>
                    }).collect_view()}
                </ul>
            </nav>
            <p class="small-print"><a href="/knowledge/reputation">"How reputation works"</a></p>
        </section>
    }
}

/// `/knowledge/t/{tag}`.
#[component]
pub fn KnowledgeTagPage() -> impl IntoView {
    let params = use_params_map();
    let tag = params.read_untracked().get("tag").unwrap_or_default();
    let tag = tag.trim_start_matches('#').to_lowercase();
    let listing = listing_from_address(Some(tag.clone()));
    view! {
        <Title text=format!("#{tag} questions") />
        <section class="knowledge-page">
            <header class="knowledge-header">
                <div>
                    <p class="breadcrumb"><a href="/knowledge">"Questions & answers"</a></p>
                    <h1 data-testid="knowledge-tag">{format!("#{tag}")}</h1>
                </div>
                <a href="/knowledge/ask" class="button">"Ask a question"</a>
            </header>
            <QuestionBrowser listing />
        </section>
    }
}

/// The order tabs, the period chips of Top, and the list itself.
#[component]
fn QuestionBrowser(listing: Memo<QuestionListing>) -> impl IntoView {
    let first = Resource::new(
        move || listing.get(),
        |listing| load_questions(listing, None),
    );
    let tab = move |order: QuestionOrder| {
        let href = move || {
            list_href(&QuestionListing {
                order,
                ..listing.get()
            })
        };
        let active = move || listing.read().order == order;
        view! {
            <a href=href class="search-tab" class:active=active
                aria-current=move || active().then_some("page") data-testid=format!("order-{}", order.code())>
                {order.label()}
            </a>
        }
    };
    let period = move |period: TopPeriod| {
        let href = move || {
            list_href(&QuestionListing {
                period,
                ..listing.get()
            })
        };
        let active = move || listing.read().period == period;
        view! {
            <a href=href class="chip" class:selected=active aria-current=move || active().then_some("page")>
                {period.label()}
            </a>
        }
    };
    // Whose questions, when the address names a person: their name, and a way back to all.
    let scope = move || {
        let listing = listing.get();
        [
            listing.asked_by.map(|id| (id, "Asked by")),
            listing.answered_by.map(|id| (id, "Answered by")),
            listing.asked_of.map(|id| (id, "Asked of")),
        ]
        .into_iter()
        .flatten()
        .next()
    };
    let person = Resource::new(scope, |scope| async move {
        match scope {
            Some((id, _)) => load_person(id).await.ok(),
            None => None,
        }
    });
    let whose = move || {
        Suspend::new(async move {
            let person = person.await?;
            let (_, said) = scope()?;
            let all = list_href(&QuestionListing {
                asked_by: None,
                answered_by: None,
                asked_of: None,
                ..listing.get_untracked()
            });
            Some(view! {
                <p class="notice notice-info" data-testid="list-scope">
                    {format!("{said} ")}<a href=format!("/u/{}", person.handle)>{person.display_name}</a>
                    " · "<a href=all>"All questions"</a>
                </p>
            })
        })
    };
    view! {
        <nav class="tabs search-tabs" aria-label="Order">
            {QuestionOrder::ALL.iter().map(|order| tab(*order)).collect_view()}
        </nav>
        {move || (listing.read().order == QuestionOrder::Top).then(|| view! {
            <nav class="chips" aria-label="Period">
                {TopPeriod::ALL.iter().map(|p| period(*p)).collect_view()}
            </nav>
        })}
        <Suspense fallback=|| ()>{whose}</Suspense>
        <Transition fallback=|| view! { <p class="loading">"Loading questions…"</p> }>
            {move || Suspend::new(async move {
                match first.await {
                    Ok(page) => view! { <QuestionStream listing=listing.get_untracked() first=page /> }.into_any(),
                    Err(error) => {
                        super::set_status(error.error.code.http_status());
                        view! { <ErrorNotice error /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// A page of questions and a "Show more" that fetches the next by cursor.
#[component]
fn QuestionStream(listing: QuestionListing, first: QuestionList) -> impl IntoView {
    let items = RwSignal::new(first.items);
    let cursor = RwSignal::new(first.next_cursor);
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let listing = StoredValue::new(listing);
    let load_more = move |_| {
        let Some(next) = cursor.get_untracked() else {
            return;
        };
        loading.set(true);
        leptos::task::spawn_local(async move {
            match load_questions(listing.get_value(), Some(next)).await {
                Ok(page) => {
                    items.update(|shown| shown.extend(page.items));
                    cursor.set(page.next_cursor);
                    failed.set(None);
                }
                Err(error) => failed.set(Some(error.error.message)),
            }
            loading.set(false);
        });
    };
    view! {
        <ol class="question-list" data-testid="question-list">
            <For each=move || items.get() key=|question| question.id let:question>
                <QuestionRow question />
            </For>
        </ol>
        {move || items.with(Vec::is_empty).then(|| view! {
            <p class="empty-state">"No questions here yet. "<a href="/knowledge/ask">"Ask the first one"</a></p>
        })}
        {move || failed.get().map(|message| view! { <p class="notice notice-error" role="alert">{message}</p> })}
        {move || cursor.get().is_some().then(|| view! {
            <button type="button" class="button button-secondary load-more" data-testid="more-questions"
                disabled=move || loading.get() on:click=load_more>
                {move || if loading.get() { "Loading…" } else { "Show more" }}
            </button>
        })}
    }
}

/// One question in a list: its votes and answers beside the title, tags and who asked.
#[component]
pub fn QuestionRow(question: QuestionSummary) -> impl IntoView {
    let answers_class = if question.has_accepted_answer {
        "question-stat answered accepted"
    } else if question.answer_count > 0 {
        "question-stat answered"
    } else {
        "question-stat"
    };
    let plural = |n: u32, one: &'static str, many: &'static str| if n == 1 { one } else { many };
    let votes = question.score;
    view! {
        <li class="question-row" data-testid="question-row">
            <div class="question-stats">
                <span class="question-stat">
                    <strong>{votes}</strong>
                    {if votes.abs() == 1 { " vote" } else { " votes" }}
                </span>
                <span class=answers_class title=question.has_accepted_answer.then_some("An answer was accepted")>
                    <strong>{question.answer_count}</strong>
                    {format!(" {}", plural(question.answer_count, "answer", "answers"))}
                </span>
            </div>
            <div class="question-main">
                <a class="question-title" href=format!("/knowledge/q/{}", question.id) data-testid="question-title">
                    {question.title}
                </a>
                {question.closed.then(|| view! { <span class="badge">"Closed"</span> })}
                <ul class="question-tags">
                    {question.tags.into_iter().map(|tag| view! {
                        <li><a class="tag-link" href=format!("/knowledge/t/{tag}")>{format!("#{tag}")}</a></li>
                    }).collect_view()}
                </ul>
                <p class="byline-meta">
                    "Asked by "<a href=format!("/u/{}", question.asked_by.handle)>{question.asked_by.display_name}</a>
                    {question.asked_of.map(|chef| view! {
                        " of "<a href=format!("/u/{}", chef.handle)>{chef.display_name}</a>
                    })}
                    " · "<time datetime=question.created_at.to_rfc3339()>{posted_at(question.created_at)}</time>
                </p>
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_address_names_only_what_differs_from_the_defaults() {
        assert_eq!(list_href(&QuestionListing::default()), "/knowledge");
        let top_week = QuestionListing {
            order: QuestionOrder::Top,
            period: TopPeriod::Week,
            tag: Some("bread".into()),
            ..Default::default()
        };
        assert_eq!(
            list_href(&top_week),
            "/knowledge/t/bread?order=top&period=week"
        );
        let mine = QuestionListing {
            period: TopPeriod::Week,
            asked_by: Some(7),
            ..Default::default()
        };
        assert_eq!(list_href(&mine), "/knowledge?asked_by=7");
    }
}
