//! Places on Earth: coordinates that are valid by construction, and distances between them.

use serde::{Deserialize, Serialize};

use crate::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Coordinates {
    lat: f64,
    lng: f64,
}

impl Coordinates {
    const EARTH_RADIUS_KM: f64 = 6371.0088;

    pub fn parse(lat: f64, lng: f64) -> Result<Self, FieldError> {
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(FieldError::new(
                "lat",
                "Latitude must be between -90 and 90.",
            ));
        }
        if !lng.is_finite() || !(-180.0..=180.0).contains(&lng) {
            return Err(FieldError::new(
                "lng",
                "Longitude must be between -180 and 180.",
            ));
        }
        Ok(Self { lat, lng })
    }

    pub fn lat(&self) -> f64 {
        self.lat
    }

    pub fn lng(&self) -> f64 {
        self.lng
    }

    /// Great-circle distance (haversine), accurate to well under 0.5 % for trip planning.
    pub fn distance_km(&self, other: &Coordinates) -> f64 {
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let d_lat = lat2 - lat1;
        let d_lng = (other.lng - self.lng).to_radians();
        let a = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lng / 2.0).sin().powi(2);
        2.0 * Self::EARTH_RADIUS_KM * a.sqrt().asin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_outside_the_globe_are_rejected_with_the_field_named() {
        assert_eq!(Coordinates::parse(91.0, 0.0).unwrap_err().field, "lat");
        assert_eq!(Coordinates::parse(0.0, -180.5).unwrap_err().field, "lng");
        assert_eq!(Coordinates::parse(f64::NAN, 0.0).unwrap_err().field, "lat");
    }

    #[test]
    fn paris_to_london_is_about_344_km() {
        let paris = Coordinates::parse(48.8566, 2.3522).unwrap();
        let london = Coordinates::parse(51.5074, -0.1278).unwrap();
        let km = paris.distance_km(&london);
        assert!((340.0..348.0).contains(&km), "got {km}");
    }

    #[test]
    fn a_place_is_zero_km_from_itself() {
        let lisbon = Coordinates::parse(38.7223, -9.1393).unwrap();
        assert!(lisbon.distance_km(&lisbon) < 1e-9);
    }
}
