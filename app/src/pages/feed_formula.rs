//! `/feed/how-it-works`: the For-you formula, printed from the constants the ranking code
//! uses, so the page cannot drift from what the feed does.

use domain::social::feed::{
    AGE_OFFSET_HOURS, COMMENT_WEIGHT, CUISINE_WINDOW_DAYS, FOR_YOU_WINDOW_DAYS, GRAVITY,
    MAX_WEIGHT, NEARBY_KM,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn FeedFormulaPage() -> impl IntoView {
    let formula = format!(
        "score = (1 + wp·popularity + wf·following + wn·nearby + wc·cuisines) / (age in hours + {AGE_OFFSET_HOURS})^({GRAVITY}·wr)"
    );
    view! {
        <Title text="How the feed ranks posts" />
        <article class="policy feed-formula" data-testid="feed-formula">
            <h1>"How For you ranks posts"</h1>
            <p>
                "Following shows the posts of the people you follow and your own, newest first, and nothing else. "
                {format!("For you ranks the posts of the last {FOR_YOU_WINDOW_DAYS} days by one formula, the same for everyone; only the weights are yours.")}
            </p>
            <pre class="formula" data-testid="formula">{formula}</pre>
            <dl class="terms">
                <dt>"popularity"</dt>
                <dd>{format!("log10(1 + likes + {COMMENT_WEIGHT}·comments): a comment counts as {COMMENT_WEIGHT} likes, and the hundredth like adds less than the first.")}</dd>
                <dt>"following"</dt>
                <dd>"1 when you follow the author (or the post is yours), else 0."</dd>
                <dt>"nearby"</dt>
                <dd>{format!("1 − distance/{NEARBY_KM} km for a chef's post within {NEARBY_KM} km of your city, else 0.")}</dd>
                <dt>"cuisines"</dt>
                <dd>{format!("The share of your likes in the last {CUISINE_WINDOW_DAYS} days that went to posts sharing a tag with this one.")}</dd>
                <dt>"recency"</dt>
                <dd>{format!("Age pulls every post down: its score is divided by (hours since it was posted + {AGE_OFFSET_HOURS}) to the power {GRAVITY} × your recency weight.")}</dd>
            </dl>
            <h2>"Your weights"</h2>
            <p>
                {format!("wr, wp, wf, wn and wc are yours to turn in the feed's settings, from 0 to {MAX_WEIGHT}. ")}
                "A weight of 0 leaves its term out: with recency at 0, age no longer matters at all. "
                "Every post in For you has \"Why am I seeing this?\", listing each term's value and weight for you."
            </p>
            <p>"Posts of people you blocked or muted, and posts a moderator hid, are never shown."</p>
            <p><a href="/feed">"Back to the feed"</a></p>
        </article>
    }
}
