//! Days from referral to screening, to the first panel discussion and to support.

use super::compute::Compute;
use super::facts::Referral;
use super::suppress::{self, Cell};
use super::Timing;

impl Compute<'_> {
    pub(super) fn timings(&self) -> Vec<Timing> {
        type Step = (&'static str, fn(&Referral) -> Option<chrono::NaiveDate>);
        let steps: [Step; 3] = [
            ("Referral to police screening", |r| r.screened_on),
            ("Referral to first panel discussion", |r| r.discussed_on),
            ("Referral to support starting", |r| r.support_on),
        ];
        steps
            .iter()
            .map(|(what, step)| {
                let mut days: Vec<u32> = self
                    .now
                    .iter()
                    .filter_map(|r| step(r).map(|d| (d - r.received_on).num_days().max(0) as u32))
                    .collect();
                days.sort_unstable();
                let n = days.len() as u32;
                let shown = self.exact || n >= self.threshold;
                let at = |p: f64| days[((p * n as f64).ceil() as usize).clamp(1, days.len()) - 1];
                Timing {
                    what: (*what).to_owned(),
                    referrals: Cell::new(
                        n,
                        if n > 0 && n < self.threshold {
                            suppress::Hidden::Small
                        } else {
                            suppress::Hidden::No
                        },
                        self.threshold,
                        self.exact,
                    ),
                    median_days: (shown && n > 0).then(|| median(&days)),
                    p90_days: (shown && n > 0).then(|| at(0.9)),
                }
            })
            .collect()
    }
}

fn median(sorted: &[u32]) -> u32 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]).div_ceil(2)
    }
}
