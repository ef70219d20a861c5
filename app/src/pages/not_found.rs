use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    super::set_status(404);
    view! {
        <Title text="Page not found" />
        <section class="empty-state">
            <h1>"We could not find that page"</h1>
            <p><a href="/chefs">"Browse our chefs"</a>" or go back to the "<a href="/">"home page"</a>"."</p>
        </section>
    }
}
