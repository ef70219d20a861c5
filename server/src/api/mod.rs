//! The versioned JSON API (`/api/v1`), described by an OpenAPI 3 document generated from
//! these handlers (`/api/v1/openapi.json`, browsable at `/api/docs`).

mod accounts;
mod bookings;
mod chefs;
mod disputes;
mod event_shares;
mod knowledge;
mod knowledge_closing;
mod knowledge_live;
mod moderation;
mod notifications;
mod payments;
mod people;
mod photo_forms;
mod quote;
mod requests;
mod search;
mod social;
mod workspace;

use axum::{
    extract::DefaultBodyLimit,
    routing::{delete, get, patch, post, put},
    Json, Router,
};

/// A photo at the size limit plus room for the multipart framing around it.
pub const UPLOAD_BODY_LIMIT: usize = domain::photos::MAX_PHOTO_BYTES + 64 * 1024;
/// A post with its six photos at the size limit, and its text.
pub const POST_BODY_LIMIT: usize =
    domain::social::text::MAX_PHOTOS_PER_POST * domain::photos::MAX_PHOTO_BYTES + 128 * 1024;
/// A question with its four photos at the size limit, and its words.
pub const QUESTION_BODY_LIMIT: usize = domain::knowledge::questions::MAX_PHOTOS_PER_QUESTION
    * domain::photos::MAX_PHOTO_BYTES
    + 128 * 1024;
use utoipa::OpenApi;

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    modifiers(&StandardErrors),
    info(title = "Chef Galaxy API", version = "1", description = "Hire private chefs: the catalogue and accounts."),
    paths(
        chefs::list_chefs,
        chefs::get_chef,
        chefs::get_rank,
        search::chefs,
        search::dishes,
        search::questions,
        search::posts,
        search::people,
        quote::quote_event,
        bookings::request_booking,
        bookings::list_bookings,
        bookings::get_booking,
        bookings::accept_booking,
        bookings::decline_booking,
        bookings::confirm_booking,
        bookings::check_in,
        bookings::pay_booking,
        bookings::cancel_booking,
        bookings::list_messages,
        bookings::post_message,
        bookings::reviews,
        bookings::write_review,
        bookings::earnings,
        bookings::payout,
        bookings::move_clock,
        disputes::open_dispute,
        disputes::booking_dispute,
        disputes::get_dispute,
        disputes::answer,
        disputes::decide_offer,
        disputes::add_evidence,
        disputes::evidence_photo,
        disputes::appeal,
        disputes::queue,
        disputes::rule,
        requests::post_request,
        requests::list_requests,
        requests::get_request,
        requests::propose,
        requests::withdraw,
        requests::invitations,
        payments::stripe_webhook,
        accounts::sign_up,
        accounts::log_in,
        accounts::log_out,
        accounts::me,
        accounts::become_chef,
        workspace::save_profile,
        workspace::create_dish,
        workspace::update_dish,
        workspace::delete_dish,
        workspace::create_menu,
        workspace::update_menu,
        workspace::delete_menu,
        workspace::upload_photo,
        workspace::delete_photo,
        workspace::set_weekly_hours,
        workspace::calendar,
        workspace::add_block,
        workspace::remove_block,
        workspace::availability,
        notifications::feed,
        notifications::mark_read,
        notifications::mark_all_read,
        notifications::stream,
        notifications::preferences,
        notifications::set_preferences,
        people::saved_chefs,
        people::save_chef,
        people::unsave_chef,
        people::dead_jobs,
        people::retry_job,
        people::outbox,
        people::users,
        people::set_role,
        people::suspend,
        people::reinstate,
        social::create_post,
        social::get_post,
        social::edit_post,
        social::delete_post,
        social::like_post,
        social::unlike_post,
        social::comments,
        social::add_comment,
        social::feed,
        social::feed_settings,
        social::save_feed_settings,
        social::profile,
        social::follow,
        social::unfollow,
        social::block,
        social::unblock,
        event_shares::sharing,
        event_shares::agree,
        event_shares::withdraw,
        event_shares::shown_events,
        moderation::report,
        moderation::my_decisions,
        moderation::decision,
        moderation::appeal,
        moderation::queue,
        moderation::decide,
        moderation::appeals,
        moderation::answer_appeal,
        knowledge::list_questions,
        knowledge::ask,
        knowledge::similar,
        knowledge::get_question,
        knowledge::edit_question,
        knowledge::delete_question,
        knowledge::answer,
        knowledge::edit_answer,
        knowledge::delete_answer,
        knowledge::accept,
        knowledge_closing::close,
        knowledge_closing::reopen,
        knowledge::vote,
        knowledge::withdraw_vote,
        knowledge::comment_on_question,
        knowledge::comment_on_answer,
        knowledge::question_revisions,
        knowledge::answer_revisions,
        knowledge::reputation,
        knowledge_live::live,
    ),
    tags(
        (name = "chefs", description = "The public chef catalogue"),
        (name = "booking", description = "Quotes, bookings, payments into escrow, messages, reviews and chefs' payouts"),
        (name = "disputes", description = "Disputes on bookings, decided by the published rule table on deadlines, or by an admin"),
        (name = "search", description = "Chefs by distance from an event, dishes and knowledge questions"),
        (name = "notifications", description = "The logged-in person's notifications, live and stored"),
        (name = "saved chefs", description = "Chefs the logged-in person keeps in their favourites"),
        (name = "admin", description = "For admins: the dispute queue, accounts (roles, suspensions), dead jobs and the email outbox"),
        (name = "chef workspace", description = "What chefs manage: profile, dishes, menus, photos, hours and calendar. Only the chef or an admin."),
        (name = "accounts", description = "Sign-up, log-in and the session cookie"),
        (name = "social", description = "Posts, likes, comments, follows and blocks, and the Following and For-you feeds"),
        (name = "moderation", description = "Reports of posts, comments and people; the admins' queue and decisions; the author's appeal"),
        (name = "knowledge", description = "Food questions and answers: votes, accepted answers, comments, revisions, similar questions and reputation"),
    )
)]
pub struct ApiDoc;

/// An optional header is absent or has a value; it is never `null` (which generators would
/// otherwise send as the text "null").
fn not_null(schema: &mut Option<utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>>) {
    use utoipa::openapi::{
        schema::{Schema, SchemaType, Type},
        RefOr,
    };
    if let Some(RefOr::T(Schema::Object(object))) = schema {
        if let SchemaType::Array(types) = &object.schema_type {
            let present: Vec<Type> = types
                .iter()
                .filter(|t| **t != Type::Null)
                .cloned()
                .collect();
            if let [only] = present.as_slice() {
                object.schema_type = SchemaType::Type(only.clone());
            }
        }
    }
}

/// Answers every operation can give besides its own, added to each where they apply so the
/// document lists every status a client may meet: 400 for input that cannot be read, 403
/// for a suspended account wherever an account is needed, 404 for an id that names nothing,
/// 413 for a body over the limit.
struct StandardErrors;

impl utoipa::Modify for StandardErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{
            path::{Operation, ParameterIn},
            ContentBuilder, Ref, RefOr, ResponseBuilder,
        };
        let error = |description: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("ErrorBody")))
                            .build(),
                    )
                    .build(),
            )
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            let operations: [&mut Option<Operation>; 5] = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ];
            for operation in operations.into_iter().flatten() {
                for parameter in operation.parameters.iter_mut().flatten() {
                    if parameter.parameter_in == ParameterIn::Header {
                        not_null(&mut parameter.schema);
                    }
                }
                let takes_input = operation.parameters.as_ref().is_some_and(|p| !p.is_empty())
                    || operation.request_body.is_some();
                let needs_account = operation.responses.responses.contains_key("401");
                let mut add = |status: &str, description: &str| {
                    operation
                        .responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| error(description));
                };
                if takes_input {
                    add(
                        "400",
                        "A value is missing, malformed or refused; `field` names it",
                    );
                }
                if needs_account {
                    add("403", "The account is suspended, or may not do this");
                }
                if path.contains('{') {
                    add("404", "Nothing with this id, or not yours to see");
                }
                if operation.request_body.is_some() {
                    add("413", "The body is over the size limit");
                }
            }
        }
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/chefs", get(chefs::list_chefs))
        .route("/chefs/{id}", get(chefs::get_chef))
        .route("/chefs/{id}/rank", get(chefs::get_rank))
        .route("/search/chefs", get(search::chefs))
        .route("/search/dishes", get(search::dishes))
        .route("/search/questions", get(search::questions))
        .route("/search/posts", get(search::posts))
        .route("/search/people", get(search::people))
        .route("/quote", post(quote::quote_event))
        .route(
            "/bookings",
            post(bookings::request_booking).get(bookings::list_bookings),
        )
        .route("/bookings/{id}", get(bookings::get_booking))
        .route("/bookings/{id}/accept", post(bookings::accept_booking))
        .route("/bookings/{id}/decline", post(bookings::decline_booking))
        .route("/bookings/{id}/confirm", post(bookings::confirm_booking))
        .route("/bookings/{id}/check-in", post(bookings::check_in))
        .route("/bookings/{id}/pay", post(bookings::pay_booking))
        .route("/bookings/{id}/cancel", post(bookings::cancel_booking))
        .route(
            "/bookings/{id}/messages",
            get(bookings::list_messages).post(bookings::post_message),
        )
        .route(
            "/bookings/{id}/reviews",
            get(bookings::reviews).post(bookings::write_review),
        )
        .route("/bookings/{id}/disputes", post(disputes::open_dispute))
        .route("/bookings/{id}/dispute", get(disputes::booking_dispute))
        .route("/disputes/{id}", get(disputes::get_dispute))
        .route("/disputes/{id}/answer", post(disputes::answer))
        .route("/disputes/{id}/offer", post(disputes::decide_offer))
        .route(
            "/disputes/{id}/evidence",
            post(disputes::add_evidence).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route(
            "/disputes/{id}/evidence/{name}",
            get(disputes::evidence_photo),
        )
        .route("/disputes/{id}/appeal", post(disputes::appeal))
        .route("/admin/disputes", get(disputes::queue))
        .route("/admin/disputes/{id}/ruling", post(disputes::rule))
        .route("/me/earnings", get(bookings::earnings))
        .route("/me/payouts", post(bookings::payout))
        .route("/test/clock", post(bookings::move_clock))
        .route(
            "/requests",
            post(requests::post_request).get(requests::list_requests),
        )
        .route("/requests/{id}", get(requests::get_request))
        .route("/requests/{id}/proposals", post(requests::propose))
        .route("/requests/{id}/withdraw", post(requests::withdraw))
        .route("/me/invitations", get(requests::invitations))
        .route("/payments/stripe/webhook", post(payments::stripe_webhook))
        .route("/auth/signup", post(accounts::sign_up))
        .route("/auth/login", post(accounts::log_in))
        .route("/auth/logout", post(accounts::log_out))
        .route("/me", get(accounts::me))
        .route("/me/become-chef", post(accounts::become_chef))
        .route("/chefs/{id}/profile", put(workspace::save_profile))
        .route("/chefs/{id}/dishes", post(workspace::create_dish))
        .route(
            "/chefs/{id}/dishes/{dish_id}",
            put(workspace::update_dish).delete(workspace::delete_dish),
        )
        .route("/chefs/{id}/menus", post(workspace::create_menu))
        .route(
            "/chefs/{id}/menus/{menu_id}",
            put(workspace::update_menu).delete(workspace::delete_menu),
        )
        .route(
            "/chefs/{id}/photos",
            post(workspace::upload_photo).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route(
            "/chefs/{id}/photos/{photo_id}",
            delete(workspace::delete_photo),
        )
        .route("/chefs/{id}/weekly-hours", put(workspace::set_weekly_hours))
        .route(
            "/chefs/{id}/calendar",
            get(workspace::calendar).post(workspace::add_block),
        )
        .route(
            "/chefs/{id}/calendar/{block_id}",
            delete(workspace::remove_block),
        )
        .route("/chefs/{id}/availability", get(workspace::availability))
        .route("/notifications", get(notifications::feed))
        .route(
            "/notifications/read-all",
            post(notifications::mark_all_read),
        )
        .route("/notifications/{id}/read", post(notifications::mark_read))
        .route("/notifications/stream", get(notifications::stream))
        .route(
            "/notifications/preferences",
            get(notifications::preferences).put(notifications::set_preferences),
        )
        .route("/me/saved-chefs", get(people::saved_chefs))
        .route(
            "/me/saved-chefs/{chef_id}",
            put(people::save_chef).delete(people::unsave_chef),
        )
        .route("/admin/jobs/dead", get(people::dead_jobs))
        .route("/admin/jobs/{id}/retry", post(people::retry_job))
        .route("/admin/emails", get(people::outbox))
        .route("/admin/users", get(people::users))
        .route("/admin/users/{id}/role", put(people::set_role))
        .route("/admin/users/{id}/suspend", post(people::suspend))
        .route("/admin/users/{id}/reinstate", post(people::reinstate))
        .route(
            "/posts",
            post(social::create_post).layer(DefaultBodyLimit::max(POST_BODY_LIMIT)),
        )
        .route(
            "/posts/{id}",
            get(social::get_post)
                .patch(social::edit_post)
                .delete(social::delete_post),
        )
        .route(
            "/posts/{id}/like",
            post(social::like_post).delete(social::unlike_post),
        )
        .route(
            "/posts/{id}/comments",
            get(social::comments).post(social::add_comment),
        )
        .route("/feed", get(social::feed))
        .route(
            "/me/feed-settings",
            get(social::feed_settings).put(social::save_feed_settings),
        )
        .route(
            "/bookings/{id}/share",
            get(event_shares::sharing)
                .put(event_shares::agree)
                .delete(event_shares::withdraw),
        )
        .route("/me/shown-events", get(event_shares::shown_events))
        .route("/users/{handle}", get(social::profile))
        .route(
            "/users/{handle}/follow",
            put(social::follow).delete(social::unfollow),
        )
        .route(
            "/users/{handle}/block",
            put(social::block).delete(social::unblock),
        )
        .route("/reports", post(moderation::report))
        .route("/me/moderation", get(moderation::my_decisions))
        .route("/moderation/{id}", get(moderation::decision))
        .route("/moderation/{id}/appeal", post(moderation::appeal))
        .route("/admin/reports", get(moderation::queue))
        .route("/admin/moderation/decisions", post(moderation::decide))
        .route("/admin/appeals", get(moderation::appeals))
        .route("/admin/appeals/{id}", post(moderation::answer_appeal))
        .route(
            "/questions",
            get(knowledge::list_questions)
                .post(knowledge::ask)
                .layer(DefaultBodyLimit::max(QUESTION_BODY_LIMIT)),
        )
        .route("/questions/similar", get(knowledge::similar))
        .route(
            "/questions/{id}",
            get(knowledge::get_question)
                .patch(knowledge::edit_question)
                .delete(knowledge::delete_question),
        )
        .route("/questions/{id}/answers", post(knowledge::answer))
        .route("/questions/{id}/live", get(knowledge_live::live))
        .route("/questions/{id}/accept", post(knowledge::accept))
        .route("/questions/{id}/close", post(knowledge_closing::close))
        .route("/questions/{id}/reopen", post(knowledge_closing::reopen))
        .route(
            "/questions/{id}/comments",
            post(knowledge::comment_on_question),
        )
        .route(
            "/questions/{id}/revisions",
            get(knowledge::question_revisions),
        )
        .route(
            "/answers/{id}",
            patch(knowledge::edit_answer).delete(knowledge::delete_answer),
        )
        .route("/answers/{id}/comments", post(knowledge::comment_on_answer))
        .route("/answers/{id}/revisions", get(knowledge::answer_revisions))
        .route(
            "/votes/{kind}/{id}",
            put(knowledge::vote).delete(knowledge::withdraw_vote),
        )
        // `{handle}` as the social profile names it; the reputation takes an id there.
        .route("/users/{handle}/reputation", get(knowledge::reputation))
        .route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
        .fallback(|| async { web::ApiError(domain::AppError::not_found("API endpoint")) })
}
