//! The search page's map: the searched circle, each result as a numbered pin matching the
//! list, and the cities around. Drawn as SVG on the server with the first page, like the
//! chef page's map; in the browser a street map with clustered pins takes its place.

use domain::{places::CITIES, search::ChefHit};
use leptos::prelude::*;

use super::{
    service_map::{project, scale_km},
    street_map::{MapPin, MapView, StreetMap},
};

#[component]
pub fn SearchMap(
    lat: f64,
    lng: f64,
    radius_km: f64,
    hits: Vec<ChefHit>,
    first_number: u64,
) -> impl IntoView {
    let half = radius_km.max(1.0) * 1.15;
    let centre = (lat, lng);
    let font = half * 0.06;
    let cities: Vec<_> = CITIES
        .iter()
        .map(|city| (city.name, project(centre, (city.lat, city.lng))))
        .filter(|(_, (x, y))| x.abs() < half * 0.95 && y.abs() < half * 0.95)
        .collect();
    let bar = scale_km(half);
    let pins: Vec<_> = hits
        .iter()
        .enumerate()
        .map(|(n, hit)| {
            let (x, y) = project(centre, (hit.lat, hit.lng));
            let label = format!(
                "{}. {}, {:.1} km",
                first_number + n as u64,
                hit.display_name,
                hit.distance_km
            );
            (first_number + n as u64, hit.id, x, y, label)
        })
        .collect();
    let street = MapView {
        lat,
        lng,
        radius_km,
        centre_label: "The place searched".to_owned(),
        pins: hits
            .iter()
            .enumerate()
            .map(|(n, hit)| MapPin {
                lat: hit.lat,
                lng: hit.lng,
                label: (first_number + n as u64).to_string(),
                title: format!("{}, {:.1} km", hit.display_name, hit.distance_km),
                href: format!("/chefs/{}", hit.id),
            })
            .collect(),
        draggable: false,
    };
    view! {
        <figure class="search-map" data-testid="search-map">
            <StreetMap view=Signal::stored(street)>
            <svg
                viewBox=format!("{} {} {} {}", -half, -half, 2.0 * half, 2.0 * half)
                role="img"
                aria-label=format!("Chefs within {radius_km} km")
            >
                <rect x=-half y=-half width=2.0 * half height=2.0 * half class="map-land" />
                <circle cx="0" cy="0" r=radius_km class="map-area" />
                {cities.into_iter().map(|(name, (x, y))| view! {
                    <circle cx=x cy=y r=font * 0.3 class="map-city" />
                    <text x=x + font * 0.5 y=y - font * 0.4 font-size=font * 0.8 class="map-label">{name}</text>
                }).collect_view()}
                <circle cx="0" cy="0" r=font * 0.35 class="map-centre" />
                {pins.into_iter().map(|(number, id, x, y, label)| view! {
                    <a href=format!("/chefs/{id}") class="map-pin-link">
                        <title>{label}</title>
                        <circle cx=x cy=y r=font * 0.7 class="map-result" />
                        <text x=x y=y + font * 0.3 font-size=font * 0.8 text-anchor="middle" class="map-result-number">{number}</text>
                    </a>
                }).collect_view()}
                <line x1=-half + font y1=half - font x2=-half + font + bar y2=half - font class="map-scale" stroke-width=font * 0.2 />
                <text x=-half + font y=half - font * 1.5 font-size=font class="map-label">{format!("{bar} km")}</text>
            </svg>
            </StreetMap>
        </figure>
    }
}
