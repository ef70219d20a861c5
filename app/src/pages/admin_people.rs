//! The admins' people list: accounts by name or email, each with its role (changeable) and
//! a suspension with its reason (or the button that suspends).

use domain::{account::Role, operations::UserSummary};
use leptos::prelude::*;

use super::ErrorNotice;
use crate::api::people::{find_users, ChangeRole, ReinstateUser, SuspendUser};

const ROLES: [Role; 3] = [Role::Customer, Role::Chef, Role::Admin];

#[component]
pub fn PeopleList() -> impl IntoView {
    let text = RwSignal::new(String::new());
    let role = ServerAction::<ChangeRole>::new();
    let suspend = ServerAction::<SuspendUser>::new();
    let reinstate = ServerAction::<ReinstateUser>::new();
    let people = Resource::new(
        move || {
            (
                text.get(),
                role.version().get(),
                suspend.version().get(),
                reinstate.version().get(),
            )
        },
        |(text, ..)| find_users(text),
    );
    let error = move || {
        role.value()
            .get()
            .and_then(Result::err)
            .or_else(|| suspend.value().get().and_then(Result::err))
            .or_else(|| reinstate.value().get().and_then(Result::err))
            .map(|error| view! { <ErrorNotice error /> })
    };
    view! {
        <h2>"People"</h2>
        <input type="search" placeholder="Name or email" aria-label="Find people by name or email" data-testid="people-search"
            prop:value=move || text.get() on:change=move |ev| text.set(event_target_value(&ev)) />
        {error}
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match people.await {
                    Ok(list) => view! {
                        <table class="admin-table" data-testid="people">
                            <thead><tr><th>"Name"</th><th>"Email"</th><th>"Role"</th><th>"Account"</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|person| view! { <Person person role suspend reinstate /> }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Person(
    person: UserSummary,
    role: ServerAction<ChangeRole>,
    suspend: ServerAction<SuspendUser>,
    reinstate: ServerAction<ReinstateUser>,
) -> impl IntoView {
    let user_id = person.id;
    let current = person.role;
    let reason = RwSignal::new(String::new());
    view! {
        <tr data-testid="person" data-email=person.email.clone()>
            <td>{person.display_name.clone()}</td>
            <td>{person.email.clone()}</td>
            <td>
                <select data-testid="person-role" aria-label=format!("Role of {}", person.display_name)
                    on:change=move |ev| {
                        if let Some(chosen) = Role::parse(&event_target_value(&ev)) {
                            role.dispatch(ChangeRole { user_id, role: chosen });
                        }
                    }>
                    {ROLES.into_iter().map(|r| view! {
                        <option value=r.as_str() selected=r == current>{r.as_str()}</option>
                    }).collect_view()}
                </select>
            </td>
            <td>
                {match person.suspended_at {
                    Some(at) => view! {
                        <span data-testid="person-suspended">
                            {format!("Suspended {} — {}", at.format("%-d %b %Y"), person.suspension_reason.clone().unwrap_or_default())}
                        </span>
                        " "
                        <button type="button" class="button button-small" data-testid="person-reinstate"
                            on:click=move |_| { reinstate.dispatch(ReinstateUser { user_id }); }>"Reinstate"</button>
                    }.into_any(),
                    None => view! {
                        <input type="text" placeholder="Reason" aria-label=format!("Why suspend {}", person.display_name) data-testid="person-suspend-reason"
                            prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                        <button type="button" class="button button-small button-secondary" data-testid="person-suspend"
                            on:click=move |_| { suspend.dispatch(SuspendUser { user_id, reason: reason.get_untracked() }); }>
                            "Suspend"
                        </button>
                    }.into_any(),
                }}
            </td>
        </tr>
    }
}
