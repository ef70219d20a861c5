//! Geo search against a brute-force haversine reference: random chefs around real places
//! (one beside the date line), random circles and filters, every page compared. Runs on every
//! engine the contract suite runs on.

mod engines;

use backend::search::Documents;
use domain::{
    money::{Currency, Money},
    paging::PageRequest,
    search::{ChefDocument, ChefQuery},
};
use engines::*;
use rand::{rngs::StdRng, Rng, SeedableRng};

const CITIES: [(f64, f64); 8] = [
    LISBON,
    PORTO,
    (48.8566, 2.3522),
    (51.5074, -0.1278),
    (40.4168, -3.7038),
    (52.52, 13.405),
    (64.1466, -21.9426),
    (-17.7134, 178.065), // Fiji, beside the date line
];
const CUISINES: [&str; 4] = ["Italian", "Japanese", "Portuguese", "Indian"];

fn random_chefs(rng: &mut StdRng, count: i64) -> Vec<ChefDocument> {
    (1..=count)
        .map(|id| {
            let city = CITIES[rng.gen_range(0..CITIES.len())];
            let at = (
                (city.0 + rng.gen_range(-0.8..0.8)).clamp(-90.0, 90.0),
                (city.1 + rng.gen_range(-1.0..1.0) + 540.0).rem_euclid(360.0) - 180.0,
            );
            let mut chef = chef(id, &format!("Chef {id}"), at);
            chef.service_radius_km = rng.gen_range(5..=120);
            chef.cuisines = vec![CUISINES[rng.gen_range(0..CUISINES.len())].to_owned()];
            chef.base_rate = Money::new(rng.gen_range(20..=120) * 100, Currency::EUR);
            chef
        })
        .collect()
}

/// What the right answer is, by checking every chef.
fn brute_force(chefs: &[ChefDocument], query: &ChefQuery) -> Vec<(i64, f64)> {
    let mut found: Vec<(i64, f64)> = chefs
        .iter()
        .filter(|chef| {
            query
                .cuisine
                .as_ref()
                .is_none_or(|cuisine| chef.cuisines.iter().any(|c| c.to_lowercase() == *cuisine))
        })
        .filter(|chef| {
            query
                .max_price_minor
                .is_none_or(|max| chef.base_rate.amount_minor <= max)
        })
        .filter_map(|chef| {
            let distance = query.near.center.distance_km(&point(chef.lat, chef.lng));
            (distance <= query.near.radius_km && distance <= f64::from(chef.service_radius_km))
                .then_some((chef.id, distance))
        })
        .collect();
    found.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    found
}

#[tokio::test]
async fn geo_searches_agree_with_a_brute_force_haversine_reference() {
    on_every_engine(|search| async move {
        let mut rng = StdRng::seed_from_u64(2026);
        let chefs = random_chefs(&mut rng, 3_000);
        search.put(Documents::Chefs(chefs.clone())).await.unwrap();
        let mut mismatches = Vec::new();
        for round in 0..1_000 {
            let city = CITIES[rng.gen_range(0..CITIES.len())];
            let center = point(
                city.0 + rng.gen_range(-0.5..0.5),
                (city.1 + rng.gen_range(-0.5..0.5) + 540.0).rem_euclid(360.0) - 180.0,
            );
            let mut query = ChefQuery::around(center, rng.gen_range(1.0..150.0));
            if rng.gen_bool(0.3) {
                query.cuisine = Some(CUISINES[rng.gen_range(0..CUISINES.len())].to_lowercase());
            }
            if rng.gen_bool(0.2) {
                query.max_price_minor = Some(rng.gen_range(20..=120) * 100);
            }
            let expected = brute_force(&chefs, &query);
            let mut found = Vec::new();
            for page in 1.. {
                query.page = PageRequest::parse(Some(page), Some(100)).unwrap();
                let hits = search.search_chefs(&query).await.unwrap();
                assert_eq!(
                    hits.total as usize,
                    expected.len(),
                    "round {round}: {query:?}"
                );
                let done = hits.items.len() < 100;
                found.extend(hits.items.into_iter().map(|hit| (hit.id, hit.distance_km)));
                if done {
                    break;
                }
            }
            let same_order = found.len() == expected.len()
                && found
                    .iter()
                    .zip(&expected)
                    .all(|(got, want)| got.0 == want.0 && (got.1 - want.1).abs() < 0.01);
            if !same_order {
                mismatches.push(round);
            }
        }
        assert!(
            mismatches.is_empty(),
            "rounds that disagree: {mismatches:?}"
        );
    })
    .await;
}
