//! A set of a payer's open invoices summing exactly to a receipt: a depth-first search over
//! at most a few dozen invoices, oldest first, that stops after a fixed number of nodes. The
//! bound is per receipt and per payer, so matching stays linear in the statement's length.

/// The positions (increasing) of two or more `values` that add up to `target`, the first
/// found taking the oldest invoices (values are in age order); `None` when no such set is
/// found within `budget` nodes. Values are positive cents.
pub fn find(values: &[i64], target: i64, budget: usize) -> Option<Vec<usize>> {
    let mut suffix = vec![0i64; values.len() + 1];
    for i in (0..values.len()).rev() {
        suffix[i] = suffix[i + 1] + values[i].max(0);
    }
    let mut chosen = Vec::new();
    let mut nodes = 0;
    if dfs(values, &suffix, 0, target, &mut chosen, &mut nodes, budget) {
        Some(chosen)
    } else {
        None
    }
}

fn dfs(
    values: &[i64],
    suffix: &[i64],
    from: usize,
    left: i64,
    chosen: &mut Vec<usize>,
    nodes: &mut usize,
    budget: usize,
) -> bool {
    if left == 0 {
        return chosen.len() >= 2;
    }
    // What is left cannot be reached with what remains, or the search has used its budget.
    if left < 0 || suffix[from] < left || *nodes >= budget {
        return false;
    }
    for i in from..values.len() {
        *nodes += 1;
        if *nodes >= budget {
            return false;
        }
        if values[i] <= 0 || values[i] > left {
            continue;
        }
        chosen.push(i);
        if dfs(
            values,
            suffix,
            i + 1,
            left - values[i],
            chosen,
            nodes,
            budget,
        ) {
            return true;
        }
        chosen.pop();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::find;

    /// Every subset, by brute force: the oracle for small inputs.
    fn exists(values: &[i64], target: i64) -> bool {
        (0u32..1 << values.len()).any(|mask| {
            mask.count_ones() >= 2
                && (0..values.len())
                    .filter(|i| mask & (1 << i) != 0)
                    .map(|i| values[i])
                    .sum::<i64>()
                    == target
        })
    }

    #[test]
    fn finds_what_brute_force_finds() {
        let mut seed = 7u64;
        for _ in 0..300 {
            let n = (seed % 9) as usize;
            let values: Vec<i64> = (0..n)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 33) % 50 + 1) as i64 * 100
                })
                .collect();
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            let target = ((seed >> 33) % 150 + 1) as i64 * 100;
            let got = find(&values, target, 1_000_000);
            assert_eq!(
                got.is_some(),
                exists(&values, target),
                "{values:?} {target}"
            );
            if let Some(set) = got {
                assert!(set.len() >= 2);
                assert_eq!(set.iter().map(|&i| values[i]).sum::<i64>(), target);
            }
        }
    }

    #[test]
    fn oldest_first_and_bounded() {
        // 100 + 300 and 200 + 200 both make 400: the older pair (positions 0 and 2) wins.
        assert_eq!(find(&[100, 200, 300, 200], 400, 1000), Some(vec![0, 2]));
        // A single invoice is not a set.
        assert_eq!(find(&[400], 400, 1000), None);
        // Forty invoices of 2 cents and an odd target no set reaches: the budget stops the search.
        assert_eq!(find(&[2; 40], 41, 500), None);
    }
}
