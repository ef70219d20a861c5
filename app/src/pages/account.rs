use leptos::prelude::*;
use leptos_meta::Title;

use super::ErrorNotice;
use crate::components::header::use_session;

#[component]
pub fn AccountPage() -> impl IntoView {
    let session = use_session();
    view! {
        <Title text="Your account" />
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match session.user.await {
                    Ok(Some(user)) => view! {
                        <section class="account">
                            <h1 data-testid="account-name">{format!("Hello, {}", user.display_name)}</h1>
                            <dl>
                                <dt>"Email"</dt><dd data-testid="account-email">{user.email}</dd>
                                <dt>"Account type"</dt><dd data-testid="account-role">{user.role.as_str()}</dd>
                            </dl>
                            {(user.role == domain::account::Role::Customer).then(|| view! {
                                <section class="become-chef">
                                    <h2>"Cook for others?"</h2>
                                    <p>"Turn your account into a chef account, then fill in your profile and dishes."</p>
                                    <ActionForm action=session.become_chef>
                                        <button type="submit" class="button">"Become a chef"</button>
                                    </ActionForm>
                                </section>
                            })}
                            <ActionForm action=session.log_out>
                                <button type="submit" class="button button-secondary">"Log out"</button>
                            </ActionForm>
                        </section>
                    }.into_any(),
                    Ok(None) => {
                        super::set_status(401);
                        view! {
                            <section class="empty-state">
                                <h1>"You are not logged in"</h1>
                                <p><a href="/login">"Log in"</a>" or "<a href="/signup">"create an account"</a>"."</p>
                            </section>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}
