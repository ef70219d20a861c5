//! Reading: a question's page (the question, its answers — accepted first, then by score —
//! every comment, each author's reputation and, for chefs, their marketplace record) and a
//! person's reputation. A page is a fixed number of queries however many answers it has.

use domain::{
    account::CurrentUser,
    knowledge::{
        questions::{CloseReason, VoteDirection, VoteTarget},
        views::{
            AnswerView, Author, Closure, KnowledgeComment, QuestionLink, QuestionPage,
            ReputationReport,
        },
    },
    social::posts::PersonRef,
};
use sea_orm::{ColumnTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};

use super::{
    chef_facts::verified_chefs, ledger, live_answer, live_answers, live_question, Knowledge,
};
use crate::{
    entities::{answers, knowledge_comments, knowledge_votes, question_tags, questions, users},
    social::views::people,
    ServiceError,
};

/// Lines of the ledger a reputation report shows.
const LEDGER_LINES: u64 = 100;

impl Knowledge {
    pub async fn page(
        &self,
        viewer: Option<&CurrentUser>,
        question_id: i64,
    ) -> Result<QuestionPage, ServiceError> {
        let question = live_question(&self.db, question_id).await?;
        // The page's parts are independent reads: asked at once, they cost the slowest one
        // rather than the sum.
        let answers = async {
            Ok::<_, ServiceError>(
                live_answers()
                    .filter(answers::Column::QuestionId.eq(question_id))
                    .order_by_desc(answers::Column::Score)
                    .order_by_asc(answers::Column::Id)
                    .all(&self.db)
                    .await?,
            )
        };
        let comments = async {
            Ok(knowledge_comments::Entity::find()
                .filter(knowledge_comments::Column::QuestionId.eq(question_id))
                .filter(knowledge_comments::Column::DeletedAt.is_null())
                .filter(knowledge_comments::Column::HiddenAt.is_null())
                .order_by_asc(knowledge_comments::Column::Id)
                .all(&self.db)
                .await?)
        };
        let tags = async {
            Ok(question_tags::Entity::find()
                .filter(question_tags::Column::QuestionId.eq(question_id))
                .all(&self.db)
                .await?)
        };
        let (mut answers, comments, tags, photos, closure, pending_close_votes) = tokio::try_join!(
            answers,
            comments,
            tags,
            super::photos::shown_with(&self.db, question_id),
            self.closure_of(&question),
            super::closing::pending_votes(&self.db, &question),
        )?;
        // The accepted answer leads, whatever its score.
        if let Some(accepted) = question.accepted_answer_id {
            if let Some(at) = answers.iter().position(|answer| answer.id == accepted) {
                let answer = answers.remove(at);
                answers.insert(0, answer);
            }
        }

        let mut everyone: HashSet<i64> = HashSet::from([question.author_id]);
        everyone.extend(question.directed_to_id);
        everyone.extend(answers.iter().map(|answer| answer.author_id));
        everyone.extend(comments.iter().map(|comment| comment.author_id));
        let (your_votes, authors) = tokio::try_join!(
            self.votes_of(viewer, question_id, &answers),
            Authors::read(self, &everyone),
        )?;

        let mut by_answer: HashMap<Option<i64>, Vec<KnowledgeComment>> = HashMap::new();
        for comment in comments {
            by_answer
                .entry(comment.answer_id)
                .or_default()
                .push(KnowledgeComment {
                    id: comment.id,
                    author: authors.person(comment.author_id),
                    text: comment.text,
                    created_at: comment.created_at,
                });
        }
        let answers = answers
            .into_iter()
            .map(|answer| AnswerView {
                id: answer.id,
                question_id,
                author: authors.author(answer.author_id),
                accepted: question.accepted_answer_id == Some(answer.id),
                your_vote: your_votes.get(&(VoteTarget::Answer, answer.id)).copied(),
                comments: by_answer.remove(&Some(answer.id)).unwrap_or_default(),
                body: answer.body,
                body_html: answer.body_html,
                score: answer.score,
                created_at: answer.created_at,
                edited_at: answer.edited_at,
            })
            .collect();
        Ok(QuestionPage {
            id: question.id,
            title: question.title,
            body: question.body,
            body_html: question.body_html,
            photos,
            tags: tags.into_iter().map(|tag| tag.tag).collect(),
            score: question.score,
            author: authors.author(question.author_id),
            asked_of: question.directed_to_id.map(|chef| authors.person(chef)),
            closure,
            pending_close_votes,
            your_vote: your_votes
                .get(&(VoteTarget::Question, question.id))
                .copied(),
            comments: by_answer.remove(&None).unwrap_or_default(),
            answers,
            accepted_answer_id: question.accepted_answer_id,
            created_at: question.created_at,
            edited_at: question.edited_at,
        })
    }

    /// Whether a question can be read: a 404 for one deleted, hidden or never asked.
    pub async fn ensure_readable(&self, question_id: i64) -> Result<(), ServiceError> {
        live_question(&self.db, question_id).await.map(drop)
    }

    /// The question a question or an answer belongs to.
    pub async fn question_of(&self, of: VoteTarget, id: i64) -> Result<i64, ServiceError> {
        Ok(super::target_of(&self.db, of, id).await?.question.id)
    }

    /// One answer as its question's page shows it.
    pub async fn answer_view(
        &self,
        viewer: Option<&CurrentUser>,
        answer_id: i64,
    ) -> Result<AnswerView, ServiceError> {
        let (answer, _) = live_answer(&self.db, answer_id).await?;
        let page = self.page(viewer, answer.question_id).await?;
        page.answers
            .into_iter()
            .find(|shown| shown.id == answer_id)
            .ok_or(ServiceError::NotFound("Answer"))
    }

    /// A person's reputation and the ledger lines it is the sum of, newest first.
    pub async fn reputation(&self, user_id: i64) -> Result<ReputationReport, ServiceError> {
        users::Entity::find_by_id(user_id)
            .one(&self.db)
            .await?
            .ok_or(ServiceError::NotFound("Person"))?;
        Ok(ReputationReport {
            user_id,
            total: ledger::reputation_of(&self.db, user_id).await?,
            events: ledger::ledger_of(&self.db, user_id, LEDGER_LINES).await?,
        })
    }

    async fn votes_of(
        &self,
        viewer: Option<&CurrentUser>,
        question_id: i64,
        answers: &[answers::Model],
    ) -> Result<HashMap<(VoteTarget, i64), VoteDirection>, ServiceError> {
        let Some(viewer) = viewer else {
            return Ok(HashMap::new());
        };
        let answer_ids: Vec<i64> = answers.iter().map(|answer| answer.id).collect();
        let on_question = knowledge_votes::Column::TargetKind
            .eq(VoteTarget::Question.code())
            .and(knowledge_votes::Column::TargetId.eq(question_id));
        let on_answers = knowledge_votes::Column::TargetKind
            .eq(VoteTarget::Answer.code())
            .and(knowledge_votes::Column::TargetId.is_in(answer_ids));
        Ok(knowledge_votes::Entity::find()
            .filter(knowledge_votes::Column::VoterId.eq(viewer.id))
            .filter(on_question.or(on_answers))
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(|vote| {
                let target = VoteTarget::parse(&vote.target_kind)?;
                let direction = VoteDirection::from_value(i32::from(vote.value)).ok()?;
                Some(((target, vote.target_id), direction))
            })
            .collect())
    }

    async fn closure_of(
        &self,
        question: &questions::Model,
    ) -> Result<Option<Closure>, ServiceError> {
        let (Some(closed_at), Some(reason)) = (
            question.closed_at,
            question
                .close_reason
                .as_deref()
                .and_then(CloseReason::parse),
        ) else {
            return Ok(None);
        };
        let duplicate_of = match question.duplicate_of_id {
            Some(original) => questions::Entity::find_by_id(original)
                .one(&self.db)
                .await?
                .map(|original| QuestionLink {
                    id: original.id,
                    title: original.title,
                }),
            None => None,
        };
        Ok(Some(Closure {
            reason,
            closed_at,
            duplicate_of,
        }))
    }
}

/// Everyone a page names, with their reputation and, for chefs, their record.
struct Authors {
    people: HashMap<i64, PersonRef>,
    reputations: HashMap<i64, i64>,
    chefs: HashMap<i64, domain::knowledge::views::VerifiedChef>,
}

impl Authors {
    async fn read(knowledge: &Knowledge, ids: &HashSet<i64>) -> Result<Self, ServiceError> {
        let (people, reputations, chefs) = tokio::try_join!(
            people(&knowledge.db, ids.clone()),
            ledger::reputations(&knowledge.db, ids.iter().copied()),
            verified_chefs(&knowledge.db, ids),
        )?;
        Ok(Self {
            people,
            reputations,
            chefs,
        })
    }

    fn person(&self, id: i64) -> PersonRef {
        self.people.get(&id).cloned().unwrap_or_else(|| PersonRef {
            id,
            handle: String::new(),
            display_name: "Former member".into(),
            is_chef: false,
            photo_url: None,
        })
    }

    fn author(&self, id: i64) -> Author {
        Author {
            person: self.person(id),
            reputation: self
                .reputations
                .get(&id)
                .copied()
                .unwrap_or(domain::knowledge::reputation::STARTING_REPUTATION),
            verified_chef: self.chefs.get(&id).cloned(),
        }
    }
}
