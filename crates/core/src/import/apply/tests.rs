use super::name_key;

/// The definition `name_key` keeps, whatever its fast path.
fn reference(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[test]
fn name_keys_collapse_blanks_and_case_like_the_definition() {
    assert_eq!(name_key("  Dupont \t SARL\r\n"), "dupont sarl");
    assert_eq!(name_key("Société\u{a0}GÉNÉRALE"), "société générale");
    let alphabet = ['a', 'Z', ' ', '\t', '\u{b}', '\n', '&', '1', 'É', '\u{a0}'];
    let mut rng = crate::generator::Rng::new(0x4A3E);
    for _ in 0..5_000 {
        let len = rng.below(12) as usize;
        let name: String = (0..len)
            .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize])
            .collect();
        assert_eq!(name_key(&name), reference(&name), "{name:?}");
    }
}
