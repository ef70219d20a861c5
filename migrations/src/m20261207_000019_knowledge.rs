//! The knowledge section: questions (with tags, optionally asked of one chef), answers,
//! comments on both, every revision of a question or answer, votes, close and reopen votes,
//! and reputation as an append-only ledger of events. Vote scores and answer counts are kept
//! on the row they count, in the transaction that changes them, so a list reads no aggregate;
//! reputation is never kept as a counter: it is the sum of its events.

use sea_orm_migration::{prelude::*, schema::*};

use crate::schema_helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Questions::Table)
                    .col(big_integer(Questions::Id).auto_increment().primary_key())
                    .col(big_integer(Questions::AuthorId))
                    // A question asked of one chef from their page.
                    .col(big_integer_null(Questions::DirectedToId))
                    .col(string_len(Questions::Title, 200))
                    .col(text(Questions::Body))
                    .col(text(Questions::BodyHtml))
                    .col(integer(Questions::Score).default(0))
                    .col(integer(Questions::AnswerCount).default(0))
                    .col(big_integer_null(Questions::AcceptedAnswerId))
                    .col(timestamp_with_time_zone_null(Questions::ClosedAt))
                    .col(string_len_null(Questions::CloseReason, 16))
                    .col(big_integer_null(Questions::DuplicateOfId))
                    .col(timestamp_with_time_zone(Questions::CreatedAt))
                    .col(timestamp_with_time_zone_null(Questions::EditedAt))
                    .col(timestamp_with_time_zone(Questions::LastActivityAt))
                    .col(timestamp_with_time_zone_null(Questions::DeletedAt))
                    .col(timestamp_with_time_zone_null(Questions::HiddenAt))
                    .foreign_key(&mut fk(
                        "fk_questions_author",
                        Questions::Table,
                        Questions::AuthorId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_questions_directed_to",
                        Questions::Table,
                        Questions::DirectedToId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_questions_duplicate_of",
                        Questions::Table,
                        Questions::DuplicateOfId,
                        Questions::Table,
                        Questions::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "idx_questions_created",
                &[Questions::CreatedAt, Questions::Id][..],
            ),
            ("idx_questions_score", &[Questions::Score, Questions::Id]),
            (
                "idx_questions_unanswered",
                &[Questions::AnswerCount, Questions::CreatedAt, Questions::Id],
            ),
            (
                "idx_questions_author",
                &[Questions::AuthorId, Questions::CreatedAt],
            ),
            (
                "idx_questions_directed",
                &[Questions::DirectedToId, Questions::CreatedAt],
            ),
        ] {
            index(manager, name, Questions::Table, columns, false).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(QuestionTags::Table)
                    .col(big_integer(QuestionTags::QuestionId))
                    .col(string_len(QuestionTags::Tag, 40))
                    .col(timestamp_with_time_zone(QuestionTags::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(QuestionTags::QuestionId)
                            .col(QuestionTags::Tag),
                    )
                    .foreign_key(&mut fk(
                        "fk_question_tags_question",
                        QuestionTags::Table,
                        QuestionTags::QuestionId,
                        Questions::Table,
                        Questions::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_question_tags_tag_created",
            QuestionTags::Table,
            &[
                QuestionTags::Tag,
                QuestionTags::CreatedAt,
                QuestionTags::QuestionId,
            ],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Answers::Table)
                    .col(big_integer(Answers::Id).auto_increment().primary_key())
                    .col(big_integer(Answers::QuestionId))
                    .col(big_integer(Answers::AuthorId))
                    .col(text(Answers::Body))
                    .col(text(Answers::BodyHtml))
                    .col(integer(Answers::Score).default(0))
                    .col(timestamp_with_time_zone(Answers::CreatedAt))
                    .col(timestamp_with_time_zone_null(Answers::EditedAt))
                    .col(timestamp_with_time_zone_null(Answers::DeletedAt))
                    .col(timestamp_with_time_zone_null(Answers::HiddenAt))
                    .foreign_key(&mut fk(
                        "fk_answers_question",
                        Answers::Table,
                        Answers::QuestionId,
                        Questions::Table,
                        Questions::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_answers_author",
                        Answers::Table,
                        Answers::AuthorId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_answers_question",
            Answers::Table,
            &[Answers::QuestionId, Answers::Score, Answers::Id],
            false,
        )
        .await?;
        index(
            manager,
            "idx_answers_author",
            Answers::Table,
            &[Answers::AuthorId, Answers::CreatedAt],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(KnowledgeComments::Table)
                    .col(
                        big_integer(KnowledgeComments::Id)
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big_integer(KnowledgeComments::QuestionId))
                    // Set for a comment on an answer; none for one on the question.
                    .col(big_integer_null(KnowledgeComments::AnswerId))
                    .col(big_integer(KnowledgeComments::AuthorId))
                    .col(text(KnowledgeComments::Text))
                    .col(timestamp_with_time_zone(KnowledgeComments::CreatedAt))
                    .col(timestamp_with_time_zone_null(KnowledgeComments::DeletedAt))
                    .col(timestamp_with_time_zone_null(KnowledgeComments::HiddenAt))
                    .foreign_key(&mut fk(
                        "fk_knowledge_comments_question",
                        KnowledgeComments::Table,
                        KnowledgeComments::QuestionId,
                        Questions::Table,
                        Questions::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_knowledge_comments_answer",
                        KnowledgeComments::Table,
                        KnowledgeComments::AnswerId,
                        Answers::Table,
                        Answers::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_knowledge_comments_author",
                        KnowledgeComments::Table,
                        KnowledgeComments::AuthorId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_knowledge_comments_question",
            KnowledgeComments::Table,
            &[KnowledgeComments::QuestionId, KnowledgeComments::CreatedAt],
            false,
        )
        .await?;

        // Every version of a question or an answer, the first included: the diff view
        // compares neighbours.
        manager
            .create_table(
                Table::create()
                    .table(Revisions::Table)
                    .col(big_integer(Revisions::Id).auto_increment().primary_key())
                    .col(big_integer_null(Revisions::QuestionId))
                    .col(big_integer_null(Revisions::AnswerId))
                    .col(big_integer(Revisions::EditorId))
                    .col(string_len_null(Revisions::Title, 200))
                    .col(text(Revisions::Body))
                    // Tags joined by spaces, for a question's revision.
                    .col(text_null(Revisions::Tags))
                    .col(timestamp_with_time_zone(Revisions::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_revisions_question",
                        Revisions::Table,
                        Revisions::QuestionId,
                        Questions::Table,
                        Questions::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_revisions_answer",
                        Revisions::Table,
                        Revisions::AnswerId,
                        Answers::Table,
                        Answers::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_revisions_editor",
                        Revisions::Table,
                        Revisions::EditorId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_revisions_question",
            Revisions::Table,
            &[Revisions::QuestionId, Revisions::Id],
            false,
        )
        .await?;
        index(
            manager,
            "idx_revisions_answer",
            Revisions::Table,
            &[Revisions::AnswerId, Revisions::Id],
            false,
        )
        .await?;

        // One vote per person per question or answer; `recipient_id` is whose post it is, so
        // the nightly fraud guard finds pairs of accounts without joining the posts.
        manager
            .create_table(
                Table::create()
                    .table(KnowledgeVotes::Table)
                    .col(big_integer(KnowledgeVotes::VoterId))
                    .col(string_len(KnowledgeVotes::TargetKind, 16))
                    .col(big_integer(KnowledgeVotes::TargetId))
                    .col(big_integer(KnowledgeVotes::RecipientId))
                    .col(small_integer(KnowledgeVotes::Value))
                    .col(timestamp_with_time_zone(KnowledgeVotes::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(KnowledgeVotes::VoterId)
                            .col(KnowledgeVotes::TargetKind)
                            .col(KnowledgeVotes::TargetId),
                    )
                    .foreign_key(&mut fk(
                        "fk_knowledge_votes_voter",
                        KnowledgeVotes::Table,
                        KnowledgeVotes::VoterId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_knowledge_votes_recipient",
                        KnowledgeVotes::Table,
                        KnowledgeVotes::RecipientId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_knowledge_votes_pair",
            KnowledgeVotes::Table,
            &[
                KnowledgeVotes::VoterId,
                KnowledgeVotes::RecipientId,
                KnowledgeVotes::CreatedAt,
            ],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(CloseVotes::Table)
                    .col(big_integer(CloseVotes::Id).auto_increment().primary_key())
                    .col(big_integer(CloseVotes::QuestionId))
                    .col(big_integer(CloseVotes::VoterId))
                    // "close" or "reopen".
                    .col(string_len(CloseVotes::Action, 8))
                    .col(string_len_null(CloseVotes::Reason, 16))
                    .col(big_integer_null(CloseVotes::DuplicateOfId))
                    .col(timestamp_with_time_zone(CloseVotes::CreatedAt))
                    // Set when the question closes or reopens: the next round counts afresh.
                    .col(timestamp_with_time_zone_null(CloseVotes::SpentAt))
                    .foreign_key(&mut fk(
                        "fk_close_votes_question",
                        CloseVotes::Table,
                        CloseVotes::QuestionId,
                        Questions::Table,
                        Questions::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_close_votes_voter",
                        CloseVotes::Table,
                        CloseVotes::VoterId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_close_votes_question",
            CloseVotes::Table,
            &[CloseVotes::QuestionId, CloseVotes::Action],
            false,
        )
        .await?;

        // The reputation ledger. `cause` names what moved it ("vote:answer:12:by:5",
        // "accept:12"); a reversal carries the same cause and the id of the line it takes back.
        manager
            .create_table(
                Table::create()
                    .table(ReputationEvents::Table)
                    .col(
                        big_integer(ReputationEvents::Id)
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big_integer(ReputationEvents::UserId))
                    .col(string_len(ReputationEvents::Reason, 24))
                    .col(boolean(ReputationEvents::Reversal).default(false))
                    .col(integer(ReputationEvents::Points))
                    .col(string_len(ReputationEvents::Cause, 64))
                    .col(big_integer_null(ReputationEvents::ReversesId))
                    .col(big_integer_null(ReputationEvents::QuestionId))
                    .col(big_integer_null(ReputationEvents::AnswerId))
                    .col(timestamp_with_time_zone(ReputationEvents::At))
                    .foreign_key(&mut fk(
                        "fk_reputation_events_user",
                        ReputationEvents::Table,
                        ReputationEvents::UserId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_reputation_events_reverses",
                        ReputationEvents::Table,
                        ReputationEvents::ReversesId,
                        ReputationEvents::Table,
                        ReputationEvents::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_reputation_events_user",
            ReputationEvents::Table,
            &[ReputationEvents::UserId, ReputationEvents::At],
            false,
        )
        .await?;
        index(
            manager,
            "idx_reputation_events_cause",
            ReputationEvents::Table,
            &[ReputationEvents::Cause],
            false,
        )
        .await?;
        index(
            manager,
            "idx_reputation_events_reverses",
            ReputationEvents::Table,
            &[ReputationEvents::ReversesId],
            true,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ReputationEvents::Table.into_iden(),
            CloseVotes::Table.into_iden(),
            KnowledgeVotes::Table.into_iden(),
            Revisions::Table.into_iden(),
            KnowledgeComments::Table.into_iden(),
            Answers::Table.into_iden(),
            QuestionTags::Table.into_iden(),
            Questions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Questions {
    Table,
    Id,
    AuthorId,
    DirectedToId,
    Title,
    Body,
    BodyHtml,
    Score,
    AnswerCount,
    AcceptedAnswerId,
    ClosedAt,
    CloseReason,
    DuplicateOfId,
    CreatedAt,
    EditedAt,
    LastActivityAt,
    DeletedAt,
    HiddenAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum QuestionTags {
    Table,
    QuestionId,
    Tag,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Answers {
    Table,
    Id,
    QuestionId,
    AuthorId,
    Body,
    BodyHtml,
    Score,
    CreatedAt,
    EditedAt,
    DeletedAt,
    HiddenAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum KnowledgeComments {
    Table,
    Id,
    QuestionId,
    AnswerId,
    AuthorId,
    Text,
    CreatedAt,
    DeletedAt,
    HiddenAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Revisions {
    Table,
    Id,
    QuestionId,
    AnswerId,
    EditorId,
    Title,
    Body,
    Tags,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum KnowledgeVotes {
    Table,
    VoterId,
    TargetKind,
    TargetId,
    RecipientId,
    Value,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CloseVotes {
    Table,
    Id,
    QuestionId,
    VoterId,
    Action,
    Reason,
    DuplicateOfId,
    CreatedAt,
    SpentAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReputationEvents {
    Table,
    Id,
    UserId,
    Reason,
    Reversal,
    Points,
    Cause,
    ReversesId,
    QuestionId,
    AnswerId,
    At,
}
