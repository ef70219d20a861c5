//! A small map of where a chef travels: their home point, the circle they serve, and the
//! bundled cities around it. Drawn as SVG from coordinates alone on the server (no tiles, no
//! network, no script), and replaced by a street map in the browser when Leaflet loads.

use domain::places::CITIES;
use leptos::prelude::*;

use super::street_map::{MapView, StreetMap};

/// Kilometres per degree of latitude, and of longitude at the equator.
pub(crate) const KM_PER_DEGREE_LAT: f64 = 110.57;
pub(crate) const KM_PER_DEGREE_LNG: f64 = 111.32;

/// Where a point lands, in kilometres east and south of the centre (SVG's y grows down).
pub(crate) fn project(centre: (f64, f64), point: (f64, f64)) -> (f64, f64) {
    let east = (point.1 - centre.1) * KM_PER_DEGREE_LNG * centre.0.to_radians().cos();
    let south = (centre.0 - point.0) * KM_PER_DEGREE_LAT;
    (east, south)
}

/// A round length for the scale bar: about a third of the view.
pub(crate) fn scale_km(half_width_km: f64) -> f64 {
    let target = half_width_km * 2.0 / 3.0;
    [
        1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0,
    ]
    .into_iter()
    .rev()
    .find(|step| *step <= target)
    .unwrap_or(1.0)
}

/// The chef's area: drawn on the server, with streets in the browser. `live`, when given,
/// moves the street map as a form changes (the kitchen); `on_move` lets its pin be dragged.
#[component]
pub fn ServiceAreaMap(
    lat: f64,
    lng: f64,
    radius_km: i32,
    place: String,
    #[prop(optional)] live: Option<Signal<MapView>>,
    #[prop(optional)] on_move: Option<Callback<(f64, f64)>>,
) -> impl IntoView {
    let shown = live.unwrap_or_else(|| {
        Signal::stored(MapView {
            lat,
            lng,
            radius_km: f64::from(radius_km.max(1)),
            centre_label: format!("Travels from {place}"),
            pins: Vec::new(),
            draggable: false,
        })
    });
    let radius = f64::from(radius_km.max(1));
    let half = radius * 1.35;
    let centre = (lat, lng);
    let nearby: Vec<_> = CITIES
        .iter()
        .map(|city| (city.name, project(centre, (city.lat, city.lng))))
        .filter(|(_, (x, y))| x.abs() < half * 0.95 && y.abs() < half * 0.95)
        .collect();
    let bar = scale_km(half);
    let font = half * 0.07;
    let summary = format!("Travels up to {radius_km} km from {place}");
    let caption = format!("{summary}. ");
    let osm = format!(
        "https://www.openstreetmap.org/?mlat={lat:.5}&mlon={lng:.5}#map={}/{lat:.5}/{lng:.5}",
        if radius > 100.0 {
            7
        } else if radius > 30.0 {
            9
        } else {
            11
        }
    );
    view! {
        <figure class="service-map" data-testid="service-area-map">
            <StreetMap view=shown on_move=on_move.unwrap_or_else(|| Callback::new(|_| ()))>
            <svg
                viewBox=format!("{} {} {} {}", -half, -half, 2.0 * half, 2.0 * half)
                role="img"
                aria-label=summary.clone()
            >
                <rect x=-half y=-half width=2.0 * half height=2.0 * half class="map-land" />
                <circle cx="0" cy="0" r=radius class="map-area" />
                {nearby.into_iter().map(|(name, (x, y))| view! {
                    <circle cx=x cy=y r=font * 0.35 class="map-city" />
                    <text x=x + font * 0.6 y=y + font * 0.35 font-size=font class="map-label">{name}</text>
                }).collect_view()}
                <circle cx="0" cy="0" r=font * 0.5 class="map-pin" />
                <line x1=-half + font y1=half - font x2=-half + font + bar y2=half - font class="map-scale" stroke-width=font * 0.2 />
                <text x=-half + font y=half - font * 1.5 font-size=font class="map-label">{format!("{bar} km")}</text>
            </svg>
            </StreetMap>
            <figcaption>
                {caption}
                <a href=osm rel="noopener" target="_blank">"Open in OpenStreetMap"</a>
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_north_east_of_the_centre_lands_up_and_right() {
        let (east, south) = project((38.72, -9.14), (38.82, -9.04));
        assert!(east > 8.0 && east < 9.0, "{east}");
        assert!(south < -11.0 && south > -11.2, "{south}");
    }

    #[test]
    fn the_scale_bar_is_a_round_length_shorter_than_the_view() {
        assert_eq!(scale_km(54.0), 25.0);
        assert_eq!(scale_km(13.5), 5.0);
        assert_eq!(scale_km(1.0), 1.0);
    }
}
