//! `/knowledge/reputation`: what reputation is worth and what it allows, printed from the
//! constants the server applies (`domain::knowledge::reputation` and `privileges`), and for
//! a signed-in reader their own total with the ledger lines it is the sum of.

use domain::knowledge::{
    reputation::{
        ReputationReason, DAILY_VOTE_CAP, SERIAL_VOTES_BETWEEN_TWO, SERIAL_VOTING_WINDOW_DAYS,
        STARTING_REPUTATION,
    },
    views::ReputationReport,
    Privilege,
};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::{api::knowledge::load_my_reputation, components::post_card::posted_at};

fn signed(points: i32) -> String {
    if points > 0 {
        format!("+{points}")
    } else {
        points.to_string()
    }
}

/// When an event of this kind happens, in words.
fn when(reason: ReputationReason) -> &'static str {
    match reason {
        ReputationReason::UpvoteReceived => "Someone votes your question or answer up",
        ReputationReason::DownvoteReceived => "Someone votes your question or answer down",
        ReputationReason::DownvoteCast => {
            "You vote someone's answer down (it costs a little, so it is meant)"
        }
        ReputationReason::AnswerAccepted => "The asker accepts your answer",
        ReputationReason::AcceptedAnAnswer => "You accept an answer to your question",
    }
}

#[component]
pub fn ReputationPage() -> impl IntoView {
    let mine = Resource::new(|| (), |_| load_my_reputation());
    view! {
        <Title text="How reputation works" />
        <section class="reputation-page prose">
            <p class="breadcrumb"><a href="/knowledge">"Questions & answers"</a></p>
            <h1>"How reputation works"</h1>
            <p class="lede">"Reputation is what the community thinks of your questions and answers. It is kept as a ledger: every change is a line you can read, and your total is their sum."</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    mine.await.ok().flatten().map(|report| view! { <YourReputation report /> })
                })}
            </Suspense>
            <h2>"What moves it"</h2>
            <table class="rules-table" data-testid="reputation-rules">
                <thead><tr><th scope="col">"When"</th><th scope="col">"Points"</th></tr></thead>
                <tbody>
                    {ReputationReason::ALL.iter().map(|reason| view! {
                        <tr><td>{when(*reason)}</td><td class="numeric">{signed(reason.nominal_points())}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <ul>
                <li>{format!("Everyone starts at {STARTING_REPUTATION}, and reputation never goes below {STARTING_REPUTATION}.")}</li>
                <li>{format!("Votes received earn at most {DAILY_VOTE_CAP} points a day (UTC); accepted answers are not capped.")}</li>
                <li>"A vote taken back, or a deleted question or answer, takes back exactly what it moved."</li>
                <li>{format!("More than {SERIAL_VOTES_BETWEEN_TWO} votes from one person on another's posts within {SERIAL_VOTING_WINDOW_DAYS} days are discarded by a nightly check, with their reputation.")}</li>
            </ul>
            <h2>"What it lets you do"</h2>
            <table class="rules-table" data-testid="privileges">
                <thead><tr><th scope="col">"Privilege"</th><th scope="col">"Reputation"</th><th scope="col">"Why"</th></tr></thead>
                <tbody>
                    {Privilege::ladder().into_iter().map(|privilege| view! {
                        <tr>
                            <td>{privilege.label()}</td>
                            <td class="numeric">{privilege.reputation_needed()}</td>
                            <td>{privilege.why()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p>"Asking, answering, voting up and commenting on your own posts (and under answers to your own questions) are open to everyone from the start."</p>
            <p>"Chefs' answers that people vote up also count toward their "<a href="/rank">"chef rank"</a>"'s activity."</p>
        </section>
    }
}

#[component]
fn YourReputation(report: ReputationReport) -> impl IntoView {
    let total = report.total;
    view! {
        <div class="card your-reputation" data-testid="your-reputation">
            <h2>{format!("Your reputation: {total}")}</h2>
            {report.events.is_empty().then(|| view! { <p>"Nothing yet: answer a question to earn your first points."</p> })}
            <ul class="ledger-lines">
                {report.events.into_iter().map(|event| view! {
                    <li>
                        <span class="numeric">{signed(event.points)}</span>
                        {format!(" {}{} · {}", event.reason.label(), if event.reversal { " (taken back)" } else { "" }, posted_at(event.at))}
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}
