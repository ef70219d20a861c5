//! Money on a double-entry ledger. Every movement is a transaction whose entries sum to zero;
//! balances are sums of entries; nothing is ever changed in place. These rules decide which
//! entries a payment, refund, release or payout writes, and refuse the ones that would take
//! more out of an account than it holds; the backend stores what they return.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::booking::{policy_refund_minor, BookingEvent, BookingState, Party};

vocabulary! {
    /// The accounts a booking's money passes through.
    Account {
        /// What the customer's card paid in (its balance goes negative as money arrives).
        CustomerFunds => "customer_funds", "Customer funds";
        /// Held by the platform until the event is over.
        Escrow => "escrow", "Escrow";
        /// Owed to the chef.
        ChefPayable => "chef_payable", "Owed to the chef";
        /// Paid out to the chef's bank.
        ChefPaidOut => "chef_paid_out", "Paid out to the chef";
        /// The platform's service fee, once earned.
        PlatformRevenue => "platform_revenue", "Platform revenue";
        /// Returned to the customer's card.
        Refunds => "refunds", "Refunds";
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub account: Account,
    /// Positive into the account, negative out of it, in minor units.
    pub amount_minor: i64,
}

vocabulary! {
    /// Why money moved.
    Movement {
        Payment => "payment", "Payment";
        Refund => "refund", "Refund";
        Release => "release", "Release to the chef";
        Payout => "payout", "Payout";
        /// The platform pays the chef back what an overturned ruling refunded.
        Compensation => "compensation", "Compensation from the platform";
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    pub movement: Movement,
    pub entries: Vec<Entry>,
}

impl Transaction {
    fn new(movement: Movement, moves: &[(Account, i64)]) -> Self {
        Self {
            movement,
            entries: moves
                .iter()
                .filter(|(_, amount)| *amount != 0)
                .map(|&(account, amount_minor)| Entry {
                    account,
                    amount_minor,
                })
                .collect(),
        }
    }

    pub fn is_balanced(&self) -> bool {
        self.entries
            .iter()
            .map(|entry| entry.amount_minor)
            .sum::<i64>()
            == 0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// One booking's ledger: its transactions, and the balances they add up to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingLedger {
    pub transactions: Vec<Transaction>,
}

impl BookingLedger {
    pub fn balance(&self, account: Account) -> i64 {
        self.balances().get(&account).copied().unwrap_or_default()
    }

    pub fn balances(&self) -> BTreeMap<Account, i64> {
        let mut balances = BTreeMap::new();
        for entry in self.transactions.iter().flat_map(|t| &t.entries) {
            *balances.entry(entry.account).or_insert(0) += entry.amount_minor;
        }
        balances
    }

    pub fn paid_minor(&self) -> i64 {
        -self.balance(Account::CustomerFunds)
    }

    pub fn refunded_minor(&self) -> i64 {
        self.balance(Account::Refunds)
    }

    fn record(&mut self, transaction: Transaction) -> &Transaction {
        debug_assert!(transaction.is_balanced());
        self.transactions.push(transaction);
        self.transactions.last().expect("just pushed")
    }

    /// The customer pays `total_minor` into escrow; only an accepted booking is paid, once.
    pub fn pay(&mut self, state: BookingState, total_minor: i64) -> Result<&Transaction, Refused> {
        if state != BookingState::Accepted {
            return Err(Refused(format!(
                "A booking that is {} is not paid.",
                state.code()
            )));
        }
        if total_minor <= 0 {
            return Err(Refused("A payment must be more than zero.".into()));
        }
        Ok(self.record(Transaction::new(
            Movement::Payment,
            &[
                (Account::CustomerFunds, -total_minor),
                (Account::Escrow, total_minor),
            ],
        )))
    }

    /// Returns the policy's share of what escrow holds when `by` cancels `days_before` the
    /// event. Nothing comes back twice: a second refund finds the share already returned.
    pub fn refund_on_cancel(
        &mut self,
        state_before: BookingState,
        by: Party,
        days_before: i64,
    ) -> Result<Option<&Transaction>, Refused> {
        state_before
            .after(BookingEvent::Cancel, by)
            .map_err(|step| Refused(step.0))?;
        let held = self.balance(Account::Escrow);
        let owed = policy_refund_minor(self.paid_minor(), by, days_before);
        let amount = (owed - self.refunded_minor()).clamp(0, held);
        if amount == 0 {
            return Ok(None);
        }
        Ok(Some(self.record(Transaction::new(
            Movement::Refund,
            &[(Account::Escrow, -amount), (Account::Refunds, amount)],
        ))))
    }

    /// After the complaint window: escrow goes to the chef, less the platform's fee.
    pub fn release(
        &mut self,
        state: BookingState,
        fee_minor: i64,
    ) -> Result<&Transaction, Refused> {
        if state != BookingState::Completed {
            return Err(Refused(format!(
                "A booking that is {} is not released.",
                state.code()
            )));
        }
        let held = self.balance(Account::Escrow);
        if held <= 0 {
            return Err(Refused("Nothing is held for this booking.".into()));
        }
        let fee = fee_minor.clamp(0, held);
        Ok(self.record(Transaction::new(
            Movement::Release,
            &[
                (Account::Escrow, -held),
                (Account::PlatformRevenue, fee),
                (Account::ChefPayable, held - fee),
            ],
        )))
    }

    /// After a cancellation, what the policy did not refund compensates the chef, less the
    /// platform's fee in the same proportion; nothing stays in escrow.
    pub fn settle_cancelled(
        &mut self,
        state: BookingState,
        fee_minor: i64,
    ) -> Result<Option<&Transaction>, Refused> {
        if state != BookingState::Cancelled {
            return Err(Refused(format!(
                "A booking that is {} is not settled as cancelled.",
                state.code()
            )));
        }
        Ok(self.release_rest(fee_minor))
    }

    /// A dispute's ruling: `refund_minor` back to the customer's card (never more than is
    /// held), and the rest released to the chef as after a cancellation; escrow ends empty.
    pub fn settle_dispute(
        &mut self,
        state: BookingState,
        refund_minor: i64,
        fee_minor: i64,
    ) -> Result<Vec<Transaction>, Refused> {
        if !matches!(
            state,
            BookingState::Paid
                | BookingState::Confirmed
                | BookingState::Completed
                | BookingState::Cancelled
        ) {
            return Err(Refused(format!(
                "A booking that is {} has no money in dispute.",
                state.code()
            )));
        }
        let mut recorded = Vec::new();
        let refund = refund_minor.clamp(0, self.balance(Account::Escrow));
        if refund > 0 {
            recorded.push(
                self.record(Transaction::new(
                    Movement::Refund,
                    &[(Account::Escrow, -refund), (Account::Refunds, refund)],
                ))
                .clone(),
            );
        }
        if let Some(release) = self.release_rest(fee_minor) {
            recorded.push(release.clone());
        }
        Ok(recorded)
    }

    /// An appeal changed a ruling's refund from `ruled_refund_minor` to `new_refund_minor`.
    /// More back comes out of what the chef is still owed for this booking (their payout
    /// waits for the appeal window), then out of the platform's fee: an appeal that gives the
    /// customer everything back gives back the fee too. Less back cannot be taken from the
    /// customer's card, so the platform pays the chef the difference.
    pub fn adjust_after_appeal(
        &mut self,
        ruled_refund_minor: i64,
        new_refund_minor: i64,
    ) -> Result<Option<&Transaction>, Refused> {
        let new_refund = new_refund_minor.clamp(0, self.paid_minor());
        let difference = new_refund - ruled_refund_minor;
        if difference > 0 {
            let owed = self.balance(Account::ChefPayable).max(0);
            let fee = self.balance(Account::PlatformRevenue).max(0);
            let from_chef = difference.min(owed);
            let from_fee = (difference - from_chef).min(fee);
            if from_chef + from_fee < difference {
                return Err(Refused(format!(
                    "Only {} is left to refund from: {owed} of the chef's share (already paid out otherwise) and the platform's fee of {fee}.",
                    owed + fee
                )));
            }
            Ok(Some(self.record(Transaction::new(
                Movement::Refund,
                &[
                    (Account::ChefPayable, -from_chef),
                    (Account::PlatformRevenue, -from_fee),
                    (Account::Refunds, difference),
                ],
            ))))
        } else if difference < 0 {
            Ok(Some(self.record(Transaction::new(
                Movement::Compensation,
                &[
                    (Account::PlatformRevenue, difference),
                    (Account::ChefPayable, -difference),
                ],
            ))))
        } else {
            Ok(None)
        }
    }

    /// Releases what escrow still holds to the chef, less the platform's fee in proportion
    /// to the share of the payment released.
    fn release_rest(&mut self, fee_minor: i64) -> Option<&Transaction> {
        let held = self.balance(Account::Escrow);
        let paid = self.paid_minor();
        if held <= 0 || paid <= 0 {
            return None;
        }
        let fee = ((i128::from(fee_minor.max(0)) * i128::from(held) + i128::from(paid) / 2)
            / i128::from(paid)) as i64;
        let fee = fee.clamp(0, held);
        Some(self.record(Transaction::new(
            Movement::Release,
            &[
                (Account::Escrow, -held),
                (Account::PlatformRevenue, fee),
                (Account::ChefPayable, held - fee),
            ],
        )))
    }

    /// Pays the chef what they are owed, up to `amount_minor`.
    pub fn payout(&mut self, amount_minor: i64) -> Result<&Transaction, Refused> {
        let owed = self.balance(Account::ChefPayable);
        if amount_minor <= 0 || amount_minor > owed {
            return Err(Refused(format!(
                "The chef is owed {owed} minor units; {amount_minor} cannot be paid out."
            )));
        }
        Ok(self.record(Transaction::new(
            Movement::Payout,
            &[
                (Account::ChefPayable, -amount_minor),
                (Account::ChefPaidOut, amount_minor),
            ],
        )))
    }
}

/// What a payment still held in escrow will become at release: the chef's share (the VAT
/// in it included, which the chef declares) and the platform's fee. A partly refunded
/// payment splits in the same proportions as the whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeldSplit {
    pub chef_share_minor: i64,
    pub fee_minor: i64,
    pub vat_minor: i64,
}

impl HeldSplit {
    /// `held_minor` of a booking whose total was `total_minor`, with `fee_minor` of platform
    /// fee and `vat_minor` of VAT in that total.
    pub fn of(held_minor: i64, total_minor: i64, fee_minor: i64, vat_minor: i64) -> Self {
        if held_minor <= 0 || total_minor <= 0 {
            return Self::default();
        }
        let part = |whole: i64| {
            (i128::from(whole) * i128::from(held_minor) / i128::from(total_minor)) as i64
        };
        let fee = part(fee_minor).clamp(0, held_minor);
        Self {
            chef_share_minor: held_minor - fee,
            fee_minor: fee,
            vat_minor: part(vat_minor).clamp(0, held_minor - fee),
        }
    }
}

impl std::ops::Add for HeldSplit {
    type Output = Self;

    fn add(self, other: Self) -> Self {
        Self {
            chef_share_minor: self.chef_share_minor + other.chef_share_minor,
            fee_minor: self.fee_minor + other.fee_minor,
            vat_minor: self.vat_minor + other.vat_minor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_payment_splits_into_the_chefs_share_and_the_platforms_fee() {
        let whole = HeldSplit::of(12_300, 12_300, 1_000, 2_300);
        assert_eq!(
            whole,
            HeldSplit {
                chef_share_minor: 11_300,
                fee_minor: 1_000,
                vat_minor: 2_300
            }
        );
        let half_refunded = HeldSplit::of(6_150, 12_300, 1_000, 2_300);
        assert_eq!(
            half_refunded,
            HeldSplit {
                chef_share_minor: 5_650,
                fee_minor: 500,
                vat_minor: 1_150
            }
        );
        assert_eq!(HeldSplit::of(0, 12_300, 1_000, 2_300), HeldSplit::default());
    }
    use proptest::prelude::*;

    #[test]
    fn a_paid_and_released_booking_splits_escrow_between_chef_and_platform() {
        let mut ledger = BookingLedger::default();
        ledger.pay(BookingState::Accepted, 62_006).unwrap();
        assert_eq!(ledger.balance(Account::Escrow), 62_006);
        ledger.release(BookingState::Completed, 4_583).unwrap();
        assert_eq!(ledger.balance(Account::Escrow), 0);
        assert_eq!(ledger.balance(Account::PlatformRevenue), 4_583);
        assert_eq!(ledger.balance(Account::ChefPayable), 57_423);
        ledger.payout(57_423).unwrap();
        assert_eq!(ledger.balance(Account::ChefPaidOut), 57_423);
        assert!(ledger.payout(1).is_err(), "nothing more is owed");
        assert_eq!(ledger.balances().values().sum::<i64>(), 0);
    }

    #[test]
    fn a_customer_cancelling_three_weeks_ahead_gets_half_back_once() {
        let mut ledger = BookingLedger::default();
        ledger.pay(BookingState::Accepted, 10_001).unwrap();
        let refund = ledger
            .refund_on_cancel(BookingState::Paid, Party::Customer, 21)
            .unwrap();
        assert_eq!(refund.unwrap().entries[1].amount_minor, 5_001);
        assert_eq!(
            ledger
                .refund_on_cancel(BookingState::Paid, Party::Customer, 21)
                .unwrap(),
            None
        );
        assert_eq!(ledger.refunded_minor(), 5_001);
    }

    #[test]
    fn money_moves_only_in_the_right_state() {
        let mut ledger = BookingLedger::default();
        assert!(ledger.pay(BookingState::Requested, 100).is_err());
        assert!(
            ledger.release(BookingState::Completed, 0).is_err(),
            "nothing held"
        );
        ledger.pay(BookingState::Accepted, 100).unwrap();
        assert!(
            ledger.release(BookingState::Confirmed, 0).is_err(),
            "not before completion"
        );
        assert!(ledger
            .refund_on_cancel(BookingState::Completed, Party::Customer, 0)
            .is_err());
    }

    #[test]
    fn a_ruling_refunds_its_share_and_releases_the_rest_less_the_fee_in_proportion() {
        let mut ledger = BookingLedger::default();
        ledger.pay(BookingState::Accepted, 60_000).unwrap();
        let moved = ledger
            .settle_dispute(BookingState::Completed, 15_000, 4_000)
            .unwrap();
        assert_eq!(moved.len(), 2);
        assert_eq!(ledger.refunded_minor(), 15_000);
        assert_eq!(ledger.balance(Account::PlatformRevenue), 3_000);
        assert_eq!(ledger.balance(Account::ChefPayable), 42_000);
        assert_eq!(ledger.balance(Account::Escrow), 0);
        assert!(ledger.settle_dispute(BookingState::Released, 1, 0).is_err());
    }

    #[test]
    fn an_appeal_refunds_more_from_the_chefs_share_or_the_platform_makes_the_chef_whole() {
        let mut ledger = BookingLedger::default();
        ledger.pay(BookingState::Accepted, 60_000).unwrap();
        ledger
            .settle_dispute(BookingState::Completed, 15_000, 6_000)
            .unwrap();
        let more = ledger
            .clone()
            .adjust_after_appeal(15_000, 30_000)
            .unwrap()
            .cloned();
        assert_eq!(more.map(|t| t.movement), Some(Movement::Refund));

        let mut overturned = ledger.clone();
        overturned.adjust_after_appeal(15_000, 0).unwrap();
        assert_eq!(overturned.balance(Account::ChefPayable), 40_500 + 15_000);
        assert_eq!(
            overturned.refunded_minor(),
            15_000,
            "a card refund is never taken back"
        );

        let mut everything_back = ledger.clone();
        everything_back.adjust_after_appeal(15_000, 60_000).unwrap();
        assert_eq!(
            everything_back.refunded_minor(),
            60_000,
            "the whole payment goes back"
        );
        assert_eq!(everything_back.balance(Account::ChefPayable), 0);
        assert_eq!(
            everything_back.balance(Account::PlatformRevenue),
            0,
            "the platform gives its fee back"
        );

        ledger.payout(40_500).unwrap();
        assert!(
            ledger.adjust_after_appeal(15_000, 30_000).is_err(),
            "nothing left of the chef's share to refund from"
        );
    }

    #[derive(Debug, Clone)]
    enum Step {
        Book,
        Pay(i64),
        Confirm,
        Complete,
        Cancel(bool, i64),
        Settle(i64),
        Dispute(i64, i64),
        Appeal(i64),
        Release(i64),
        Payout(i64),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            Just(Step::Book),
            (1i64..200_000).prop_map(Step::Pay),
            Just(Step::Confirm),
            Just(Step::Complete),
            (any::<bool>(), -2i64..60).prop_map(|(chef, days)| Step::Cancel(chef, days)),
            (0i64..300_000).prop_map(Step::Settle),
            (-1_000i64..300_000, 0i64..300_000)
                .prop_map(|(refund, fee)| Step::Dispute(refund, fee)),
            (-1_000i64..300_000).prop_map(Step::Appeal),
            (0i64..300_000).prop_map(Step::Release),
            (1i64..300_000).prop_map(Step::Payout),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        #[test]
        fn random_bookings_keep_every_transaction_balanced_and_never_refund_more_than_was_paid(
            steps in prop::collection::vec(step(), 1..30)
        ) {
            let mut state = BookingState::Requested;
            let mut ledger = BookingLedger::default();
            let mut ruled_refund = None;
            for step in steps {
                // Every step is tried; a refused one changes nothing.
                let before = ledger.clone();
                match step {
                    Step::Book => {
                        if let Ok(next) = state.after(BookingEvent::Accept, Party::Chef) { state = next; }
                    }
                    Step::Pay(total) => {
                        if ledger.pay(state, total).is_ok() { state = BookingState::Paid; }
                    }
                    Step::Confirm => {
                        if let Ok(next) = state.after(BookingEvent::Confirm, Party::Chef) { state = next; }
                    }
                    Step::Complete => {
                        if let Ok(next) = state.after(BookingEvent::Complete, Party::System) { state = next; }
                    }
                    Step::Cancel(by_chef, days) => {
                        let by = if by_chef { Party::Chef } else { Party::Customer };
                        if ledger.refund_on_cancel(state, by, days).is_ok() { state = BookingState::Cancelled; }
                    }
                    Step::Settle(fee) => { let _ = ledger.settle_cancelled(state, fee); }
                    Step::Dispute(refund, fee) => {
                        let refunded_before = ledger.refunded_minor();
                        if ledger.settle_dispute(state, refund, fee).is_ok() {
                            prop_assert_eq!(ledger.balance(Account::Escrow), 0, "a ruling leaves nothing held");
                            ruled_refund = Some(ledger.refunded_minor() - refunded_before);
                            state = BookingState::Released;
                        }
                    }
                    Step::Appeal(new_refund) => {
                        // One appeal, after a ruling.
                        if let Some(ruled) = ruled_refund.take() {
                            let _ = ledger.adjust_after_appeal(ruled, new_refund);
                        }
                    }
                    Step::Release(fee) => {
                        if ledger.release(state, fee).is_ok() { state = BookingState::Released; }
                    }
                    Step::Payout(amount) => { let _ = ledger.payout(amount); }
                }
                if ledger.transactions.len() == before.transactions.len() {
                    prop_assert_eq!(&ledger, &before);
                }
                prop_assert!(ledger.transactions.iter().all(Transaction::is_balanced));
                prop_assert!(ledger.refunded_minor() <= ledger.paid_minor());
                prop_assert!(ledger.balance(Account::Escrow) >= 0);
                prop_assert!(ledger.balance(Account::ChefPayable) >= 0);
                prop_assert_eq!(ledger.balances().values().sum::<i64>(), 0);
                if state == BookingState::Cancelled && ledger.transactions.last().is_some_and(|t| t.movement == Movement::Release) {
                    prop_assert_eq!(ledger.balance(Account::Escrow), 0, "a settled cancellation leaves nothing held");
                }
            }
        }
    }
}
