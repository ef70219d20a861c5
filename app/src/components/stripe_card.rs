//! Stripe's card form, through the bridge in `public/stripe-checkout.js`: the card field is
//! Stripe's own frame, and the page only ever holds the PaymentMethod id it returns.

#[cfg(feature = "hydrate")]
mod bridge {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_namespace = chefGalaxyStripe, js_name = mount)]
        fn mount(publishable_key: &str, selector: &str) -> Result<js_sys::Promise, JsValue>;

        #[wasm_bindgen(catch, js_namespace = chefGalaxyStripe, js_name = paymentMethod)]
        fn payment_method() -> Result<js_sys::Promise, JsValue>;
    }

    /// The words of a JavaScript error, for the person paying.
    fn message(error: JsValue) -> String {
        js_sys::Reflect::get(&error, &JsValue::from_str("message"))
            .ok()
            .and_then(|message| message.as_string())
            .unwrap_or_else(|| "The card form could not be loaded. Reload the page.".to_owned())
    }

    pub async fn mount_card(publishable_key: &str, selector: &str) -> Result<(), String> {
        let loading = mount(publishable_key, selector).map_err(message)?;
        JsFuture::from(loading).await.map(|_| ()).map_err(message)
    }

    pub async fn create_payment_method() -> Result<String, String> {
        let creating = payment_method().map_err(message)?;
        let id = JsFuture::from(creating).await.map_err(message)?;
        id.as_string()
            .ok_or_else(|| "Stripe answered without a payment method.".to_owned())
    }
}

/// On the server there is no card field: pages render it empty and the browser mounts it.
#[cfg(not(feature = "hydrate"))]
mod bridge {
    pub async fn mount_card(_publishable_key: &str, _selector: &str) -> Result<(), String> {
        Ok(())
    }

    pub async fn create_payment_method() -> Result<String, String> {
        Err("Card payments need the browser.".to_owned())
    }
}

pub use bridge::{create_payment_method, mount_card};
