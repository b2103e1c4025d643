//! The contact network: fixed, sparse, undirected, stored as CSR (compressed sparse
//! rows: `offsets[i]..offsets[i + 1]` index customer i's contacts in `contacts`).
//!
//! Built like Watts & Strogatz (1998): each customer links to the next `mean_degree / 2`
//! customers on a ring (a fractional half-degree is met on average), and each link is
//! rewired to a random customer with probability `rewire`. Customer ids are not
//! ordered by segment or provider, so ring neighbours are a mix of both.
//! Generated from the seed alone, in two passes so no edge list is held in memory.

use super::rng::{Draws, Purpose};

pub(crate) struct Network {
    pub(crate) offsets: Vec<u32>,
    pub(crate) contacts: Vec<u32>,
}

impl Network {
    pub(crate) fn empty(n: usize) -> Self {
        Self {
            offsets: vec![0; n + 1],
            contacts: Vec::new(),
        }
    }

    #[inline(always)]
    pub(crate) fn of(&self, i: usize) -> &[u32] {
        &self.contacts[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// Contacts per customer on average (links counted at both ends).
    pub(crate) fn mean_degree(&self) -> f64 {
        let n = self.offsets.len().saturating_sub(1);
        if n == 0 {
            0.0
        } else {
            self.contacts.len() as f64 / n as f64
        }
    }

    pub(crate) fn bytes(&self) -> usize {
        (self.offsets.len() + self.contacts.len()) * 4
    }

    pub(crate) fn build(n: u32, mean_degree: f64, rewire: f64, draws: &Draws) -> Self {
        let nu = n as usize;
        if n < 2 || mean_degree <= 0.0 {
            return Self::empty(nu);
        }
        let half = (mean_degree / 2.0).min(f64::from(n - 1) / 2.0);
        let whole = half.floor() as u32;
        let frac = half - f64::from(whole);
        let links = |i: u32, emit: &mut dyn FnMut(u32, u32)| {
            let m =
                whole + u32::from(frac > 0.0 && draws.uniform(Purpose::Network, i, 0, 0) < frac);
            for j in 0..m {
                let mut t = ((u64::from(i) + u64::from(j) + 1) % u64::from(n)) as u32;
                if rewire > 0.0 && draws.uniform(Purpose::Network, i, 1, j) < rewire {
                    let b = draws.bits(Purpose::Network, i, 2, j);
                    t = (((b >> 32) * u64::from(n)) >> 32) as u32;
                }
                if t != i {
                    emit(i, t);
                }
            }
        };
        let mut degree = vec![0u32; nu + 1];
        for i in 0..n {
            links(i, &mut |a, b| {
                degree[a as usize] += 1;
                degree[b as usize] += 1;
            });
        }
        let mut offsets = vec![0u32; nu + 1];
        let mut total = 0u32;
        for i in 0..nu {
            offsets[i] = total;
            total += degree[i];
        }
        offsets[nu] = total;
        let mut fill = offsets.clone();
        let mut contacts = vec![0u32; total as usize];
        for i in 0..n {
            links(i, &mut |a, b| {
                contacts[fill[a as usize] as usize] = b;
                fill[a as usize] += 1;
                contacts[fill[b as usize] as usize] = a;
                fill[b as usize] += 1;
            });
        }
        Self { offsets, contacts }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_degree_is_met_and_links_are_symmetric() {
        let d = Draws::new(3);
        let net = Network::build(10_000, 7.0, 0.1, &d);
        let mean = net.contacts.len() as f64 / 10_000.0;
        assert!((mean - 7.0).abs() < 0.1, "{mean}");
        for i in 0..100 {
            for &j in net.of(i) {
                assert!(net.of(j as usize).contains(&(i as u32)));
            }
        }
    }
}
