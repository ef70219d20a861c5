//! `/admin`: what admins look after — disputes waiting for a ruling, reports and appeals,
//! people (roles and suspensions), jobs that gave up (with a retry) and the email outbox.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{
    admin_disputes::DisputeQueue, admin_moderation::ModerationQueue, admin_people::PeopleList,
    ErrorNotice,
};
use crate::api::notifications::{load_admin, RetryDeadJob};

#[component]
pub fn AdminPage() -> impl IntoView {
    let retry = ServerAction::<RetryDeadJob>::new();
    let page = Resource::new(move || retry.version().get(), |_| load_admin());
    view! {
        <Title text="Admin" />
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! {
                        <section class="admin">
                            <h1>"Admin"</h1>
                            <DisputeQueue />
                            <ModerationQueue />
                            <PeopleList />
                            <h2>"Jobs that gave up"</h2>
                            {if page.dead_jobs.is_empty() {
                                view! { <p data-testid="no-dead-jobs">"None: every job finished or is still trying."</p> }.into_any()
                            } else {
                                view! {
                                    <table class="admin-table" data-testid="dead-jobs">
                                        <thead><tr><th>"Job"</th><th>"Kind"</th><th>"Attempts"</th><th>"Last error"</th><th>"Failed"</th><th></th></tr></thead>
                                        <tbody>
                                            {page.dead_jobs.into_iter().map(|job| {
                                                let job_id = job.id;
                                                view! {
                                                    <tr>
                                                        <td>{job.id}</td>
                                                        <td><code>{job.kind}</code></td>
                                                        <td>{job.attempts}</td>
                                                        <td>{job.last_error.unwrap_or_default()}</td>
                                                        <td>{job.failed_at.format("%Y-%m-%d %H:%M UTC").to_string()}</td>
                                                        <td>
                                                            <button type="button" class="button button-small"
                                                                on:click=move |_| { retry.dispatch(RetryDeadJob { job_id }); }>
                                                                "Retry"
                                                            </button>
                                                        </td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                            <h2>"Email outbox"</h2>
                            <p class="hint">"Every email the site sends. Without SMTP_URL they stay here instead of being sent."</p>
                            <ol class="outbox" data-testid="outbox">
                                {page.emails.into_iter().map(|email| view! {
                                    <li>
                                        <details>
                                            <summary>
                                                <strong>{email.subject}</strong>" → "{email.to}" · "
                                                {match (email.via.as_deref(), email.sent_at) {
                                                    (Some("smtp"), _) => "sent".to_owned(),
                                                    (Some(_), _) => "kept in the outbox".to_owned(),
                                                    (None, _) => "waiting to be sent".to_owned(),
                                                }}
                                            </summary>
                                            <pre>{email.body}</pre>
                                        </details>
                                    </li>
                                }).collect_view()}
                            </ol>
                        </section>
                    }.into_any(),
                    Err(error) => {
                        super::set_status(error.error.code.http_status());
                        view! { <ErrorNotice error /> }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
