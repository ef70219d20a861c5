//! `/search/posts`, `/search/people` and `/search/questions`: the global search's Posts,
//! People and Knowledge tabs. As on the
//! chefs tab, the address holds the search (`/search/posts?q=ramen`), the first page is
//! rendered on the server, and after hydration typing updates the address and the results;
//! before hydration the box is a plain GET form.

use domain::search::{PersonSearchParams, PostSearchParams, QuestionSearchParams};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    hooks::{use_navigate, use_query_map},
    NavigateOptions,
};
use std::time::Duration;

use super::ErrorNotice;
use crate::{
    api::{
        knowledge::{search_questions, QuestionSearchOutcome},
        search::{search_people, search_posts, PersonSearchOutcome, PostSearchOutcome},
    },
    components::{chef_card::ChefAvatar, header::use_session, post_card::PostCard},
    pages::knowledge::QuestionRow,
};

/// The global search's tabs. The words typed go along to the tab chosen.
#[component]
pub fn SearchTabs(active: &'static str, #[prop(into)] q: Signal<Option<String>>) -> impl IntoView {
    let link = move |path: &'static str| {
        // Every tab's address takes the words as `q`.
        let q = q.get().filter(|q| !q.trim().is_empty());
        match q {
            Some(q) => format!(
                "{path}?{}",
                PersonSearchParams {
                    q: Some(q),
                    ..Default::default()
                }
                .to_query_string()
            ),
            None => path.to_owned(),
        }
    };
    let tab = move |name: &'static str, path: &'static str, label: &'static str| {
        view! {
            <a href=move || link(path) class="search-tab" class:active=active == name
                aria-current=(active == name).then_some("page") data-testid=format!("search-tab-{name}")>
                {label}
            </a>
        }
    };
    view! {
        <nav class="tabs search-tabs" aria-label="Search for">
            {tab("chefs", "/search", "Chefs")}
            {tab("posts", "/search/posts", "Posts")}
            {tab("people", "/search/people", "People")}
            {tab("knowledge", "/search/questions", "Knowledge")}
        </nav>
    }
}

/// The search box of the Posts and People tabs: Enter searches at once, typing after a pause.
#[component]
fn SearchBox(
    action: &'static str,
    label: &'static str,
    placeholder: &'static str,
    initial: String,
    on_search: impl Fn(String) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let typed_search = on_search.clone();
    let mut typed = debounce(Duration::from_millis(300), move |text: String| {
        typed_search(text)
    });
    view! {
        <form class="search-filters search-box" action=action method="get"
            on:submit=move |event| {
                event.prevent_default();
                if let Some(input) = input.get() {
                    on_search(input.value());
                }
            }>
            <label class="filter filter-text">
                <span>{label}</span>
                <input type="search" name="q" value=initial placeholder=placeholder node_ref=input
                    data-testid="search-q" on:input=move |event| typed(event_target_value(&event)) />
            </label>
            <button type="submit" class="button search-submit">"Search"</button>
        </form>
    }
}

/// Goes to `path` with `query`, keeping the scroll position.
fn navigate_to(path: &'static str) -> impl Fn(String) + Clone + Send + Sync + 'static {
    let navigate = use_navigate();
    move |query: String| {
        let href = if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        };
        navigate(
            &href,
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        )
    }
}

/// What is wrong with a search, shown beside its form rather than as an error page.
#[component]
pub fn SearchProblems(problems: Vec<domain::FieldError>) -> impl IntoView {
    view! {
        <ul class="form-errors" data-testid="search-errors">
            {problems.into_iter().map(|problem| view! { <li>{problem.message}</li> }).collect_view()}
        </ul>
    }
}

fn pager(previous: Option<String>, next: Option<String>) -> impl IntoView {
    view! {
        <nav class="pager" aria-label="Pages">
            {previous.map(|p| view! { <a rel="prev" href=p>"← Previous"</a> })}
            {next.map(|p| view! { <a rel="next" href=p>"Next →"</a> })}
        </nav>
    }
}

#[component]
pub fn PostSearchPage() -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let query = query.read();
        PostSearchParams {
            q: query.get("q"),
            tag: query.get("tag"),
            page: query.get("page"),
            per_page: query.get("per_page"),
        }
    });
    let results = Resource::new(move || params.get(), search_posts);
    let session = use_session();
    let go = navigate_to("/search/posts");
    let on_search = move |text: String| {
        let next = PostSearchParams {
            q: Some(text).filter(|text| !text.trim().is_empty()),
            tag: params.get_untracked().tag,
            ..Default::default()
        };
        go(next.to_query_string())
    };
    let q = Signal::derive(move || params.read().q.clone());
    view! {
        <Title text="Search posts" />
        <SearchTabs active="posts" q />
        <h1>"Posts"</h1>
        <SearchBox action="/search/posts" label="Words, dishes or #tags" placeholder="Try “ramen” or “sourdough”"
            initial=params.get_untracked().q.unwrap_or_default() on_search />
        <Transition fallback=|| view! { <p class="loading">"Searching…"</p> }>
            {move || Suspend::new(async move {
                let reader = session.user.await.ok().flatten();
                match results.await {
                    Ok(PostSearchOutcome::Found(page)) => {
                        let searched = params.get_untracked();
                        let link = |number: u64| {
                            let mut next = searched.clone();
                            next.page = Some(number.to_string());
                            format!("/search/posts?{}", next.to_query_string())
                        };
                        let previous = page.has_previous().then(|| link(page.page - 1));
                        let next = page.has_next().then(|| link(page.page + 1));
                        let tag = searched.tag.clone().map(|tag| format!(" tagged #{}", tag.trim_start_matches('#')));
                        view! {
                            <p class="result-count" data-testid="search-count">
                                {format!("{} {}{}", page.total, if page.total == 1 { "post" } else { "posts" }, tag.unwrap_or_default())}
                            </p>
                            {(page.items.is_empty()).then(|| view! {
                                <p class="empty-state">"No posts match. Try other words, or a tag like #baking."</p>
                            })}
                            <div class="post-stream search-posts" data-testid="post-results">
                                {page.items.into_iter().map(|post| view! {
                                    <PostCard post why=None signed_in=reader.is_some() reader_id=reader.as_ref().map(|r| r.id) />
                                }).collect_view()}
                            </div>
                            {pager(previous, next)}
                        }.into_any()
                    }
                    Ok(PostSearchOutcome::Invalid(problems)) => view! { <SearchProblems problems /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

#[component]
pub fn PeopleSearchPage() -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let query = query.read();
        PersonSearchParams {
            q: query.get("q"),
            page: query.get("page"),
            per_page: query.get("per_page"),
        }
    });
    let results = Resource::new(move || params.get(), search_people);
    let go = navigate_to("/search/people");
    let on_search = move |text: String| {
        let next = PersonSearchParams {
            q: Some(text).filter(|text| !text.trim().is_empty()),
            ..Default::default()
        };
        go(next.to_query_string())
    };
    let q = Signal::derive(move || params.read().q.clone());
    view! {
        <Title text="Search people" />
        <SearchTabs active="people" q />
        <h1>"People"</h1>
        <SearchBox action="/search/people" label="Name or @handle" placeholder="Try “Ana” or “@chef_rui”"
            initial=params.get_untracked().q.unwrap_or_default() on_search />
        <Transition fallback=|| view! { <p class="loading">"Searching…"</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(PersonSearchOutcome::Found(page)) => {
                        let searched = params.get_untracked();
                        let link = |number: u64| {
                            let mut next = searched.clone();
                            next.page = Some(number.to_string());
                            format!("/search/people?{}", next.to_query_string())
                        };
                        let previous = page.has_previous().then(|| link(page.page - 1));
                        let next = page.has_next().then(|| link(page.page + 1));
                        view! {
                            <p class="result-count" data-testid="search-count">
                                {format!("{} {}", page.total, if page.total == 1 { "person" } else { "people" })}
                            </p>
                            {(page.items.is_empty()).then(|| view! {
                                <p class="empty-state">"Nobody by that name or handle."</p>
                            })}
                            <ul class="people-results" data-testid="people-results">
                                {page.items.into_iter().map(|person| view! {
                                    <li class="person-hit" data-testid="person-hit">
                                        <ChefAvatar name=person.display_name.clone() photo_url=person.photo_url.clone() />
                                        <div>
                                            <a class="person-hit-name" href=format!("/u/{}", person.handle)>{person.display_name}</a>
                                            {person.is_chef.then(|| view! { <span class="badge chef-badge">"Chef"</span> })}
                                            <p class="byline-meta">{format!("@{}", person.handle)}</p>
                                        </div>
                                    </li>
                                }).collect_view()}
                            </ul>
                            {pager(previous, next)}
                        }.into_any()
                    }
                    Ok(PersonSearchOutcome::Invalid(problems)) => view! { <SearchProblems problems /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}

/// Questions and their answers by words and tag; the most voted first without words.
#[component]
pub fn QuestionSearchPage() -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let query = query.read();
        QuestionSearchParams {
            q: query.get("q"),
            tag: query.get("tag"),
            page: query.get("page"),
            per_page: query.get("per_page"),
        }
    });
    let results = Resource::new(move || params.get(), search_questions);
    let go = navigate_to("/search/questions");
    let on_search = move |text: String| {
        let next = QuestionSearchParams {
            q: Some(text).filter(|text| !text.trim().is_empty()),
            tag: params.get_untracked().tag,
            ..Default::default()
        };
        go(next.to_query_string())
    };
    let q = Signal::derive(move || params.read().q.clone());
    view! {
        <Title text="Search questions" />
        <SearchTabs active="knowledge" q />
        <h1>"Knowledge"</h1>
        <SearchBox action="/search/questions" label="Words in questions and answers" placeholder="Try “starter” or “risotto”"
            initial=params.get_untracked().q.unwrap_or_default() on_search />
        <Transition fallback=|| view! { <p class="loading">"Searching…"</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(QuestionSearchOutcome::Found(page)) => {
                        let searched = params.get_untracked();
                        let link = |number: u64| {
                            let mut next = searched.clone();
                            next.page = Some(number.to_string());
                            format!("/search/questions?{}", next.to_query_string())
                        };
                        let previous = page.has_previous().then(|| link(page.page - 1));
                        let next = page.has_next().then(|| link(page.page + 1));
                        view! {
                            <p class="result-count" data-testid="search-count">
                                {format!("{} {}", page.total, if page.total == 1 { "question" } else { "questions" })}
                            </p>
                            {(page.items.is_empty()).then(|| view! {
                                <p class="empty-state">"No questions match. "<a href="/knowledge/ask">"Ask it"</a></p>
                            })}
                            <ol class="question-list" data-testid="question-results">
                                {page.items.into_iter().map(|question| view! { <QuestionRow question /> }).collect_view()}
                            </ol>
                            {pager(previous, next)}
                        }.into_any()
                    }
                    Ok(QuestionSearchOutcome::Invalid(problems)) => view! { <SearchProblems problems /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
    .into_any()
}
