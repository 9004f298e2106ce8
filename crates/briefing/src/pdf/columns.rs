//! How the page's width is shared among a table's columns. Each column
//! first gets the least it needs so that no word of it is broken (its
//! heading's longest word, its cells' longest word up to a cap), so a
//! short column (a time, a name, "in force") never collapses to a
//! character a line however long another cell is; the rest of the width
//! goes to the columns whose text wants more, in proportion to how wide
//! that text would be on one line.

/// What one column's text asks for, in points, padding included.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Need {
    /// The width below which a word of the column would be broken: the
    /// heading's longest word and the cells' longest word, the latter at
    /// most a cap (a 36-character uid may be broken, a time may not).
    pub(super) least: f32,
    /// The width at which the column's widest line (heading or cell, up
    /// to its first line break) fits unwrapped; never below `least`.
    pub(super) natural: f32,
}

/// The columns' widths in points, summing to `width` (less a rounding
/// error, never more).
///
/// When every column's natural width fits, each is stretched in
/// proportion to it. Otherwise each column gets at least its `least`
/// (cut to an equal share of `width` when the leasts alone overflow, as
/// with dozens of columns) and at most its natural width (and the page),
/// in between a width in proportion to its natural width: a
/// 60,000-character rationale takes nearly all that is left, a sentence
/// beside an 80-character prompt about the same as the prompt.
pub(super) fn share(needs: &[Need], width: f32) -> Vec<f32> {
    if needs.is_empty() {
        return Vec::new();
    }
    let natural_sum: f32 = needs.iter().map(|need| need.natural).sum();
    if natural_sum <= width {
        return needs
            .iter()
            .map(|need| need.natural * width / natural_sum)
            .collect();
    }
    let equal = width / needs.len() as f32;
    let mut least: Vec<f32> = needs.iter().map(|need| need.least).collect();
    if least.iter().sum::<f32>() > width {
        for value in &mut least {
            *value = value.min(equal);
        }
    }
    let most: Vec<f32> = needs
        .iter()
        .zip(&least)
        .map(|(need, least)| need.natural.min(width).max(*least))
        .collect();
    let at = |scale: f32| -> Vec<f32> {
        needs
            .iter()
            .enumerate()
            .map(|(c, need)| (need.natural * scale).clamp(least[c], most[c]))
            .collect()
    };
    // The widths grow with `scale` from the leasts (which fit) to the
    // mosts (which do not, since the natural widths overflow): find the
    // largest scale that still fits.
    let (mut low, mut high) = (0.0_f32, 1.0_f32);
    for _ in 0..60 {
        let middle = (low + high) / 2.0;
        if at(middle).iter().sum::<f32>() <= width {
            low = middle;
        } else {
            high = middle;
        }
    }
    at(low)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(least: f32, natural: f32) -> Need {
        Need { least, natural }
    }

    #[test]
    fn every_column_gets_its_least_and_the_rest_goes_by_natural_width() {
        // (what the case is, the needs, the widths expected within 1 pt)
        let table: &[(&str, Vec<Need>, &[f32])] = &[
            ("nothing", vec![], &[]),
            (
                "fits: stretched in proportion",
                vec![need(10.0, 100.0), need(10.0, 50.0)],
                &[200.0, 100.0],
            ),
            (
                "a huge cell leaves the short columns their least",
                vec![
                    need(60.0, 90.0),
                    need(60.0, 400.0),
                    need(50.0, 300_000.0),
                    need(40.0, 50.0),
                ],
                &[60.0, 60.0, 140.0, 40.0],
            ),
            (
                "two long columns share alike",
                vec![need(20.0, 400.0), need(20.0, 400.0), need(30.0, 30.0)],
                &[135.0, 135.0, 30.0],
            ),
            (
                "leasts that overflow are cut to an equal share",
                vec![need(200.0, 900.0), need(200.0, 900.0), need(10.0, 10.0)],
                &[145.0, 145.0, 10.0],
            ),
        ];
        for (case, needs, expected) in table {
            let widths = share(needs, 300.0);
            assert_eq!(widths.len(), expected.len(), "{case}");
            for (got, want) in widths.iter().zip(*expected) {
                assert!(
                    (got - want).abs() < 1.0,
                    "{case}: {widths:?}, not {expected:?}"
                );
            }
            let sum: f32 = widths.iter().sum();
            assert!(sum <= 300.0 + 1e-3, "{case}: {sum} is wider than the page");
        }
    }
}
