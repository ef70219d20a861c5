//! The job that finishes a charge its request never confirmed: the server stopped between the
//! provider's answer and the confirmation, or the provider did not answer in time. It asks
//! the provider again with the reservation's key — a provider charges once per key, so this
//! returns the first charge or makes the only one — and confirms what it says.

use async_trait::async_trait;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

use super::{
    escrow::confirm_charge,
    store::charges::{charge_request, reservation, Reconcile, RESERVED},
};
use crate::{
    bus::NotificationBus, clock::Clock, jobs::Job, payments::PaymentProvider, worker::JobHandler,
};

/// Handles [`super::store::charges::RECONCILE_CHARGE`] jobs.
pub struct ReconcileCharge {
    pub db: DatabaseConnection,
    pub clock: Clock,
    pub payments: Arc<dyn PaymentProvider>,
    pub bus: NotificationBus,
}

#[async_trait]
impl JobHandler for ReconcileCharge {
    /// All of it runs here, outside the job's transaction: the provider call holds none.
    async fn before(&self, job: &Job) -> Result<(), String> {
        let Reconcile { reservation_id } =
            serde_json::from_str(&job.payload).map_err(|e| e.to_string())?;
        let open = reservation(&self.db, reservation_id)
            .await
            .map_err(|e| e.to_string())?;
        if open.state != RESERVED {
            return Ok(());
        }
        let request = charge_request(&open).map_err(|e| e.to_string())?;
        let now = self.clock.now();
        let charged = self.payments.charge(request, now.date_naive()).await;
        let confirmed = confirm_charge(&self.db, &self.bus, reservation_id, charged, now)
            .await
            .map_err(|e| e.to_string())?;
        tracing::info!(
            reservation_id,
            booking_id = open.booking_id,
            paid = confirmed.outcome.is_ok(),
            "charge reconciled"
        );
        Ok(())
    }

    async fn run(&self, _job: &Job, _txn: &sea_orm::DatabaseTransaction) -> Result<(), String> {
        Ok(())
    }
}
