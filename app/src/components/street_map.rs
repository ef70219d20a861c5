//! A map with streets, through the bridge in `public/map.js` (Leaflet, served by the site).
//! The server renders the drawn SVG map given as children; in the browser the street map
//! takes its place once Leaflet has loaded, and follows every change of what it shows.

use leptos::prelude::*;
use serde::Serialize;

/// Where map tiles come from, as the server is configured (`MAP_TILE_URL`, with `{z}`, `{x}`
/// and `{y}` in it, and `MAP_TILE_ATTRIBUTION`); the page names them in its meta tags.
#[derive(Debug, Clone, PartialEq)]
pub struct MapTiles {
    pub url: String,
    pub attribution: String,
}

impl Default for MapTiles {
    fn default() -> Self {
        Self {
            url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".to_owned(),
            attribution: "© OpenStreetMap contributors".to_owned(),
        }
    }
}

/// What a street map shows: a centre (the chef's home, the searched place), the circle
/// around it, and pins (search results, clustered when they crowd).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapView {
    pub lat: f64,
    pub lng: f64,
    pub radius_km: f64,
    /// Words for the centre pin, read out by screen readers.
    pub centre_label: String,
    pub pins: Vec<MapPin>,
    /// Whether the centre pin can be dragged (the chef placing their home).
    pub draggable: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapPin {
    pub lat: f64,
    pub lng: f64,
    /// The number on the pin (a result's place in the list).
    pub label: String,
    pub title: String,
    pub href: String,
}

#[cfg(feature = "hydrate")]
mod bridge {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_namespace = chefGalaxyMap, js_name = mount)]
        pub fn mount(
            element: &web_sys::HtmlElement,
            options: &str,
            on_move: &JsValue,
        ) -> Result<js_sys::Promise, JsValue>;

        #[wasm_bindgen(catch, js_namespace = chefGalaxyMap, js_name = update)]
        pub fn update(id: f64, options: &str) -> Result<(), JsValue>;

        #[wasm_bindgen(catch, js_namespace = chefGalaxyMap, js_name = unmount)]
        pub fn unmount(id: f64) -> Result<(), JsValue>;
    }
}

/// `drawn`: the map as the server draws it, shown until (and unless) Leaflet loads.
/// `on_move`: called with the new centre when a draggable centre pin is dropped.
#[component]
pub fn StreetMap(
    view: Signal<MapView>,
    #[prop(optional)] on_move: Option<Callback<(f64, f64)>>,
    children: Children,
) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    mount_when_ready(view, on_move, host);
    #[cfg(not(feature = "hydrate"))]
    let _ = (view, on_move);
    view! {
        <div class="street-map">
            <div class="street-map-live" node_ref=host data-testid="street-map"></div>
            <div class="street-map-drawn">{children()}</div>
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn mount_when_ready(
    view: Signal<MapView>,
    on_move: Option<Callback<(f64, f64)>>,
    host: NodeRef<leptos::html::Div>,
) {
    use send_wrapper::SendWrapper;
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};

    // The map's handle once mounted; until then, changes wait for the mount to draw them.
    let handle = StoredValue::new(None::<f64>);
    let moved = on_move.map(|callback| {
        SendWrapper::new(Closure::<dyn FnMut(f64, f64)>::new(move |lat, lng| {
            callback.run((lat, lng))
        }))
    });
    let on_move_js = moved
        .as_ref()
        .map(|closure| closure.as_ref().clone())
        .unwrap_or(JsValue::NULL);
    let on_move_js = SendWrapper::new(on_move_js);
    Effect::new(move |mounted: Option<bool>| {
        let options = serde_json::to_string(&view.get()).unwrap_or_default();
        if mounted == Some(true) {
            if let Some(id) = handle.get_value() {
                let _ = bridge::update(id, &options);
            }
            return true;
        }
        let Some(element) = host.get() else {
            return false;
        };
        let element: web_sys::HtmlElement = element.unchecked_into();
        let on_move_js = (*on_move_js).clone();
        leptos::task::spawn_local(async move {
            let Ok(mounting) = bridge::mount(&element, &options, &on_move_js) else {
                return;
            };
            // Without Leaflet (offline, blocked) the drawn map simply stays.
            if let Ok(id) = wasm_bindgen_futures::JsFuture::from(mounting).await {
                handle.set_value(id.as_f64());
                // A change made while Leaflet loaded is drawn now.
                if let Some(id) = id.as_f64() {
                    let latest = serde_json::to_string(&view.get_untracked()).unwrap_or_default();
                    let _ = bridge::update(id, &latest);
                }
            }
        });
        true
    });
    on_cleanup(move || {
        if let Some(id) = handle.get_value() {
            let _ = bridge::unmount(id);
        }
        drop(moved);
    });
}
