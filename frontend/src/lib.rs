//! The browser entry point: takes over the server-rendered page (hydration).

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // The piece of the WASM holding this page's code loads before hydration can match the
    // server's HTML, so hydration waits for it.
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::prelude::document()
            .body()
            .expect("a page has a body");
        leptos::mount::hydrate_from_async(body.clone(), app::App)
            .await
            .forget();
        app::preload_pages_behind_links();
        // Lets browser tests (and curious people) see that the page is now interactive.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
