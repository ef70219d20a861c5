//! Search documents as tantivy documents: one schema serves every index, each document fills
//! the fields its index needs (see [`super::Fields`]).

use domain::search::{ChefDocument, DishDocument, PersonDocument, PostDocument, QuestionDocument};
use tantivy::TantivyDocument;

use super::{engine_error, Fields};
use crate::search::{geo_cells, Documents, SearchResult};

fn facet(document: &mut TantivyDocument, fields: Fields, name: &str, value: &str) {
    document.add_text(fields.facet, format!("{name}={}", value.to_lowercase()));
}

fn place(document: &mut TantivyDocument, fields: Fields, lat: f64, lng: f64, reach_km: u16) {
    for term in geo_cells::point_terms(lat, lng) {
        document.add_text(fields.geo, term);
    }
    document.add_f64(fields.lat, lat);
    document.add_f64(fields.lng, lng);
    document.add_u64(fields.reach_km, u64::from(reach_km));
}

fn stored<T: serde::Serialize>(
    document: &mut TantivyDocument,
    fields: Fields,
    value: &T,
) -> SearchResult<()> {
    let json = serde_json::to_string(value).map_err(engine_error)?;
    document.add_text(fields.document, json);
    Ok(())
}

fn chef_document(chef: &ChefDocument, fields: Fields) -> SearchResult<TantivyDocument> {
    let mut document = TantivyDocument::default();
    document.add_i64(fields.id, chef.id);
    let mut text = vec![
        chef.display_name.as_str(),
        &chef.headline,
        &chef.city,
        &chef.bio,
    ];
    text.extend(chef.cuisines.iter().map(String::as_str));
    text.extend(chef.languages.iter().map(String::as_str));
    text.extend(chef.dishes.iter().map(String::as_str));
    document.add_text(fields.text, text.join("\n"));
    for cuisine in &chef.cuisines {
        facet(&mut document, fields, "cuisine", cuisine);
    }
    for language in &chef.languages {
        facet(&mut document, fields, "language", language);
    }
    for diet in &chef.dietary {
        facet(&mut document, fields, "diet", diet.code());
    }
    for weekday in &chef.works_on {
        facet(&mut document, fields, "works", &weekday.to_string());
    }
    for date in &chef.busy_on {
        facet(&mut document, fields, "busy", &date.to_string());
    }
    place(
        &mut document,
        fields,
        chef.lat,
        chef.lng,
        chef.service_radius_km,
    );
    document.add_i64(fields.price, chef.base_rate.amount_minor);
    // Ratings run from 1 to 5, so 0 marks "not rated yet" and fails every minimum.
    document.add_f64(fields.rating, chef.rating.unwrap_or(0.0));
    document.add_f64(fields.rank, chef.rank);
    document.add_i64(fields.votes, 0);
    stored(&mut document, fields, chef)?;
    Ok(document)
}

fn dish_document(dish: &DishDocument, fields: Fields) -> SearchResult<TantivyDocument> {
    let mut document = TantivyDocument::default();
    document.add_i64(fields.id, dish.id);
    let mut text = vec![
        dish.name.as_str(),
        &dish.description,
        &dish.chef_name,
        dish.course.label(),
    ];
    text.extend(dish.ingredients.iter().map(String::as_str));
    document.add_text(fields.text, text.join("\n"));
    facet(&mut document, fields, "course", dish.course.code());
    for diet in &dish.dietary {
        facet(&mut document, fields, "diet", diet.code());
    }
    for allergen in &dish.allergens {
        facet(&mut document, fields, "allergen", allergen.code());
    }
    place(
        &mut document,
        fields,
        dish.lat,
        dish.lng,
        dish.service_radius_km,
    );
    document.add_i64(fields.price, dish.price_per_guest.amount_minor);
    document.add_f64(fields.rating, 0.0);
    document.add_f64(fields.rank, 0.0);
    document.add_i64(fields.votes, 0);
    stored(&mut document, fields, dish)?;
    Ok(document)
}

/// Numbers a document's index does not use, so every fast-field column has a value.
fn no_numbers(document: &mut TantivyDocument, fields: Fields) {
    document.add_i64(fields.price, 0);
    document.add_f64(fields.rating, 0.0);
    document.add_f64(fields.rank, 0.0);
    document.add_i64(fields.votes, 0);
}

/// A post: its words, author and tags as text, each tag as a filter, and the place of the
/// chef it is linked to. Its reach is unbounded: "nearby" means inside the reader's circle.
fn post_document(post: &PostDocument, fields: Fields) -> SearchResult<TantivyDocument> {
    let mut document = TantivyDocument::default();
    document.add_i64(fields.id, post.id);
    let mut text = vec![post.text.as_str(), &post.author_name, &post.author_handle];
    text.extend(post.tags.iter().map(String::as_str));
    document.add_text(fields.text, text.join("\n"));
    for tag in &post.tags {
        facet(&mut document, fields, "tag", tag);
    }
    match (post.lat, post.lng) {
        (Some(lat), Some(lng)) => place(&mut document, fields, lat, lng, u16::MAX),
        _ => {
            document.add_f64(fields.lat, 0.0);
            document.add_f64(fields.lng, 0.0);
            document.add_u64(fields.reach_km, 0);
        }
    }
    no_numbers(&mut document, fields);
    stored(&mut document, fields, post)?;
    Ok(document)
}

fn person_document(person: &PersonDocument, fields: Fields) -> SearchResult<TantivyDocument> {
    let mut document = TantivyDocument::default();
    document.add_i64(fields.id, person.id);
    let text = [person.display_name.as_str(), &person.handle, &person.bio];
    document.add_text(fields.text, text.join("\n"));
    document.add_f64(fields.lat, 0.0);
    document.add_f64(fields.lng, 0.0);
    document.add_u64(fields.reach_km, 0);
    no_numbers(&mut document, fields);
    stored(&mut document, fields, person)?;
    Ok(document)
}

fn question_document(question: &QuestionDocument, fields: Fields) -> SearchResult<TantivyDocument> {
    let mut document = TantivyDocument::default();
    document.add_i64(fields.id, question.id);
    let mut text = vec![question.title.as_str(), &question.body];
    text.extend(question.tags.iter().map(String::as_str));
    text.push(&question.answer_text);
    document.add_text(fields.text, text.join("\n"));
    for tag in &question.tags {
        facet(&mut document, fields, "tag", tag);
    }
    document.add_f64(fields.lat, 0.0);
    document.add_f64(fields.lng, 0.0);
    document.add_u64(fields.reach_km, 0);
    document.add_i64(fields.price, 0);
    document.add_f64(fields.rating, 0.0);
    document.add_f64(fields.rank, 0.0);
    document.add_i64(fields.votes, i64::from(question.votes));
    stored(&mut document, fields, question)?;
    Ok(document)
}

pub(super) fn tantivy_documents(
    documents: &Documents,
    fields: Fields,
) -> SearchResult<Vec<(i64, TantivyDocument)>> {
    match documents {
        Documents::Chefs(chefs) => chefs
            .iter()
            .map(|chef| Ok((chef.id, chef_document(chef, fields)?)))
            .collect(),
        Documents::Dishes(dishes) => dishes
            .iter()
            .map(|dish| Ok((dish.id, dish_document(dish, fields)?)))
            .collect(),
        Documents::Questions(questions) => questions
            .iter()
            .map(|question| Ok((question.id, question_document(question, fields)?)))
            .collect(),
        Documents::Posts(posts) => posts
            .iter()
            .map(|post| Ok((post.id, post_document(post, fields)?)))
            .collect(),
        Documents::People(people) => people
            .iter()
            .map(|person| Ok((person.id, person_document(person, fields)?)))
            .collect(),
    }
}
