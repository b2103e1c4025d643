//! Built-in scenarios: a neutral baseline, the default market, and an A/B pair for
//! each essay. Every pair changes one policy and keeps everything else equal.

use super::policy::{AdoptionMode, ChannelMode, ContractPolicy, Outage, ReplySpeed};
use super::scenario::Scenario;
use serde::Serialize;

/// The essay a preset illustrates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Essay {
    /// Not tied to one essay (baselines).
    None,
    /// 1. "If you force me to be your customer, you will never win me".
    ForcedService,
    /// 2. "The need to get close to the customer".
    CloseToCustomer,
    /// 3. "Clients: immediacy and memory".
    ImmediacyAndMemory,
    /// 4. "This is how real loyalty begins".
    RealLoyalty,
    /// 5. "Customer experience is dead: experience WITH the customer".
    ExperienceWithCustomer,
}

/// A built-in scenario or A/B pair.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Preset {
    pub id: &'static str,
    pub essay: Essay,
    pub title: &'static str,
    pub description: &'static str,
    /// One scenario for a baseline, two (A then B) for a comparison.
    pub scenarios: Vec<Scenario>,
}

fn named(mut s: Scenario, name: &str) -> Scenario {
    s.name = name.into();
    s
}

/// The market the pairs start from: the default market over 60 months, without its
/// scheduled storm, so that nothing but the policy compared happens at one moment
/// (the essay 5 pair adds its own storm). Rivals' existing contracts end at random
/// months, so their renewals do not pile up in one month either.
fn market() -> Scenario {
    let mut s = Scenario::default();
    s.communication.outages.clear();
    s
}

/// All built-in presets, in a fixed order.
pub fn presets() -> Vec<Preset> {
    let mut v = Vec::new();

    let mut sbg = Scenario::neutral();
    sbg.customers = 10_000;
    sbg.horizon_months = 12;
    v.push(Preset {
        id: "baseline",
        essay: Essay::None,
        title: "Neutral baseline: heterogeneous churn only",
        description: "One firm, one segment, every policy switched off. Each customer \
            keeps a personal churn probability drawn from a Beta distribution, so the \
            retention curve is the shifted-beta-geometric one fitted by Fader and \
            Hardie (2007): the customers most likely to leave go first, and the \
            survivors look ever more loyal. Read one period as one year here.",
        scenarios: vec![sbg],
    });

    v.push(Preset {
        id: "market",
        essay: Essay::None,
        title: "Default market: every mechanism on",
        description: "Our firm and two rivals share a market of two customer segments. \
            Replies follow the mix found in a large audit of firms, incidents happen, a \
            storm hits every firm in month 24, customers talk to their contacts, and an \
            optional new service spreads by choice.",
        // The default scenario itself, storm included: this example shows every
        // mechanism at once, and its texts promise the storm (the pairs below leave it
        // out, see `market`).
        scenarios: vec![Scenario::default()],
    });

    let a = named(market(), "Free exit");
    let mut b = named(market(), "24-month lock-in");
    b.contract = ContractPolicy::lock_in(24);
    v.push(Preset {
        id: "lock-in-vs-free-exit",
        essay: Essay::RealLoyalty,
        title: "Lock-in for 24 months vs free exit",
        description: "With a minimum term, customers who want to leave cannot: they \
            stay as captives, grow resentful, and leave together when the term ends \
            (or pay the penalty if they are unhappy enough). With free exit, unhappy \
            customers leave when they want, and those who stay forgive more.",
        scenarios: vec![a, b],
    });

    let mut a = named(market(), "Replies after 24 h or more");
    a.replies.speed = ReplySpeed::Day;
    let mut b = named(market(), "Immediate replies");
    b.replies.speed = ReplySpeed::Immediate;
    v.push(Preset {
        id: "slow-vs-immediate-replies",
        essay: Essay::ImmediacyAndMemory,
        title: "Replies after a day vs within the hour",
        description: "A prospect who asks and waits too long buys from whoever answers \
            first; a customer who waits loses goodwill. Answering within the hour costs \
            more per enquiry but wins the sales a slow firm hands to its rivals.",
        scenarios: vec![a, b],
    });

    let a = named(market(), "No customer memory");
    let mut b = named(market(), "CRM memory with proactive offers");
    b.replies.memory.enabled = true;
    v.push(Preset {
        id: "no-memory-vs-crm-memory",
        essay: Essay::ImmediacyAndMemory,
        title: "A firm without memory vs one that calls first",
        description: "Customers reconsider their provider periodically (about every \
            18 months, the essay's figure). A firm that remembers them calls with an \
            offer before they start shopping; one that does not waits to be called, \
            and every bad experience weighs more.",
        scenarios: vec![a, b],
    });

    let a = named(market(), "Opt-in service");
    let mut b = named(market(), "Forced migration in month 12");
    b.adoption.mode = AdoptionMode::Forced;
    v.push(Preset {
        id: "opt-in-vs-forced-service",
        essay: Essay::ForcedService,
        title: "A new service by choice vs by obligation",
        description: "Opt-in adoption spreads by the service's value and by what \
            customers see their peers do: slow, but adopters are glad. A forced \
            migration reaches everyone at once, but breeds antipathy, and some \
            customers refuse and leave.",
        scenarios: vec![a, b],
    });

    let mut a = named(market(), "Forced migration, no exceptions");
    a.adoption.mode = AdoptionMode::Forced;
    let mut b = named(market(), "Forced migration, old channel on request");
    b.adoption.mode = AdoptionMode::Forced;
    b.adoption.flexible_exception = true;
    v.push(Preset {
        id: "rigid-vs-flexible-forcing",
        essay: Essay::ForcedService,
        title: "Forcing without vs with a flexible exception",
        description: "The same forced migration, but customers who ask may keep the \
            old way, which costs the firm a little every month for each of them.",
        scenarios: vec![a, b],
    });

    let mut a = named(market(), "Through distributors");
    a.channel.mode = ChannelMode::Distributors;
    a.horizon_months = 120;
    let mut b = named(market(), "Direct relationship");
    b.horizon_months = 120;
    v.push(Preset {
        id: "distributors-vs-direct",
        essay: Essay::CloseToCustomer,
        title: "Selling through distributors vs a direct relationship",
        description: "A firm that hears its customers directly turns their complaints \
            and ideas into a better offer, month after month. Behind distributors the \
            signal arrives late and filtered; the distributors win customers for the \
            firm and keep part of the revenue.",
        scenarios: vec![a, b],
    });

    let storm = Outage {
        month: 24,
        severity: 0.35,
        share_affected: 0.8,
        all_firms: true,
    };
    let mut a = named(market(), "Reactive (waits for calls)");
    a.communication.outages = vec![storm.clone()];
    let mut b = named(market(), "Proactive (warns first)");
    b.communication.outages = vec![storm];
    b.communication.proactive = true;
    v.push(Preset {
        id: "reactive-vs-proactive",
        essay: Essay::ExperienceWithCustomer,
        title: "Silence vs proactive messages during an outage",
        description: "A storm cuts the service for most customers of every firm in \
            month 24. A firm that tells its customers what is happening (at every \
            incident, the storm included) softens the blow; one that waits for them to call meets them angry, late, and talking \
            to their friends, which reaches its reputation. The rivals stay silent; \
            rotation between the firms shows who absorbs whose unhappy customers.",
        scenarios: vec![a, b],
    });
    v
}

/// A preset by id.
pub fn preset(id: &str) -> Option<Preset> {
    presets().into_iter().find(|p| p.id == id)
}
