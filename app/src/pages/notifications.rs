//! `/notifications`: the feed (newest first) with mark-read and mark-all-read, and how each
//! kind of notification reaches the person. New ones appear as they arrive.

use domain::notifications::{Channel, Kind, Notification, Preference};
use leptos::prelude::*;
use leptos_meta::Title;

use super::ErrorNotice;
use crate::{
    api::notifications::{
        load_notifications, MarkAllNotificationsRead, MarkNotificationRead,
        SaveNotificationPreferences,
    },
    components::bell::use_live_notifications,
};

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let read_one = ServerAction::<MarkNotificationRead>::new();
    let read_all = ServerAction::<MarkAllNotificationsRead>::new();
    let save_preferences = ServerAction::<SaveNotificationPreferences>::new();
    let live = use_live_notifications();
    let page = Resource::new(
        move || {
            (
                read_one.version().get(),
                read_all.version().get(),
                live.arrivals.get(),
            )
        },
        |_| load_notifications(),
    );
    view! {
        <Title text="Notifications" />
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        live.unread.set(page.unread);
                        view! {
                            <section class="notifications">
                                <header class="notifications-head">
                                    <h1>"Notifications"</h1>
                                    <p data-testid="unread-summary">{match page.unread {
                                        0 => "All read.".to_owned(),
                                        1 => "1 unread".to_owned(),
                                        n => format!("{n} unread"),
                                    }}</p>
                                    {(page.unread > 0).then(|| view! {
                                        <ActionForm action=read_all>
                                            <button type="submit" class="button button-secondary" data-testid="mark-all-read">
                                                "Mark all read"
                                            </button>
                                        </ActionForm>
                                    })}
                                </header>
                                <Feed items=page.items read_one />
                                <Preferences preferences=page.preferences action=save_preferences />
                            </section>
                        }
                        .into_any()
                    }
                    Err(error) => {
                        super::set_status(error.error.code.http_status());
                        view! { <ErrorNotice error /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn Feed(items: Vec<Notification>, read_one: ServerAction<MarkNotificationRead>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="empty-state">"Nothing yet."</p> }.into_any();
    }
    view! {
        <ol class="feed" data-testid="feed">
            {items.into_iter().map(|item| {
                let id = item.id;
                view! {
                    <li class="feed-item" class:unread=!item.read data-testid="feed-item">
                        <div>
                            <strong>{item.content.title}</strong>
                            <p>{item.content.body}</p>
                            <small>
                                <time datetime=item.created_at.to_rfc3339()>
                                    {item.created_at.format("%e %b %Y, %H:%M UTC").to_string()}
                                </time>
                                {item.content.link.map(|link| view! { " · " <a href=link>"Open"</a> })}
                            </small>
                        </div>
                        {(!item.read).then(|| view! {
                            <button
                                type="button"
                                class="button button-small button-secondary"
                                on:click=move |_| { read_one.dispatch(MarkNotificationRead { id }); }
                            >
                                "Mark read"
                            </button>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn Preferences(
    preferences: Vec<Preference>,
    action: ServerAction<SaveNotificationPreferences>,
) -> impl IntoView {
    let choices = RwSignal::new(preferences);
    let saved = move || match action.value().get() {
        Some(Ok(_)) => Some(
            view! { <p class="notice notice-success" role="status">"Preferences saved."</p> }
                .into_any(),
        ),
        Some(Err(error)) => Some(view! { <ErrorNotice error /> }.into_any()),
        None => None,
    };
    view! {
        <section class="preferences">
            <h2>"How notifications reach you"</h2>
            <form on:submit=move |ev| {
                ev.prevent_default();
                action.dispatch(SaveNotificationPreferences { preferences: choices.get_untracked() });
            }>
                {move || choices.get().into_iter().enumerate().filter_map(|(i, preference)| {
                    let kind = Kind::from_code(&preference.kind)?;
                    Some(view! {
                        <label class="field">
                            <span>{kind.label()}</span>
                            <select
                                name=format!("preference-{}", kind.code())
                                on:change=move |ev| {
                                    if let Some(channel) = Channel::from_code(&event_target_value(&ev)) {
                                        choices.update(|all| all[i].channel = channel);
                                    }
                                }
                            >
                                {kind.channels().iter().map(|channel| view! {
                                    <option value=channel.code() selected=*channel == preference.channel>
                                        {channel.label()}
                                    </option>
                                }).collect_view()}
                            </select>
                        </label>
                    })
                }).collect_view()}
                <button type="submit" class="button">"Save preferences"</button>
                {saved}
            </form>
        </section>
    }
}
