//! Order statistics and the modified z-score (Iglewicz and Hoaglin).

/// The modified z-score beyond which a figure is an outlier.
pub const OUTLIER_Z: f64 = 3.5;
/// The fewest figures over which outliers are looked for.
pub const MIN_UNITS: usize = 5;

/// The median of `values` (`None` when empty).
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// The median absolute deviation from the median.
pub fn mad(values: &[f64], median: f64) -> Option<f64> {
    let dev: Vec<f64> = values.iter().map(|x| (x - median).abs()).collect();
    self::median(&dev)
}

/// Modified z-scores `0.6745·(x − median)/MAD` of `values`, in their order;
/// `None` when fewer than `MIN_UNITS` values or MAD is 0.
pub fn modified_z(values: &[f64]) -> Option<Vec<f64>> {
    if values.len() < MIN_UNITS {
        return None;
    }
    let m = median(values)?;
    let d = mad(values, m)?;
    if d <= 0.0 {
        return None;
    }
    Some(values.iter().map(|x| 0.6745 * (x - m) / d).collect())
}

/// Rounded to two decimals, so that no binary-float noise shows (0.1 + 0.2
/// is 0.3, not 0.30000000000000004).
pub fn round2(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_odd_even_and_empty() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn modified_z_finds_the_far_figure_only() {
        let v = [80.0, 82.0, 81.0, 79.0, 83.0, 10.0];
        let z = modified_z(&v).unwrap();
        // median 80.5, MAD 1.5: 10 is 0.6745·(−70.5)/1.5 ≈ −31.7.
        assert!(z[5] < -OUTLIER_Z, "{z:?}");
        assert!(z[..5].iter().all(|x| x.abs() <= OUTLIER_Z), "{z:?}");
    }

    #[test]
    fn modified_z_needs_five_figures_and_spread() {
        assert!(modified_z(&[1.0, 2.0, 3.0, 100.0]).is_none());
        // MAD 0: more than half the figures equal.
        assert!(modified_z(&[5.0, 5.0, 5.0, 5.0, 90.0]).is_none());
    }

    #[test]
    fn rounding_removes_float_noise() {
        assert_eq!(round2(0.1 + 0.2), 0.3);
        assert_eq!(round2((86.97 + 81.41) / 2.0), 84.19);
        assert_eq!(round2(-0.001), 0.0);
    }
}
