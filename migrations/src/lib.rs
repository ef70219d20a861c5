//! Chef Galaxy's schema, one migration per change, each reversible. Runs unchanged on SQLite
//! (the embedded default) and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_accounts_and_catalog;
mod m20261126_000002_chef_workspace;
mod m20261126_000003_jobs;
mod m20261126_000004_notifications;
mod m20261126_000005_notification_channels;
mod m20261127_000006_bookings;
mod m20261127_000007_invitations;
mod m20261127_000008_payment_events;
mod m20261127_000009_chef_ranks;
mod m20261127_000010_check_ins;
mod m20261127_000011_disputes;
mod m20261127_000012_suspensions;
mod m20261205_000013_charge_reservations;
mod m20261205_000014_refund_sends;
mod m20261205_000015_saved_chef_history;
mod m20261206_000016_social;
mod m20261206_000017_moderation;
mod m20261206_000018_notification_groups;
mod m20261207_000019_knowledge;
mod m20261207_000020_live_posts_by_author;
mod m20261207_000021_reputation_by_user_points;
mod m20261207_000022_question_photos;
mod m20261207_000023_job_indexes;
mod schema_helpers;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_accounts_and_catalog::Migration),
            Box::new(m20261126_000002_chef_workspace::Migration),
            Box::new(m20261126_000003_jobs::Migration),
            Box::new(m20261126_000004_notifications::Migration),
            Box::new(m20261126_000005_notification_channels::Migration),
            Box::new(m20261127_000006_bookings::Migration),
            Box::new(m20261127_000007_invitations::Migration),
            Box::new(m20261127_000008_payment_events::Migration),
            Box::new(m20261127_000009_chef_ranks::Migration),
            Box::new(m20261127_000010_check_ins::Migration),
            Box::new(m20261127_000011_disputes::Migration),
            Box::new(m20261127_000012_suspensions::Migration),
            Box::new(m20261205_000013_charge_reservations::Migration),
            Box::new(m20261205_000014_refund_sends::Migration),
            Box::new(m20261205_000015_saved_chef_history::Migration),
            Box::new(m20261206_000016_social::Migration),
            Box::new(m20261206_000017_moderation::Migration),
            Box::new(m20261206_000018_notification_groups::Migration),
            Box::new(m20261207_000019_knowledge::Migration),
            Box::new(m20261207_000020_live_posts_by_author::Migration),
            Box::new(m20261207_000021_reputation_by_user_points::Migration),
            Box::new(m20261207_000022_question_photos::Migration),
            Box::new(m20261207_000023_job_indexes::Migration),
        ]
    }
}
