//! A grid over the globe at a few cell sizes, so a text index can find "everything near
//! here" with plain terms: each point is indexed with its cell at every level, and a circle
//! is covered by the cells of the finest level that needs few of them. The cells only narrow
//! the candidates; the exact distance decides.

use domain::search::Circle;

/// Cells around the globe at each level, finest first: sides of 0.1°, 0.4°, 1.6° and 7.2°
/// (about 11, 44, 178 and 800 km of latitude). Whole divisions of 360°, so cells wrap
/// cleanly across the date line.
const LEVELS: [i64; 4] = [3600, 900, 225, 50];
/// The most cells a query may list before a coarser level is used.
const MAX_CELLS: usize = 48;
const KM_PER_DEGREE: f64 = 111.195;
const EARTH_RADIUS_KM: f64 = 6371.0088;

fn side(level: usize) -> f64 {
    360.0 / LEVELS[level] as f64
}

fn lat_cell(level: usize, lat: f64) -> i64 {
    ((lat + 90.0) / side(level)).floor() as i64
}

/// The cell of a longitude, or of a longitude past ±180 wrapped onto the globe.
fn lng_cell(level: usize, lng: f64) -> i64 {
    (((lng + 180.0) / side(level)).floor() as i64).rem_euclid(LEVELS[level])
}

fn term(level: usize, lat_cell: i64, lng_cell: i64) -> String {
    format!("{level}:{lat_cell}:{lng_cell}")
}

/// The terms a point is indexed under: its cell at every level.
pub fn point_terms(lat: f64, lng: f64) -> Vec<String> {
    (0..LEVELS.len())
        .map(|level| term(level, lat_cell(level, lat), lng_cell(level, lng)))
        .collect()
}

/// Terms whose cells together contain the whole circle.
pub fn covering_terms(circle: &Circle) -> Vec<String> {
    let (lat, lng) = (circle.center.lat(), circle.center.lng());
    // A little slack so rounding never leaves a point on the rim outside the cover.
    let radius = circle.radius_km * 1.01 + 0.01;
    let d_lat = radius / KM_PER_DEGREE;
    let (south, north) = ((lat - d_lat).max(-90.0), (lat + d_lat).min(90.0));
    // The widest longitude span of a circle on a sphere; a circle holding a pole spans all.
    let angular = radius / EARTH_RADIUS_KM;
    let reaches_pole = lat.abs() + d_lat >= 90.0;
    let d_lng = if reaches_pole || angular.sin() >= lat.to_radians().cos() {
        None
    } else {
        Some((angular.sin() / lat.to_radians().cos()).asin().to_degrees())
    };
    let cells_at = |level: usize| {
        let lat_range = lat_cell(level, south)..=lat_cell(level, north);
        let lng_range = match d_lng {
            Some(d_lng) if 2.0 * d_lng < 360.0 - side(level) => {
                let west = ((lng - d_lng + 180.0) / side(level)).floor() as i64;
                let east = ((lng + d_lng + 180.0) / side(level)).floor() as i64;
                west..=east
            }
            _ => 0..=LEVELS[level] - 1,
        };
        (lat_range, lng_range)
    };
    let level = (0..LEVELS.len())
        .find(|&level| {
            let (lats, lngs) = cells_at(level);
            lats.count() * lngs.count() <= MAX_CELLS
        })
        .unwrap_or(LEVELS.len() - 1);
    let (lats, lngs) = cells_at(level);
    let cells = LEVELS[level];
    let mut terms = Vec::new();
    for lat_cell in lats {
        for lng_cell in lngs.clone() {
            terms.push(term(level, lat_cell, lng_cell.rem_euclid(cells)));
        }
    }
    terms.sort();
    terms.dedup();
    terms
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::geo::Coordinates;
    use rand::{rngs::StdRng, Rng, SeedableRng};

    fn circle(lat: f64, lng: f64, radius_km: f64) -> Circle {
        Circle {
            center: Coordinates::parse(lat, lng).unwrap(),
            radius_km,
        }
    }

    #[test]
    fn every_point_inside_a_circle_has_a_term_in_its_cover() {
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..20_000 {
            let query = circle(
                rng.gen_range(-89.9..89.9),
                rng.gen_range(-180.0..180.0),
                rng.gen_range(0.5..500.0),
            );
            // A point somewhere inside the circle, at a random bearing and distance.
            let lat = (query.center.lat() + rng.gen_range(-5.0..5.0)).clamp(-90.0, 90.0);
            let lng = {
                let raw = query.center.lng() + rng.gen_range(-15.0..15.0);
                (raw + 540.0).rem_euclid(360.0) - 180.0
            };
            let point = Coordinates::parse(lat, lng).unwrap();
            if query.center.distance_km(&point) > query.radius_km {
                continue;
            }
            let cover = covering_terms(&query);
            assert!(
                point_terms(lat, lng)
                    .iter()
                    .any(|term| cover.contains(term)),
                "{point:?} is inside {query:?} but not in its cover"
            );
        }
    }

    #[test]
    fn a_small_circle_uses_the_finest_cells_and_few_of_them() {
        let cover = covering_terms(&circle(48.85, 2.35, 10.0));
        assert!(cover.iter().all(|term| term.starts_with("0:")));
        assert!(cover.len() <= MAX_CELLS);
    }

    #[test]
    fn circles_across_the_date_line_and_around_a_pole_are_covered() {
        let fiji = covering_terms(&circle(-17.7, 179.9, 100.0));
        assert!(point_terms(-17.7, -179.8).iter().any(|t| fiji.contains(t)));
        let pole = covering_terms(&circle(89.5, 0.0, 200.0));
        assert!(point_terms(89.6, 170.0).iter().any(|t| pole.contains(t)));
    }
}
