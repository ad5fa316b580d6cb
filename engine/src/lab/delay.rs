//! Delays drawn from a log-normal distribution, tabulated so that a draw is cheap: how
//! long a user takes to read a message, pick up a call, or give up.

use super::model::MAX_DELAY_S;

/// Knots of a tabulated delay distribution: quantiles at `(i + 0.5) / KNOTS`.
const KNOTS: usize = 1025;

/// A log-normal delay distribution, tabulated once so that a draw is one random number
/// and an interpolation (no logarithm, no exponential): `median_s · e^(spread · z)` with
/// `z` standard normal, in milliseconds, capped at [`MAX_DELAY_S`]. The table's middle
/// knot is the median exactly; a spread of 0 gives the median every time. Tails are cut
/// at about 3.3 σ, which no model here can tell apart.
#[derive(Clone, Debug)]
pub(crate) struct Delay {
    knots: Box<[u32]>,
}

impl Delay {
    /// The distribution with this median (seconds) and spread (σ of its logarithm).
    pub(crate) fn lognormal(median_s: f64, spread: f64) -> Delay {
        let knots = (0..KNOTS)
            .map(|i| {
                let p = (i as f64 + 0.5) / KNOTS as f64;
                let seconds = if spread == 0.0 {
                    median_s
                } else {
                    median_s * (spread * normal_quantile(p)).exp()
                };
                // `as` saturates and maps NaN to 0; validation keeps inputs finite.
                (seconds.clamp(0.0, MAX_DELAY_S) * 1000.0).round() as u32
            })
            .collect();
        Delay { knots }
    }

    /// One draw, in milliseconds.
    pub(crate) fn sample(&self, rng: &mut fastrand::Rng) -> u64 {
        const FRACTION_BITS: u32 = 22; // 32 bits: 10 pick the knot, 22 interpolate
        let u = rng.u32(..);
        let i = (u >> FRACTION_BITS) as usize;
        let fraction = u64::from(u & ((1 << FRACTION_BITS) - 1));
        match (self.knots.get(i), self.knots.get(i + 1)) {
            (Some(&a), Some(&b)) => {
                u64::from(a) + ((u64::from(b.saturating_sub(a)) * fraction) >> FRACTION_BITS)
            }
            (Some(&a), None) => u64::from(a),
            _ => 0,
        }
    }
}

/// The standard normal quantile function (Acklam's rational approximation, relative
/// error under 1.2e-9), for `p` in (0, 1). Exactly 0 at 0.5.
fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.02425;
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < P_LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantiles_are_right() {
        assert_eq!(normal_quantile(0.5), 0.0);
        assert!((normal_quantile(0.975) - 1.959_964).abs() < 1e-6);
        assert!((normal_quantile(0.001) + 3.090_232).abs() < 1e-6);
        assert!((normal_quantile(0.9) - 1.281_552).abs() < 1e-6);
    }

    #[test]
    fn lognormal_delays_have_the_asked_median_and_spread() {
        let mut rng = fastrand::Rng::with_seed(3);
        let delay = Delay::lognormal(20.0, 1.0);
        let mut draws: Vec<u64> = (0..40_001).map(|_| delay.sample(&mut rng)).collect();
        draws.sort_unstable();
        let at = |q: f64| draws[(q * 40_000.0) as usize] as f64 / 1000.0;
        assert!((at(0.5) - 20.0).abs() < 0.8, "median {}", at(0.5));
        // e^1.2816 = 3.60: the 90th percentile is 3.6 times the median.
        assert!((at(0.9) / 20.0 - 3.6).abs() < 0.2, "p90 {}", at(0.9));
        assert!((at(0.1) * 3.6 / 20.0 - 1.0).abs() < 0.06, "p10 {}", at(0.1));
        assert!(draws.iter().all(|&d| d <= 86_400_000));
        let fixed = Delay::lognormal(7.5, 0.0);
        assert!((0..100).all(|_| fixed.sample(&mut rng) == 7500));
        let huge = Delay::lognormal(86_400.0, 3.0);
        assert!((0..1000).all(|_| huge.sample(&mut rng) <= 86_400_000));
    }
}
