//! The focal firm's policies, one module per essay (and the retention desk). Each module
//! holds the policy's parameters, their defaults, the neutral setting that switches the
//! mechanism off, the checks on their ranges, and the per-customer rules the month loop
//! (`super::engine`) calls: what the policy does to one customer in one month.

pub mod adoption;
pub mod channel;
pub mod communication;
pub mod contract;
pub mod replies;
pub mod save_desk;

pub use adoption::{AdoptionMode, AdoptionPolicy, ForcedOutcome, PeerMixing};
pub use channel::{ChannelMode, ChannelPolicy};
pub use communication::{CommunicationPolicy, Outage};
pub use contract::{ContractPolicy, TermPlan};
pub use replies::{CrmMemory, ReplyMix, ReplyPolicy, ReplySpeed};
pub use save_desk::{DeskOutcome, SaveDeskPolicy};
