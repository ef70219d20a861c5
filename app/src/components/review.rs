//! One review as everyone reads it: who wrote it, the stars, the four marks and the words.

use domain::reviews::ReviewView;
use leptos::prelude::*;

use super::icon::StarRating;

#[component]
pub fn ReviewCard(review: ReviewView, testid: &'static str) -> impl IntoView {
    view! {
        <article class="review" data-testid=testid>
            <header class="review-head">
                <strong>{review.author_name}</strong>
                <StarRating average=review.overall />
                <time class="muted" datetime=review.written_at.to_rfc3339()>
                    {review.written_at.format("%B %Y").to_string()}
                </time>
            </header>
            <p class="review-marks muted">
                {format!(
                    "Food {} · communication {} · punctuality {} · value {}",
                    review.food, review.communication, review.punctuality, review.value
                )}
            </p>
            <p class="review-text">{review.text}</p>
        </article>
    }
}
