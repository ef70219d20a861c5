//! The job that sends a refund the ledger owes to the customer's card: outside any
//! transaction, so no writer waits on the card network, and with the refund's own key, so a
//! job run twice (a worker lost its lease) refunds once.

use async_trait::async_trait;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

use super::store::refunds::{mark_sent, refund_due, RefundDue};
use crate::{clock::Clock, jobs::Job, payments::PaymentProvider, worker::JobHandler};

/// Handles [`super::store::refunds::SEND_REFUND`] jobs.
pub struct SendRefund {
    pub db: DatabaseConnection,
    pub clock: Clock,
    pub payments: Arc<dyn PaymentProvider>,
}

#[async_trait]
impl JobHandler for SendRefund {
    async fn before(&self, job: &Job) -> Result<(), String> {
        let RefundDue {
            ledger_transaction_id,
        } = serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
        let refund = refund_due(&self.db, ledger_transaction_id)
            .await
            .map_err(|e| e.to_string())?;
        if refund.row.refund_id.is_some() {
            return Ok(());
        }
        let refund_id = self
            .payments
            .refund(&refund.row.charge_id, refund.amount, &refund.key)
            .await
            .map_err(|e| e.to_string())?;
        tracing::info!(
            booking_id = refund.row.booking_id,
            amount = refund.row.amount_minor,
            refund_id,
            "refund sent"
        );
        mark_sent(&self.db, ledger_transaction_id, refund_id, self.clock.now())
            .await
            .map_err(|e| e.to_string())
    }

    async fn run(&self, _job: &Job, _txn: &sea_orm::DatabaseTransaction) -> Result<(), String> {
        Ok(())
    }
}
