//! The focal firm's policies, one module per essay. Each module holds the policy's
//! parameters, their defaults, the neutral setting that switches the mechanism off, and
//! the checks on their ranges. The engine (`super::engine`) applies them to customers.

pub mod adoption;
pub mod channel;
pub mod communication;
pub mod contract;
pub mod replies;

pub use adoption::{AdoptionMode, AdoptionPolicy, PeerMixing};
pub use channel::{ChannelMode, ChannelPolicy};
pub use communication::{CommunicationPolicy, Outage};
pub use contract::ContractPolicy;
pub use replies::{CrmMemory, ReplyMix, ReplyPolicy, ReplySpeed};
